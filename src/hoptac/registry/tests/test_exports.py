"""The list's exports hold data, never formulas, and survive whatever old records carry (control characters)."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from hoptac.registry.exports import csv_cell
from hoptac.registry.models import Cooperative

from .factories import CooperativeFactory

pytestmark = pytest.mark.django_db

NAME, SHORT_NAME, ADDRESS, MEMBERS, CAPITAL, REPRESENTATIVE, PHONE, NOTES = 0, 1, 7, 9, 10, 11, 12, 16


@pytest.fixture
def hostile():
    """A record as old data or a careless paste can leave it: formula starts, control characters."""
    return CooperativeFactory(
        name='=HYPERLINK("http://example.invalid","Bấm vào đây")',
        short_name="+SUM(1;2)",
        address="\tTổ 5, xã Ea Kly",
        representative="@Nguyễn Văn Thử",
        phone="+84905123456",  # entered before phones were normalised to 0…
        notes="- Ghi chú\x01 cũ\x0bdòng hai\x1f",
        member_count=12,
        charter_capital=1_500_000_000,
    )


def _csv(client) -> list[list[str]]:
    response = client.get(reverse("registry:cooperative_export_csv"))
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def _xlsx(client) -> bytes:
    return b"".join(client.get(reverse("registry:cooperative_export_xlsx")).streaming_content)


def test_csv_export_neutralises_text_that_starts_like_a_formula(client_as, hostile):
    row = _csv(client_as("system_admin"))[1]
    assert row[NAME] == '\'=HYPERLINK("http://example.invalid","Bấm vào đây")'
    assert row[SHORT_NAME] == "'+SUM(1;2)"
    assert row[ADDRESS] == "'\tTổ 5, xã Ea Kly"
    assert row[REPRESENTATIVE] == "'@Nguyễn Văn Thử"
    assert row[PHONE] == "'+84905123456"
    assert row[NOTES] == "'- Ghi chú cũ\ndòng hai"  # control characters left out, vertical tab a line break
    assert (row[MEMBERS], row[CAPITAL]) == ("12", "1500000000")  # numbers are not text: never prefixed


def test_csv_cell_leaves_numbers_and_ordinary_text_alone():
    assert csv_cell(-5) == -5
    assert csv_cell("Hợp tác xã Ea Kly") == "Hợp tác xã Ea Kly"
    assert csv_cell("H'Hen Niê") == "H'Hen Niê"
    assert csv_cell("0905123456") == "0905123456"
    assert csv_cell("-3") == "'-3"  # text, even when it reads like a number
    assert csv_cell("\rx") == "'\rx"


def test_xlsx_export_writes_formula_like_text_as_text_and_drops_control_characters(client_as, hostile):
    data = _xlsx(client_as("system_admin"))  # openpyxl raised IllegalCharacterError on the notes before
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")  # not one formula in the sheet
    sheet = load_workbook(io.BytesIO(data)).active
    row = list(sheet[2])
    assert row[NAME].value == '=HYPERLINK("http://example.invalid","Bấm vào đây")'
    assert row[NAME].data_type == "s"
    assert row[SHORT_NAME].value == "+SUM(1;2)" and row[SHORT_NAME].data_type == "s"
    assert row[PHONE].value == "+84905123456"
    assert row[NOTES].value == "- Ghi chú cũ\ndòng hai"
    assert (row[MEMBERS].value, row[CAPITAL].value) == (12, 1_500_000_000)  # numbers stay numbers


def test_text_that_reads_like_an_error_value_stays_text_in_the_xlsx(client_as):
    CooperativeFactory(notes="#N/A")
    cell = load_workbook(io.BytesIO(_xlsx(client_as("system_admin")))).active.cell(row=2, column=NOTES + 1)
    assert (cell.value, cell.data_type) == ("#N/A", "s")


def _import(path) -> tuple[int, dict]:
    out = io.StringIO()
    try:
        call_command("import_cooperatives", str(path), "--json", stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(out.getvalue())


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_formula_like_text_exports_and_imports_back_unchanged(client_as, tmp_path, extension):
    CooperativeFactory(
        name="Hợp tác xã Cà phê Ea Tu",
        tax_code="6000000018",
        short_name="-HTX Ea Tu-",
        representative="@Y Bih Niê",
        notes="- Đã được hỗ trợ chuỗi liên kết.\n- Đang làm hồ sơ OCOP.",
        phone="0905123456",
    )
    client = client_as("system_admin")
    path = tmp_path / f"xuat.{extension}"
    if extension == "csv":
        path.write_bytes(b"".join(client.get(reverse("registry:cooperative_export_csv")).streaming_content))
        assert "'-HTX Ea Tu-" in path.read_text(encoding="utf-8-sig")
    else:
        path.write_bytes(_xlsx(client))
    code, payload = _import(path)
    assert code == 0, payload
    assert (payload["new"], payload["updated"], payload["unchanged"]) == (0, 0, 1), payload
    cooperative = Cooperative.objects.get()
    assert (cooperative.short_name, cooperative.representative) == ("-HTX Ea Tu-", "@Y Bih Niê")
