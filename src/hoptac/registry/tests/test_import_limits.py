"""import_cooperatives refuses zip bombs and corrupt archives as file-level failures: exit 2, nothing written."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import call_command

from hoptac.registry.models import Cooperative

from .test_import import GOOD_ROWS, messy_xlsx, run_command


def _command(path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_cooperatives", str(path), "--json", stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def _zip_bomb(path, megabytes: int):
    """An .xlsx-named zip holding ``megabytes`` of zeros as its sheet, written in 1 MB chunks (fast, small)."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member,
    ):
        chunk = bytes(1024 * 1024)
        for _ in range(megabytes):
            member.write(chunk)
    return path


@pytest.mark.django_db
def test_a_zip_bomb_exits_2_and_writes_nothing(tmp_path):
    code, out, err = _command(_zip_bomb(tmp_path / "danh-sach.xlsx", 300))
    assert code == 2 and out == ""
    assert "khi giải nén lớn 300 MB, vượt giới hạn 256 MB" in err
    assert not Cooperative.objects.exists()


@pytest.mark.django_db
def test_a_corrupt_archive_exits_2_with_a_clear_message(tmp_path):
    whole = messy_xlsx(tmp_path / "day-du.xlsx", GOOD_ROWS).read_bytes()
    cut = tmp_path / "cat-doi.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])  # an upload or a copy cut in the middle
    code, out, err = _command(cut)
    assert code == 2 and out == ""
    assert "“cat-doi.xlsx”: tệp bị hỏng" in err
    assert not Cooperative.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_limit_comes_from_the_environment(tmp_path, monkeypatch):
    # A real list just over 1 MB unzipped: refused under HOPTAC_IMPORT_MAX_UNZIPPED_MB=1, read by default.
    rows = [
        [i, f"HTX Nông nghiệp số {i}", None, "Đắk Lắk", 9, None, None, "Nông nghiệp"] for i in range(8_000)
    ]
    path = messy_xlsx(tmp_path / "lon.xlsx", rows)
    monkeypatch.setenv("HOPTAC_IMPORT_MAX_UNZIPPED_MB", "1")
    refused = run_command(path, "--json", "--dry-run")
    assert refused.returncode == 2, refused.stderr
    assert "vượt giới hạn 1 MB" in refused.stderr
    monkeypatch.delenv("HOPTAC_IMPORT_MAX_UNZIPPED_MB")
    accepted = run_command(path, "--json", "--dry-run")
    assert accepted.returncode in (0, 1), accepted.stderr  # read: the rows are judged, not the file
