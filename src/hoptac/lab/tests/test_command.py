"""``hoptac lab_judge``: the issue's command contract over the shipped regulations."""

from __future__ import annotations

import json
import os
import subprocess
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from hoptac.core.testing.db import current_database_url
from hoptac.lab.models import Limit, LimitInterval, LimitSet, Parameter, Regulation

HOPTAC = Path(__file__).resolve().parents[4] / ".venv" / "bin" / "hoptac"
Q14, Q08, Q01 = "QCVN 14:2008/BTNMT", "QCVN 08:2023/BTNMT", "QCVN 01-1:2018/BYT"


def judge(*args):
    """(exit code, stdout, stderr) of the command run in-process with --json."""
    out, err = StringIO(), StringIO()
    try:
        call_command("lab_judge", *map(str, args), "--json", stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def answer(*args):
    code, out, err = judge(*args)
    assert code == 0, err
    return json.loads(out)


def run(*args):
    return subprocess.run(
        [str(HOPTAC), "lab_judge", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DATABASE_URL": current_database_url()},
    )


# --- as a real process --------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_issue_examples_as_a_real_process(shipped_lab_data):
    result = run(Q14, "B", "BOD5", "55", "--k", "1.2", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '{"verdict": "pass", "limit": "60", "class": null}'
    graded = run(Q08, "Bảng 2", "COD", "12", "--json")
    assert graded.returncode == 0
    assert list(json.loads(graded.stdout).items()) == [("verdict", "graded"), ("limit", "15"), ("class", "B")]


@pytest.mark.django_db(transaction=True)
def test_an_unknown_regulation_exits_2_with_nothing_on_stdout_as_a_real_process(shipped_lab_data):
    result = run("QCVN 99:2099/BTNMT", "B", "BOD5", "55", "--json")
    assert (result.returncode, result.stdout) == (2, "")
    assert "Không có quy chuẩn" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_an_unreadable_value_exits_2_as_a_real_process(shipped_lab_data):
    result = run(Q14, "B", "BOD5", "năm mươi", "--json")
    assert (result.returncode, result.stdout) == (2, "")
    assert "Không đọc được kết quả" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_a_thousands_lookalike_exits_2_as_a_real_process(shipped_lab_data):
    """ "7.500" coliform against 5000: once read as 7.5 and passed; now refused like the limit editor refuses it."""
    result = run(Q14, "B", "COLIFORM", "7.500", "--json")
    assert (result.returncode, result.stdout) == (2, "")
    assert "“7.500” có thể là số có dấu phân cách hàng nghìn hoặc số thập phân" in result.stderr


# --- in-process -----------------------------------------------------------------------------------------------

with_db = pytest.mark.django_db


@with_db
def test_stdout_is_exactly_one_json_object_with_keys_in_order():
    code, out, _ = judge(Q14, "B", "BOD5", "55", "--k", "1.2")
    assert code == 0
    assert out.strip() == '{"verdict": "pass", "limit": "60", "class": null}'


@with_db
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((Q14, "B", "BOD5", "50"), {"verdict": "pass", "limit": "50", "class": None}),
        ((Q14, "B", "BOD5", "50,5"), {"verdict": "exceed", "limit": "50", "class": None}),
        ((Q14, "A", "BOD5", "35", "--k", "1.2"), {"verdict": "pass", "limit": "36", "class": None}),
        ((Q14, "B", "pH", "9"), {"verdict": "pass", "limit": "5-9", "class": None}),
        ((Q14, "B", "pH", "4,5"), {"verdict": "below_minimum", "limit": "5-9", "class": None}),
        ((Q14, "B", "pH", "9,5", "--k", "2"), {"verdict": "exceed", "limit": "5-9", "class": None}),
        ((Q14, "B", "COLIFORM", "6000", "--k", "2"), {"verdict": "exceed", "limit": "5000", "class": None}),
        ((Q14, "B", "COLIFORM", "7500"), {"verdict": "exceed", "limit": "5000", "class": None}),
        ((Q14, "B", "COLIFORM", "7 500"), {"verdict": "exceed", "limit": "5000", "class": None}),
        ((Q14, "B", "COLIFORM", "4 999,5"), {"verdict": "pass", "limit": "5000", "class": None}),
        ((Q14, "B", "TSS", "150", "--k", "2"), {"verdict": "pass", "limit": "200", "class": None}),
        ((Q14, "B", "TSS", "<0.5"), {"verdict": "pass", "limit": "100", "class": None}),
        ((Q14, "B", "TSS", "< 150"), {"verdict": "undetermined", "limit": None, "class": None}),
        ((Q14, "B", "NH4+-N", "KPH"), {"verdict": "pass", "limit": "10", "class": None}),
        ((Q01, "Nhóm A", "COLIFORM", "3"), {"verdict": "exceed", "limit": "<3", "class": None}),
        ((Q01, "Nhóm A", "COLIFORM", "2"), {"verdict": "pass", "limit": "<3", "class": None}),
        ((Q01, "Nhóm A", "E-COLI", "KPH"), {"verdict": "pass", "limit": "<1", "class": None}),
        ((Q01, "Nhóm A", "FREE-CL", "KPH"), {"verdict": "undetermined", "limit": None, "class": None}),
        ((Q01, "Nhóm A", "FREE-CL", "0,15"), {"verdict": "below_minimum", "limit": "0.2-1", "class": None}),
        ((Q01, "Nhóm A", "As", "0.01"), {"verdict": "pass", "limit": "0.01", "class": None}),
        ((Q08, "Bảng 1", "NO2--N", "0,06"), {"verdict": "exceed", "limit": "0.05", "class": None}),
        ((Q08, "Bảng 2", "COD", "12"), {"verdict": "graded", "limit": "15", "class": "B"}),
        ((Q08, "Bảng 2", "COD", "25"), {"verdict": "graded", "limit": ">20", "class": "D"}),
        ((Q08, "Bảng 2", "pH", "7"), {"verdict": "graded", "limit": "6.5-8.5", "class": "A"}),
        ((Q08, "Bảng 2", "pH", "5,5"), {"verdict": "graded", "limit": "<6", "class": "D"}),
        ((Q08, "Bảng 2", "pH", "9"), {"verdict": "graded", "limit": ">8.5", "class": "D"}),
        ((Q08, "Bảng 2", "DO", "6"), {"verdict": "graded", "limit": ">=6", "class": "A"}),
        ((Q08, "Bảng 2", "DO", "5,2"), {"verdict": "graded", "limit": ">=5", "class": "B"}),
        ((Q08, "Bảng 2", "DO", "3"), {"verdict": "undetermined", "limit": None, "class": None}),
        ((Q08, "Bảng 2", "TSS", "20"), {"verdict": "graded", "limit": "25", "class": "A"}),
        ((Q08, "Bảng 2", "TSS", "150"), {"verdict": "undetermined", "limit": None, "class": None}),
        ((Q08, "Bảng 2", "COLIFORM", "7500"), {"verdict": "graded", "limit": "7500", "class": "C"}),
        ((Q08, "Bảng 2", "BOD5", "<3"), {"verdict": "graded", "limit": "4", "class": "A"}),
        ((Q08, "Bảng 2", "BOD5", "<20"), {"verdict": "undetermined", "limit": None, "class": None}),
    ],
)
def test_verdicts_on_the_shipped_regulations(args, expected):
    assert answer(*args) == expected


@with_db
@pytest.mark.parametrize(
    "args",
    [
        ("qcvn 14:2008/btnmt", "b", "bod5", "55"),
        ("QCVN 14 2008 BTNMT", "B", "BOD5", "55"),
        (Q14, "B", "nhu cau oxy sinh hoa", "55"),
        (Q14, "B", "Nhu cầu ôxy sinh hóa (BOD5, 20 °C)", "55"),
    ],
)
def test_regulation_set_and_parameter_are_matched_folded(args):
    assert answer(*args, "--k", "1,2") == {"verdict": "pass", "limit": "60", "class": None}


@with_db
def test_set_names_with_diacritics_are_matched_folded():
    assert answer("qcvn 08:2023/btnmt", "bang 2", "cod", "12")["class"] == "B"
    assert answer("qcvn 01-1:2018/byt", "NHOM A", "ph", "7")["verdict"] == "pass"


@with_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("QCVN 99:2099/BTNMT", "B", "BOD5", "5"), "Không có quy chuẩn"),
        ((Q14, "C", "BOD5", "5"), "không có bộ giới hạn “C”"),
        ((Q14, "B", "Chì", "5"), "không có chỉ tiêu Pb"),
        ((Q14, "B", "XYZ", "5"), "Không có chỉ tiêu “XYZ”"),
        ((Q14, "B", "BOD5", "5 mg/L"), "Không đọc được kết quả"),
        ((Q14, "B", "BOD5", "5", "--k", "không"), "Không đọc được hệ số"),
        ((Q14, "B", "BOD5", "5", "--k", "0"), "Hệ số phải là một số dương"),
        (("QCVN 14:2025/BTNMT", "A", "BOD5", "5"), "chưa có bộ giới hạn nào"),
        # a thousands lookalike is refused, never read as 7.5 (which would pass against 5000)
        ((Q14, "B", "COLIFORM", "7.500"), "“7.500” có thể là số có dấu phân cách hàng nghìn"),
        ((Q14, "B", "COLIFORM", "7,500"), "“7,500” có thể là số có dấu phân cách hàng nghìn"),
        ((Q14, "B", "COLIFORM", "<1.000"), "“1.000” có thể là số có dấu phân cách hàng nghìn"),
        ((Q14, "B", "BOD5", "12345678901"), "quá nhiều chữ số"),
        ((Q14, "B", "BOD5", "<0,0000001"), "quá nhiều chữ số"),
        ((Q14, "B", "BOD5", "5", "--k", "12345"), "quá nhiều chữ số"),
        ((Q14, "B", "BOD5", "5", "--k", "1.200"), "có thể là số có dấu phân cách hàng nghìn"),
    ],
)
def test_refusals_exit_2_with_nothing_on_stdout_and_a_vietnamese_message(args, message):
    code, out, err = judge(*args)
    assert (code, out) == (2, "")
    assert message in err


@with_db
def test_a_superseded_regulation_is_applied_silently():
    assert Regulation.objects.get(code=Q14).is_superseded
    code, out, err = judge(Q14, "A", "BOD5", "10")
    assert (code, err) == (0, "")
    assert json.loads(out)["verdict"] == "pass"


@with_db
def test_a_limit_in_another_unit_than_the_parameter_is_refused():
    regulation = Regulation.objects.create(
        code="QCVN 99:2030/TEST", title="Thử", issuing_body="Bộ", source="thử nghiệm", confidence="L"
    )
    limit_set = LimitSet.objects.create(regulation=regulation, name="A", kind="limits")
    limit = Limit.objects.create(limit_set=limit_set, parameter=Parameter.objects.get(code="As"), unit="µg/L")
    LimitInterval.objects.create(limit=limit, upper=Decimal(10))
    code, out, err = judge("QCVN 99:2030/TEST", "A", "As", "5")
    assert (code, out) == (2, "")
    assert "đơn vị không khớp" in err.lower()


@with_db
def test_without_json_a_readable_line():
    out = StringIO()
    call_command("lab_judge", Q08, "Bảng 2", "COD", "12", stdout=out)
    assert out.getvalue().strip() == "graded — B (15)"


@with_db
def test_a_text_matching_two_parameters_is_refused_as_ambiguous():
    Parameter.objects.create(code="bod 5", name="BOD5 (dạng khác)", name_en="x", method="M", unit="mg/L")
    code, out, err = judge(Q14, "B", "BOD5", "5")
    assert (code, out) == (2, "")
    assert "“BOD5” khớp với nhiều mục" in err
