"""Attachments: type checked by content and extension together, size capped, stored outside the web root,
served only to those who may see the request (internal files only to the staff side)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hoptac.core.errors import DomainError

from .. import attachments
from ..choices import State
from ..models import Attachment
from .builders import make_request

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def _office(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<x/>")
    return buffer.getvalue()


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/octet-stream")


@pytest.fixture
def req(make_persona):
    return make_request(created_by=make_persona("cooperative_rep"))


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("bien-ban.pdf", PDF, "application/pdf"),
        ("anh.JPG", JPEG, "image/jpeg"),
        ("anh.jpeg", JPEG, "image/jpeg"),
        ("so-do.png", PNG, "image/png"),
        ("ho-so.docx", _office("word/document.xml"), attachments.DOCX.content_type),
        ("so-lieu.xlsx", _office("xl/workbook.xml"), attachments.XLSX.content_type),
        ("cu.doc", OLE, "application/msword"),
        ("cu.xls", OLE, "application/vnd.ms-excel"),
        ("ghi-chu.txt", "Nước thải chăn nuôi\n".encode(), "text/plain; charset=utf-8"),
    ],
)
def test_accepted_kinds_are_stored_outside_the_web_root(make_persona, req, name, content, content_type):
    added = attachments.add_attachment(
        actor=make_persona("cooperative_rep"), request=req, uploaded=_upload(name, content)
    )
    assert added.content_type == content_type and added.size == len(content)
    assert added.stored_file.startswith("support/") and added.stored_file.endswith(Path(name).suffix.lower())
    stored = Path(settings.MEDIA_ROOT) / added.stored_file
    assert stored.read_bytes() == content
    assert not str(stored).startswith(str(settings.STATIC_ROOT))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", EXE, "không đúng với đuôi"),  # an executable renamed .pdf
        ("virus.exe", EXE, "Chỉ nhận tệp"),
        ("anh.pdf", PNG, "không đúng với đuôi"),  # a real PNG with the wrong extension
        ("ho-so.docx", _office("xl/workbook.xml"), "không đúng với đuôi"),  # a workbook named .docx
        ("ho-so.docx", b"PK\x03\x04 not really a zip", "không đúng với đuôi"),
        ("nen.zip", _office("word/document.xml"), "Chỉ nhận tệp"),
        ("ghi-chu.txt", "tiếng Việt".encode("cp1258", errors="replace") + b"\x00\x01", "không đúng với đuôi"),
        ("trang.html", b"<script>alert(1)</script>", "Chỉ nhận tệp"),
        ("khong-duoi", PDF, "Chỉ nhận tệp"),
        ("rong.pdf", b"", "Tệp rỗng"),
    ],
)
def test_refused_files(make_persona, req, name, content, message):
    with pytest.raises(ValidationError) as refused:
        attachments.add_attachment(
            actor=make_persona("cooperative_rep"), request=req, uploaded=_upload(name, content)
        )
    assert message in " ".join(refused.value.message_dict["file"])
    assert not Attachment.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "support").exists() or not any(
        (Path(settings.MEDIA_ROOT) / "support").iterdir()
    )


def test_too_big_is_refused_before_reading(make_persona, req, monkeypatch):
    monkeypatch.setattr(attachments, "MAX_ATTACHMENT_BYTES", 1024)
    big = _upload("lon.pdf", PDF + b"0" * 2048)
    with pytest.raises(ValidationError) as refused:
        attachments.add_attachment(actor=make_persona("cooperative_rep"), request=req, uploaded=big)
    assert "Tệp vượt quá 20 MB." in refused.value.message_dict["file"]


def test_twenty_megabytes_is_the_limit(make_persona, req):
    upload = _upload("lon.pdf", PDF)
    upload.size = attachments.MAX_ATTACHMENT_BYTES + 1
    with pytest.raises(ValidationError):
        attachments.check_file(upload)
    assert attachments.MAX_ATTACHMENT_BYTES == 20 * 1024 * 1024


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\lan\\Biên bản.pdf", "Biên bản.pdf"),
        ('bao"cao<1>.PDF', "bao cao 1.pdf"),
        ("\x00\x1f.pdf", "tep-dinh-kem.pdf"),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
    ],
)
def test_filenames_are_sanitized(typed, kept):
    assert attachments.sanitize_filename(typed, ".pdf") == kept


def test_representative_cannot_mark_a_file_internal(make_persona, req):
    with pytest.raises(DomainError):
        attachments.add_attachment(
            actor=make_persona("cooperative_rep"), request=req, uploaded=_upload("a.pdf", PDF), internal=True
        )


def test_another_provinces_coordinator_cannot_attach(make_persona, req):
    with pytest.raises(DomainError):
        attachments.add_attachment(
            actor=make_persona("coordinator_camau"), request=req, uploaded=_upload("a.pdf", PDF)
        )


def test_no_files_on_a_closed_request(make_persona):
    closed = make_request(
        created_by=make_persona("cooperative_rep"),
        state=State.CLOSED,
        assignee=make_persona("institute_expert"),
    )
    with pytest.raises(DomainError):
        attachments.add_attachment(
            actor=make_persona("cooperative_rep"), request=closed, uploaded=_upload("a.pdf", PDF)
        )


# ------------------------------------------------------------------------------------------------ through the pages


def test_upload_and_download_through_the_page(client_as, req):
    client = client_as("cooperative_rep")
    response = client.post(
        reverse("support:attachment_upload", args=[req.pk]), {"file": _upload("Biên bản khảo sát.pdf", PDF)}
    )
    assert response.status_code == 302
    added = Attachment.objects.get()
    page = client.get(reverse("support:request_detail", args=[req.pk])).content.decode()
    assert "Biên bản khảo sát.pdf" in page
    download = client.get(reverse("support:attachment_download", args=[req.pk, added.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF


def test_wrong_content_shows_the_message_on_the_page(client_as, req):
    response = client_as("cooperative_rep").post(
        reverse("support:attachment_upload", args=[req.pk]), {"file": _upload("hoa-don.pdf", EXE)}
    )
    assert response.status_code == 200
    assert "không đúng với đuôi “.pdf”" in response.content.decode()
    assert not Attachment.objects.exists()


def test_other_peoples_request_files_answer_404(client_as, make_persona, req):
    added = attachments.add_attachment(
        actor=make_persona("cooperative_rep"), request=req, uploaded=_upload("a.pdf", PDF)
    )
    other = client_as("coordinator_camau")
    assert other.get(reverse("support:attachment_download", args=[req.pk, added.pk])).status_code == 404
    assert (
        other.post(
            reverse("support:attachment_upload", args=[req.pk]), {"file": _upload("b.pdf", PDF)}
        ).status_code
        == 404
    )
    # A file id under another request's URL is not found either.
    mine = make_request(created_by=make_persona("cooperative_rep"), title="Khác")
    assert (
        client_as("cooperative_rep")
        .get(reverse("support:attachment_download", args=[mine.pk, added.pk]))
        .status_code
        == 404
    )


def test_internal_files_are_hidden_from_the_cooperative(client_as, make_persona, req):
    client_as("coordinator_daklak").post(
        reverse("support:attachment_upload", args=[req.pk]),
        {"file": _upload("danh-gia-noi-bo.pdf", PDF), "internal": "on"},
    )
    internal = Attachment.objects.get()
    assert internal.internal is True
    rep = client_as("cooperative_rep")
    page = rep.get(reverse("support:request_detail", args=[req.pk])).content.decode()
    assert "danh-gia-noi-bo.pdf" not in page
    assert rep.get(reverse("support:attachment_download", args=[req.pk, internal.pk])).status_code == 404
    staff_page = (
        client_as("institute_leader").get(reverse("support:request_detail", args=[req.pk])).content.decode()
    )
    assert "danh-gia-noi-bo.pdf" in staff_page


def test_the_representatives_upload_form_has_no_internal_box(client_as, req):
    page = client_as("cooperative_rep").get(reverse("support:request_detail", args=[req.pk])).content.decode()
    assert 'id="file-internal"' not in page
    client_as("cooperative_rep").post(
        reverse("support:attachment_upload", args=[req.pk]), {"file": _upload("a.pdf", PDF), "internal": "on"}
    )
    assert Attachment.objects.get().internal is False


@pytest.mark.django_db
def test_housekeeping_removes_files_no_attachment_names_after_a_day(settings, tmp_path, make_persona):
    import datetime
    import os

    from django.utils import timezone

    from hoptac.support.attachments import remove_orphan_files
    from hoptac.support.models import Attachment

    settings.MEDIA_ROOT = str(tmp_path)
    folder = tmp_path / "support"
    folder.mkdir()
    old = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    for name in ("kept.pdf", "orphan.pdf", "fresh-orphan.pdf"):
        (folder / name).write_bytes(b"%PDF-1.4\n")
    for name in ("kept.pdf", "orphan.pdf"):
        os.utime(folder / name, (old, old))
    rep = make_persona("cooperative_rep")
    req = make_request(created_by=rep, state=State.SUBMITTED)
    Attachment.objects.create(
        request=req, uploaded_by=rep, filename="ho-so.pdf", stored_file="support/kept.pdf",
        content_type="application/pdf", size=9,
    )  # fmt: skip
    assert remove_orphan_files() == 1
    assert sorted(p.name for p in folder.iterdir()) == ["fresh-orphan.pdf", "kept.pdf"]
