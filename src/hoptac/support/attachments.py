"""Files attached to a support request: checked by content, stored outside the web root, served by a view.

A file is accepted only when its bytes are one of the kinds below *and* its extension names that same kind: an
executable renamed ``.pdf`` or a PNG named ``.docx`` is refused. Files go to ``MEDIA_ROOT/support/<uuid><ext>``
(never under STATIC_ROOT nor served by the web server); the download view checks who may see the request.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import acting_as
from hoptac.core.errors import DomainError
from hoptac.core.permissions import VIEW, restrict

from . import rules
from .choices import FINAL_STATES
from .models import Attachment, SupportRequest
from .workflow import NOT_ALLOWED, READ_ONLY

MAX_ATTACHMENT_MB = 20
MAX_ATTACHMENT_BYTES = MAX_ATTACHMENT_MB * 1024 * 1024
MAX_FILES_PER_REQUEST = 30
FOLDER = "support"


@dataclass(frozen=True)
class FileKind:
    code: str
    extensions: tuple[str, ...]
    content_type: str


PDF = FileKind("pdf", (".pdf",), "application/pdf")
JPEG = FileKind("jpeg", (".jpg", ".jpeg"), "image/jpeg")
PNG = FileKind("png", (".png",), "image/png")
DOCX = FileKind("docx", (".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileKind("xlsx", (".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
# Word 97–2003 and Excel 97–2003 share one container (OLE2); which of the two it holds is not worth parsing.
OLE = FileKind("ole", (".doc", ".xls"), "application/octet-stream")
TEXT = FileKind("text", (".txt",), "text/plain; charset=utf-8")
KINDS = (PDF, JPEG, PNG, DOCX, XLSX, OLE, TEXT)
ALLOWED_EXTENSIONS = tuple(ext for kind in KINDS for ext in kind.extensions)
OLE_CONTENT_TYPES = {".doc": "application/msword", ".xls": "application/vnd.ms-excel"}

TOO_BIG = _("Tệp vượt quá %(mb)s MB.")
EMPTY = _("Tệp rỗng.")
WRONG_EXTENSION = _(
    "Chỉ nhận tệp PDF, ảnh JPEG/PNG, Word (.doc, .docx), Excel (.xls, .xlsx) hoặc văn bản .txt."
)
WRONG_CONTENT = _("Nội dung tệp không đúng với đuôi “%(ext)s” (tệp có thể đã bị đổi tên hoặc hỏng).")
INTERNAL_NOT_ALLOWED = _("Chỉ cán bộ tỉnh và Viện được đính kèm tệp nội bộ.")
CLOSED = _("Yêu cầu đã kết thúc nên không thể đính kèm thêm tệp.")

_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def sanitize_filename(name: str, extension: str) -> str:
    """The name shown and offered on download: no folders, no control or reserved characters, ≤ 255 chars."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = _UNSAFE.sub(" ", name)
    name = re.sub(r"\s+", " ", name).strip()
    stem = name[: -len(extension)] if name.lower().endswith(extension) else Path(name).stem
    stem = stem.strip(" .")[: 255 - len(extension)] or "tep-dinh-kem"
    return f"{stem}{extension}"


def _zip_kind(head_file) -> FileKind | None:
    """A Word or Excel (Office Open XML) package: a zip holding [Content_Types].xml and the main part."""
    try:
        with zipfile.ZipFile(head_file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _is_utf8_text(uploaded) -> bool:
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    # Text, not a binary file that happens to decode: no control characters besides tab and line breaks.
    return not any(ord(ch) < 32 and ch not in "\t\r\n\f" for ch in text)


def sniff(uploaded) -> FileKind | None:
    """The kind of file the bytes are (not what the name says), or None."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(uploaded)
        uploaded.seek(0)
        return kind
    if _is_utf8_text(uploaded):
        return TEXT
    return None


def check_file(uploaded) -> tuple[str, str]:
    """(extension, content type) of an acceptable file; ValidationError on the ``file`` field otherwise."""
    size = uploaded.size or 0
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": [TOO_BIG % {"mb": MAX_ATTACHMENT_MB}]})
    if size == 0:
        raise ValidationError({"file": [EMPTY]})
    extension = Path(uploaded.name or "").suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError({"file": [WRONG_EXTENSION]})
    kind = sniff(uploaded)
    if kind is None or extension not in kind.extensions:
        raise ValidationError({"file": [WRONG_CONTENT % {"ext": extension}]})
    content_type = OLE_CONTENT_TYPES[extension] if kind is OLE else kind.content_type
    return extension, content_type


def storage_path(attachment: Attachment) -> Path:
    return Path(settings.MEDIA_ROOT) / attachment.stored_file


def add_attachment(*, actor, request: SupportRequest, uploaded, internal: bool = False) -> Attachment:
    """Attach ``uploaded`` to ``request``. Whoever sees an open request may add files; only the staff side may
    mark a file internal (the cooperative never sees it)."""
    if not restrict(SupportRequest.objects.filter(pk=request.pk), actor, VIEW).exists():
        raise DomainError(NOT_ALLOWED, code="forbidden")
    if not rules.may_write(actor, request):
        raise DomainError(READ_ONLY, code="forbidden")
    if internal and not rules.is_staff_side(actor, request):
        raise DomainError(INTERNAL_NOT_ALLOWED, code="forbidden")
    if request.state in FINAL_STATES:
        raise DomainError(CLOSED, code="state")
    if Attachment.objects.filter(request=request).count() >= MAX_FILES_PER_REQUEST:
        raise ValidationError(
            {
                "file": [
                    _("Mỗi yêu cầu có tối đa %(n)s tệp; hãy gộp tài liệu lại.") % {"n": MAX_FILES_PER_REQUEST}
                ]
            }
        )
    extension, content_type = check_file(uploaded)
    stored = f"{FOLDER}/{uuid.uuid4().hex}{extension}"
    target = Path(settings.MEDIA_ROOT) / stored
    target.parent.mkdir(parents=True, exist_ok=True)
    uploaded.seek(0)
    with open(target, "xb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    try:
        with transaction.atomic(), acting_as(actor):
            return Attachment.objects.create(
                request=request,
                uploaded_by=actor,
                filename=sanitize_filename(uploaded.name, extension),
                stored_file=stored,
                content_type=content_type,
                size=uploaded.size,
                internal=internal,
            )
    except BaseException:
        target.unlink(missing_ok=True)  # no orphan file when the row is not written
        raise


def remove_orphan_files(now=None, *, grace=None) -> int:
    """Files under MEDIA_ROOT/support that no attachment row names, older than ``grace`` (a day): left when a
    process died between writing a file and committing its row. The hourly housekeeping calls this."""
    import datetime

    from django.utils import timezone

    now = now or timezone.now()
    grace = grace or datetime.timedelta(days=1)
    folder = Path(settings.MEDIA_ROOT) / FOLDER
    if not folder.is_dir():
        return 0
    cutoff = (now - grace).timestamp()
    candidates = {
        f"{FOLDER}/{path.name}": path
        for path in folder.iterdir()
        if path.is_file() and path.stat().st_mtime < cutoff
    }
    removed = 0
    names = sorted(candidates)
    for start in range(0, len(names), 1000):
        batch = names[start : start + 1000]
        kept = set(Attachment.objects.filter(stored_file__in=batch).values_list("stored_file", flat=True))
        for name in batch:
            if name not in kept:
                candidates[name].unlink(missing_ok=True)
                removed += 1
    return removed
