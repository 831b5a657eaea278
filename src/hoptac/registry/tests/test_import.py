"""Importing cooperatives: the command's contract, every bad-input class, idempotence, scope, the web flow."""

from __future__ import annotations

import io
import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from hoptac.core.audit import event_model_for
from hoptac.core.testing.db import current_database_url
from hoptac.registry.models import Cooperative

from .factories import CooperativeFactory

HOPTAC = Path(__file__).resolve().parents[4] / ".venv" / "bin" / "hoptac"


def messy_xlsx(path: Path, rows: list[list], *, header=None, title=True) -> Path:
    """A spreadsheet as people make them: a merged title above, the header on row 3, numbers as numbers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    if title:
        sheet["A1"] = "DANH SÁCH HỢP TÁC XÃ TRÊN ĐỊA BÀN TỈNH (tính đến 31/12/2024)"
        sheet.merge_cells("A1:H1")
    sheet.append([])
    sheet.append(
        header or ["STT", "Tên HTX", "MST", "Tỉnh/TP", "Số TV", "Vốn điều lệ", "Ngày đăng ký", "Lĩnh vực"]
    )
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


GOOD_ROWS = [
    [
        1,
        "HTX Nông nghiệp Dịch vụ Ea Kly",
        6000000018,
        "Đắk Lắk",
        42,
        "1.500.000.000",
        date(2019, 3, 15),
        "Nông nghiệp",
    ],
    [
        2,
        "HTX Tôm sinh thái Năm Căn",
        9600000015,
        "Cà Mau",
        30,
        800000000,
        43831,
        "Thủy sản",
    ],  # Excel serial date
    [
        3,
        "HTX Dược liệu Phú Yên",
        100233488,
        "tinh Phu Yen",
        12,
        None,
        "01/02/2020",
        "Nông nghiệp; Lâm nghiệp",
    ],
]


def run_command(*args, env_db=True):
    return subprocess.run(
        [str(HOPTAC), "import_cooperatives", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "DATABASE_URL": current_database_url()},
    )


@pytest.mark.django_db(transaction=True)
def test_command_json_contract_and_exit_codes(tmp_path):
    path = messy_xlsx(
        tmp_path / "htx.xlsx", [*GOOD_ROWS, [4, "HTX Sai mã", 100233480, "Đắk Lắk", 9, None, None, None]]
    )
    result = run_command(path, "--json", "--dry-run")
    assert result.returncode == 1, result.stderr
    payload = json.loads(result.stdout)  # exactly one JSON object
    assert set(payload) == {"new", "updated", "unchanged", "invalid", "problems"}
    assert (payload["new"], payload["updated"], payload["unchanged"], payload["invalid"]) == (3, 0, 0, 1)
    by_row = {(p["row"], p["column"], p["level"]): p for p in payload["problems"]}
    error = by_row[(7, "MST", "error")]  # title row 1, blank row 2, header row 3, data from row 4
    assert error["value"] == "100233480"  # as a person sees it, not 100233480.0
    assert by_row[(6, "MST", "warning")]["value"] == "100233488"  # lost leading zero, repaired
    assert by_row[(6, "Tỉnh/TP", "warning")]["message"].startswith("“tinh Phu Yen” là tên tỉnh cũ")
    assert Cooperative.objects.count() == 0  # dry run wrote nothing

    committed = run_command(path, "--json")
    assert committed.returncode == 1  # a row was rejected, the valid ones are in
    assert Cooperative.objects.count() == 3
    ea_kly = Cooperative.objects.get(tax_code="6000000018")
    assert ea_kly.charter_capital == 1_500_000_000 and ea_kly.registration_date == date(2019, 3, 15)
    assert Cooperative.objects.get(tax_code="9600000015").registration_date == date(2020, 1, 1)
    phu_yen = Cooperative.objects.get(tax_code="0100233488")
    assert phu_yen.province.code == "66" and phu_yen.sectors == ["agriculture", "forestry"]

    clean = messy_xlsx(tmp_path / "sach.xlsx", GOOD_ROWS)
    again = run_command(clean, "--json")
    assert again.returncode == 0
    assert json.loads(again.stdout)["unchanged"] == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("make", "args", "needle"),
    [
        (lambda p: p.write_bytes(b"day khong phai bang tinh"), [], "Không đọc được"),
        (lambda p: p.write_bytes(b""), [], "không có dữ liệu"),
        (lambda p: messy_xlsx(p, GOOD_ROWS, header=["Cột A", "Cột B", "Cột C"]), [], "dòng tiêu đề"),
        (lambda p: messy_xlsx(p, GOOD_ROWS, header=["STT", "Tên HTX", "MST", "Số TV"]), [], "Tỉnh/thành phố"),
        (lambda p: messy_xlsx(p, GOOD_ROWS), ["--sheet", "Không có"], "Không có"),
        (lambda p: messy_xlsx(p, GOOD_ROWS), ["--province", "99"], "99"),
        (lambda p: messy_xlsx(p, GOOD_ROWS), ["--actor", "ai.do@example.vn"], "ai.do@example.vn"),
    ],
    ids=[
        "unreadable",
        "empty",
        "no-header",
        "missing-column",
        "unknown-sheet",
        "bad-province",
        "unknown-actor",
    ],
)
def test_file_level_failures_exit_2_write_nothing_and_say_why(tmp_path, make, args, needle):
    path = tmp_path / "tep.xlsx"
    make(path)
    result = run_command(path, "--json", *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    assert needle.lower() in result.stderr.lower()
    assert Cooperative.objects.count() == 0


@pytest.mark.django_db
def test_province_scope_rejects_rows_of_other_provinces(tmp_path):
    path = messy_xlsx(tmp_path / "htx.xlsx", GOOD_ROWS)
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import_cooperatives", str(path), "--json", "--province", "96", stdout=out)
    assert exit_.value.code == 1
    payload = json.loads(out.getvalue())
    assert (payload["new"], payload["invalid"]) == (1, 2)
    assert list(Cooperative.objects.values_list("province__code", flat=True)) == ["96"]


def _import(path, *args):
    out = io.StringIO()
    try:
        call_command("import_cooperatives", str(path), "--json", *args, stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(out.getvalue()) if out.getvalue() else None


@pytest.mark.django_db
def test_importing_twice_changes_nothing_and_records_no_history(tmp_path):
    path = messy_xlsx(tmp_path / "htx.xlsx", GOOD_ROWS)
    assert _import(path)[0] == 0
    events = event_model_for(Cooperative).objects.count()
    versions = sorted(Cooperative.objects.values_list("version", flat=True))
    code, payload = _import(path)
    assert code == 0 and (payload["new"], payload["updated"], payload["unchanged"]) == (0, 0, 3)
    assert event_model_for(Cooperative).objects.count() == events
    assert sorted(Cooperative.objects.values_list("version", flat=True)) == versions


@pytest.mark.django_db
def test_an_empty_cell_keeps_the_existing_value_and_a_new_value_updates(tmp_path):
    CooperativeFactory(
        tax_code="6000000018", name="HTX Nông nghiệp Dịch vụ Ea Kly", member_count=20, charter_capital=5
    )
    path = messy_xlsx(
        tmp_path / "htx.xlsx",
        [[1, "HTX Nông nghiệp Dịch vụ Ea Kly", 6000000018, "Đắk Lắk", 55, None, None, None]],
    )
    code, payload = _import(path)
    assert code == 0 and payload["updated"] == 1
    cooperative = Cooperative.objects.get(tax_code="6000000018")
    assert (cooperative.member_count, cooperative.charter_capital, cooperative.version) == (55, 5, 2)


@pytest.mark.django_db
def test_every_copy_of_a_repeated_tax_code_is_an_error(tmp_path):
    rows = [GOOD_ROWS[0], [9, "HTX Khác", "600-000-0018", "Đắk Lắk", 10, None, None, None], GOOD_ROWS[1]]
    code, payload = _import(messy_xlsx(tmp_path / "htx.xlsx", rows))
    assert code == 1 and payload["invalid"] == 2 and payload["new"] == 1
    assert sorted(p["row"] for p in payload["problems"] if p["level"] == "error") == [4, 5]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "column", "needle"),
    [
        ([1, "HTX A", 6000000018, "Đắk Lắk", "nhiều", None, None, None], "Số TV", "số"),
        ([1, "HTX A", 6000000018, "Đắk Lắk", 3, None, None, None], "Số TV", "ít nhất 5"),
        ([1, "HTX A", 6000000018, "Xứ Sở Thần Tiên", 9, None, None, None], "Tỉnh/TP", "Không tìm thấy"),
        ([1, "HTX A", 6000000018, "Đắk Lắk", 9, None, "31/02/2020", None], "Ngày đăng ký", "không có thật"),
        ([1, "HTX A", None, "Đắk Lắk", 9, None, None, None], "MST", "phải có mã số thuế"),
        ([1, "x" * 300, 6000000018, "Đắk Lắk", 9, None, None, None], "Tên HTX", "255"),
        ([1, "HTX A", 6000000018, "Đắk Lắk", 9, "-5", None, None], "Vốn điều lệ", "0"),
        ([1, "HTX A", 6000000018, "Đắk Lắk", 9, None, None, "Trồng nấm"], "Lĩnh vực", "Trồng nấm"),
        ([1, None, 6000000018, "Đắk Lắk", 9, None, None, None], "Tên HTX", "không được để trống"),
    ],
    ids=["not-a-number", "too-few-members", "unknown-province", "impossible-date", "missing-tax-code", "too-long",
         "negative-capital", "unknown-sector", "missing-name"],
)  # fmt: skip
def test_bad_cells_are_reported_with_row_column_value_and_message(tmp_path, row, column, needle):
    code, payload = _import(messy_xlsx(tmp_path / "htx.xlsx", [row]))
    assert code == 1 and payload["invalid"] == 1
    errors = [p for p in payload["problems"] if p["level"] == "error"]
    assert errors and errors[0]["row"] == 4 and errors[0]["column"] == column
    assert needle.lower() in errors[0]["message"].lower(), errors[0]
    assert not Cooperative.objects.exists()


@pytest.mark.django_db
def test_csv_in_windows_1258_with_english_headers_and_a_cooperative_group(tmp_path):
    text = "Name,Tax code,Province,Members,Type\nTổ hợp tác Dệt thổ cẩm Buôn Đôn,,Đắk Lắk,7,Tổ hợp tác\n"
    path = tmp_path / "htx.csv"
    from hoptac.imports.tests.helpers import cp1258

    path.write_bytes(cp1258(text))
    code, payload = _import(path)
    assert code == 0 and payload["new"] == 1
    group = Cooperative.objects.get()
    assert group.legal_form == "group" and group.tax_code is None
    assert _import(path)[1]["unchanged"] == 1  # a group is keyed by its name and province


@pytest.mark.django_db
def test_an_excel_97_2003_xls_file_with_a_title_row_numbers_and_dates(tmp_path):
    """A real .xls (BIFF8, written by xlwt): title row above the header, tax codes as numbers that lost their
    leading zero, an Excel date, Vietnamese text."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("Danh sách HTX")
    sheet.write(0, 0, "DANH SÁCH HỢP TÁC XÃ NĂM 2024")
    for column, header in enumerate(["STT", "Tên HTX", "MST", "Tỉnh/TP", "Số TV", "Ngày đăng ký"]):
        sheet.write(2, column, header)
    dates = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    rows = [
        [1, "HTX Nông nghiệp Dịch vụ Ea Kly", 6000000018, "Đắk Lắk", 42, date(2019, 3, 15)],
        [2, "HTX Dược liệu Phú Yên", 100233488, "tỉnh Phú Yên", 12, date(2020, 2, 1)],
    ]
    for offset, row in enumerate(rows):
        for column, value in enumerate(row):
            sheet.write(
                3 + offset, column, value, dates if isinstance(value, date) else xlwt.Style.default_style
            )
    path = tmp_path / "htx.xls"
    workbook.save(str(path))
    assert path.read_bytes()[:4] == b"\xd0\xcf\x11\xe0"  # an OLE2 compound file, not xlsx renamed
    code, payload = _import(path)
    assert (code, payload["new"], payload["invalid"]) == (0, 2, 0), payload["problems"]
    warning = next(p for p in payload["problems"] if p["column"] == "MST")
    assert (warning["row"], warning["value"], warning["level"]) == (5, "100233488", "warning")
    phu_yen = Cooperative.objects.get(tax_code="0100233488")
    assert (phu_yen.province.name, phu_yen.registration_date) == ("Đắk Lắk", date(2020, 2, 1))
    assert _import(path)[1]["unchanged"] == 2


@pytest.mark.django_db
def test_exported_list_imports_back_unchanged(client_as, tmp_path):
    CooperativeFactory(name="Hợp tác xã Cà phê Ea Tu", tax_code="6000000018", phone="0905123456")
    data = b"".join(
        client_as("system_admin").get(reverse("registry:cooperative_export_xlsx")).streaming_content
    )
    path = tmp_path / "xuat.xlsx"
    path.write_bytes(data)
    code, payload = _import(path)
    assert code == 0, payload
    assert (payload["new"], payload["updated"], payload["unchanged"]) == (0, 0, 1)


# --- the web flow: upload → preview (job) → error file → commit (job) -------------------------------------


@pytest.mark.django_db(transaction=True, databases=["default", "progress"])
def test_coordinator_previews_downloads_errors_and_commits(client_as, run_jobs, tmp_path):
    client = client_as("coordinator_daklak")
    assert client.get(reverse("imports:template", args=["hop-tac-xa"]))["Content-Type"].startswith(
        "application/vnd"
    )
    rows = [GOOD_ROWS[0], GOOD_ROWS[1], [4, "HTX Sai", 100233480, "Đắk Lắk", 9, None, None, None]]
    path = messy_xlsx(tmp_path / "htx.xlsx", rows)
    with path.open("rb") as upload:
        response = client.post(reverse("imports:upload", args=["hop-tac-xa"]), {"file": upload})
    run_url = response["Location"]
    assert client.get(run_url).context["run"].status == "queued"
    assert run_jobs() == 1
    preview = client.get(run_url).context["run"]
    assert (preview.status, preview.new, preview.invalid) == ("done", 1, 2), (
        preview.problems
    )  # Cà Mau: out of scope
    assert not Cooperative.objects.exists()
    errors = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("imports:errors", args=[preview.pk])).streaming_content))
    )
    sheet = errors.active
    header = [c.value for c in sheet[1]]
    assert header[-1] == "Lỗi cần sửa" and "Tên HTX" in header
    assert sheet.max_row == 3  # two rejected rows, ready to fix and upload again
    commit = client.post(reverse("imports:commit", args=[preview.pk]))
    assert run_jobs() == 1
    final = client.get(commit["Location"]).context["run"]
    assert (final.dry_run, final.status, final.new) == (False, "done", 1)
    assert list(Cooperative.objects.values_list("tax_code", flat=True)) == ["6000000018"]
    # The change history names the coordinator.
    event = event_model_for(Cooperative).objects.select_related("pgh_context").get()
    assert event.pgh_context.metadata["command"] == "import_cooperatives"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("htx.pdf", b"%PDF-1.4", "Chỉ nhận tệp"),
        ("htx.xlsx", b"khong phai zip", "không đúng định dạng"),
        ("htx.csv", b"a,b\x00c", "không phải là văn bản"),
    ],
)
def test_bad_uploads_are_refused_with_a_message(client_as, name, content, needle):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_as("system_admin").post(
        reverse("imports:upload", args=["hop-tac-xa"]), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert needle in " ".join(response.context["form"].errors["file"])


@pytest.mark.django_db
def test_only_the_author_may_commit_a_preview(client_as, make_persona):
    from hoptac.imports.models import ImportRun, RunStatus

    run = ImportRun.objects.create(
        kind="hop-tac-xa",
        actor=make_persona("coordinator_daklak"),
        filename="a.xlsx",
        stored_file="x",
        status=RunStatus.DONE,
    )
    assert client_as("coordinator_camau").post(reverse("imports:commit", args=[run.pk])).status_code == 404
    assert not run.commits.exists()


@pytest.mark.django_db
def test_a_vietnamese_file_imports_the_same_for_an_english_user(tmp_path):
    from django.utils import translation

    from hoptac.registry.importing import import_cooperatives

    rows = [[1, "HTX A", 6000000018, "Đắk Lắk", 9, None, None, "Nông nghiệp; Thương mại, dịch vụ"]]
    path = messy_xlsx(
        tmp_path / "htx.xlsx",
        rows,
        header=[
            "STT",
            "Tên hợp tác xã",
            "Mã số thuế",
            "Tỉnh/thành phố",
            "Số thành viên",
            "Vốn",
            "Ngày",
            "Lĩnh vực",
        ],
    )
    with translation.override("en"):
        result = import_cooperatives(path.read_bytes(), "htx.xlsx")
    assert (result.new, result.invalid) == (1, 0), [p.as_dict() for p in result.problems]
    assert Cooperative.objects.get().sectors == ["agriculture", "trade"]


@pytest.mark.django_db
def test_a_coordinator_cannot_update_or_move_another_provinces_cooperative_by_import(tmp_path):
    CooperativeFactory(tax_code="6000000018", name="HTX Đắk Lắk Gốc", member_count=20)  # in Đắk Lắk
    rows = [[1, "HTX Đổi Tên", 6000000018, "Cà Mau", 30, None, None, None]]
    code, payload = _import(messy_xlsx(tmp_path / "htx.xlsx", rows), "--province", "96")
    assert code == 1 and (payload["updated"], payload["invalid"]) == (0, 1)
    assert "ngoài tỉnh/thành phố bạn được nhập" in payload["problems"][-1]["message"]
    cooperative = Cooperative.objects.get(tax_code="6000000018")
    assert (cooperative.name, cooperative.province.code) == ("HTX Đắk Lắk Gốc", "66")


@pytest.mark.django_db
@pytest.mark.parametrize("cursor", ["WyJhIiwieCJd", "WzEsMl0", "!!", "W10"])  # ["a","x"], [1,2], junk, []
def test_a_tampered_cursor_gives_the_first_page(client_as, cursor):
    CooperativeFactory()
    response = client_as("institute_expert").get(reverse("registry:cooperative_list"), {"sau": cursor})
    assert response.status_code == 200 and len(response.context["page"]) == 1
