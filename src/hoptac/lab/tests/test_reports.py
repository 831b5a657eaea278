"""Issuing test reports: gap-free numbers, the lab manager only, verified samples only, rows the database keeps
as written, amendments as new versions with a reason, and the PDF's words, limits, verdicts and fonts."""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from pypdf import PdfReader

from hoptac.core.errors import DomainError
from hoptac.documents.tests.test_engine import pdf_font_names, squash
from hoptac.lab import reports, services
from hoptac.lab.choices import ResultStatus, SampleState
from hoptac.lab.judging import ClassRule, Interval, Rule
from hoptac.lab.models import Parameter, ReportCounter, Result, Sample, TestReport
from hoptac.registry.tests.personas import OTHER_TAX_CODE, cooperative

from .report_builders import reported_sample, verified_sample

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"^KQ-\d{4}-\d{5}$")


def pdf_text(report: TestReport) -> str:
    reader = PdfReader(io.BytesIO(bytes(report.pdf)))
    return "\n".join(page.extract_text() for page in reader.pages)


def _result(sample: Sample, code: str) -> Result:
    return Result.objects.get(sample_parameter__sample=sample, sample_parameter__parameter__code=code)


# ------------------------------------------------------------------------------------------------ issuing


def test_issuing_freezes_the_content_stores_the_pdf_and_reports_the_sample(make_persona):
    manager = make_persona("lab_manager")
    sample = verified_sample(make_persona)
    version_before = sample.version
    report = reports.issue_report(actor=manager, sample=sample)
    report.refresh_from_db()
    assert NUMBER.match(report.number) and report.version == 1 and report.amends is None
    assert report.issued_by == manager and report.issue_date == timezone.localdate()
    assert bytes(report.pdf).startswith(b"%PDF")
    assert report.pdf_sha256 == hashlib.sha256(bytes(report.pdf)).hexdigest()
    assert report.overall_verdict == services.COMPLIANT == services.sample_compliance(sample)
    assert report.content["number"] == report.number
    assert report.content["verification_code"] == report.verification_code
    assert report.content["sample"]["code"] == sample.code
    assert report.content["cooperative"]["tax_code"] == sample.cooperative.tax_code
    sample.refresh_from_db()
    assert sample.state == SampleState.REPORTED and sample.version == version_before + 1
    assert reports.is_current(report)


def test_numbers_are_gap_free_and_a_refusal_takes_none(make_persona):
    manager = make_persona("lab_manager")
    year = timezone.localdate().year
    first = reports.issue_report(actor=manager, sample=verified_sample(make_persona))
    with pytest.raises(DomainError):  # not verified yet: refused before a number is taken
        reports.issue_report(actor=manager, sample=_in_analysis(make_persona))
    second = reports.issue_report(actor=manager, sample=verified_sample(make_persona))
    third = reports.issue_report(actor=manager, sample=verified_sample(make_persona))
    numbers = [first.number, second.number, third.number]
    start = int(first.number.rsplit("-", 1)[1])
    assert numbers == [f"KQ-{year}-{n:05d}" for n in range(start, start + 3)]
    assert ReportCounter.objects.get(year=year).last == start + 2


def _in_analysis(make_persona) -> Sample:
    from .test_samples import register

    manager, analyst = make_persona("lab_manager"), make_persona("lab_analyst")
    sample = register(manager, "pH", "BOD5")
    services.receive_sample(actor=analyst, sample=sample, condition="intact")
    services.enter_result(
        actor=analyst, sample_parameter=sample.parameters.get(parameter__code="pH"), value="7"
    )
    return Sample.objects.get(pk=sample.pk)


@pytest.mark.parametrize(
    "persona", ["lab_analyst", "lab_reviewer", "institute_leader", "system_admin", "cooperative_rep"]
)
def test_only_the_lab_manager_issues(make_persona, persona):
    sample = verified_sample(make_persona)
    with pytest.raises(DomainError) as caught:
        reports.issue_report(actor=make_persona(persona), sample=sample)
    assert caught.value.code == "forbidden"
    assert "trưởng phòng thí nghiệm" in str(caught.value.message)
    assert not TestReport.objects.filter(sample=sample).exists()
    assert Sample.objects.get(pk=sample.pk).state == SampleState.RESULTS_VERIFIED


def test_a_sample_is_issued_only_when_its_results_are_verified(make_persona):
    manager = make_persona("lab_manager")
    with pytest.raises(DomainError) as caught:
        reports.issue_report(actor=manager, sample=_in_analysis(make_persona))
    assert caught.value.code == "state"
    assert "Đang phân tích" in str(caught.value.message)
    sample, _report = reported_sample(make_persona)
    with pytest.raises(DomainError) as caught:  # already reported: amend first
        reports.issue_report(actor=manager, sample=sample)
    assert caught.value.code == "state"
    assert TestReport.objects.filter(sample=sample).count() == 1


def test_the_database_refuses_to_change_or_delete_an_issued_report(make_persona):
    _sample, report = reported_sample(make_persona)
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        TestReport.objects.filter(pk=report.pk).update(overall_verdict="not_compliant")
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        TestReport.objects.filter(pk=report.pk).delete()
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE lab_testreport SET pdf = %s WHERE id = %s", [b"%PDF-forged", report.pk])
    stored = TestReport.objects.get(pk=report.pk)
    assert bytes(stored.pdf) == bytes(report.pdf) and stored.overall_verdict == report.overall_verdict


def test_the_representatives_of_the_cooperative_are_told_on_commit(
    make_persona, django_capture_on_commit_callbacks
):
    from hoptac.notifications.kinds import render_notification
    from hoptac.notifications.models import Notification

    rep = make_persona("cooperative_rep")
    sample = verified_sample(make_persona)
    with django_capture_on_commit_callbacks(execute=True):
        report = reports.issue_report(actor=make_persona("lab_manager"), sample=sample)
        assert not Notification.objects.filter(recipient=rep).exists()  # not before the commit
    notice = Notification.objects.get(recipient=rep, kind=reports.KIND_ISSUED)
    assert notice.payload == {"number": report.number, "version": 1, "sample_code": sample.code}
    title, body = render_notification(notice.kind, notice.payload)
    assert report.number in title and sample.code in body
    # Another cooperative's representative hears nothing.
    assert not Notification.objects.filter(kind=reports.KIND_ISSUED).exclude(recipient=rep).exists()


# ------------------------------------------------------------------------------------------------ the PDF


@pytest.fixture
def exceeding_report(make_persona):
    """QCVN 14:2008/BTNMT column B with K = 1.2: BOD5 75 > 60 fails, pH passes 5–9, TSS 80 ≤ 120 passes; BOD5's
    method accredited (VILAS)."""
    Parameter.objects.filter(code="BOD5").update(accredited=True)
    sample = verified_sample(make_persona, {"pH": "7,2", "BOD5": "75", "TSS": "80"}, uncertainty="±3")
    return reports.issue_report(actor=make_persona("lab_manager"), sample=sample)


def test_the_pdf_prints_names_limits_verdicts_and_the_codes(exceeding_report):
    report = exceeding_report
    text = pdf_text(report)
    squashed = squash(text)
    for expected in (
        "PHIẾU KẾT QUẢ THỬ NGHIỆM",
        "VIỆN KHOA HỌC, CÔNG NGHỆ VÀ MÔI TRƯỜNG",
        "TRUNG TÂM MÔI TRƯỜNG VÀ KIỂM NGHIỆM CHẤT LƯỢNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        f"Số: {report.number}",
        report.content["sample"]["code"],
        report.verification_code,
        reports.verification_url(report.verification_code),
        "Nhu cầu ôxy sinh hóa (BOD5, 20 °C) (*)",
        "Tổng chất rắn lơ lửng (TSS)",
        "≤ 60",  # BOD5: 50 × K 1.2
        "≤ 120",  # TSS: 100 × 1.2
        "5–9",  # pH: K does not apply
        "Không đạt",
        "Đạt",
        "±3",
        "SMEWW 5210B:2017",
        "QCVN 14:2008/BTNMT",
        "hệ số K = 1,2",
        "(*) Phương pháp thử được công nhận VILAS.",
        "Kết luận chung: Không đạt",
        "Vũ Thị Phòng",
        "(Đã ký)",
        "Đỗ Thị Kiểm",
        "Hoàng Văn Soát",
        "Hợp tác xã Dịch vụ Nông nghiệp Ea Tu",
        f"ngày {report.issue_date:%d} tháng",
    ):
        assert squash(expected) in squashed, expected
    rows = {r["code"]: r for r in report.content["results"]}
    assert (rows["BOD5"]["limit"], rows["BOD5"]["verdict_label"]) == ("≤ 60", "Không đạt")
    assert (rows["pH"]["limit"], rows["pH"]["verdict_label"]) == ("5–9", "Đạt")
    assert report.overall_verdict == services.NOT_COMPLIANT


def test_the_pdf_warns_of_a_superseded_regulation(exceeding_report):
    # QCVN 14:2008/BTNMT is superseded by QCVN 14:2025/BTNMT in the shipped data.
    assert exceeding_report.content["regulation"]["superseded_by"] == "QCVN 14:2025/BTNMT"
    assert squash("đã được thay thế bởi QCVN 14:2025/BTNMT") in squash(pdf_text(exceeding_report))


def test_the_pdf_embeds_liberation_serif_only_and_fits_one_page(exceeding_report):
    reader = PdfReader(io.BytesIO(bytes(exceeding_report.pdf)))
    names = pdf_font_names(reader)
    assert names
    assert all("LiberationSerif" in name.replace("-", "") for name in names), names
    assert len(reader.pages) == 1
    assert reader.metadata.title == f"Phiếu kết quả thử nghiệm {exceeding_report.number}"


def test_graded_results_print_their_class_and_every_class_bound(make_persona):
    sample = verified_sample(
        make_persona,
        {"pH": "5", "BOD5": "5", "COD": "12"},
        matrix="surface-water",
        regulation=("QCVN 08:2023/BTNMT", "Bảng 2"),
        k="1",
    )
    report = reports.issue_report(actor=make_persona("lab_manager"), sample=sample)
    rows = {r["code"]: r for r in report.content["results"]}
    assert rows["COD"]["verdict_label"] == "Hạng B" and rows["COD"]["class"] == "B"
    assert rows["COD"]["limit"] == "A: ≤ 10; B: ≤ 15; C: ≤ 20; D: > 20"
    assert rows["pH"]["verdict_label"] == "Hạng D"
    assert "D: < 6 hoặc > 8,5" in rows["pH"]["limit"]
    assert report.overall_verdict == "graded"
    text = squash(pdf_text(report))
    assert squash("Hạng B") in text and squash("< 6 hoặc > 8,5") in text


def test_a_sample_without_a_regulation_is_reported_without_verdicts(make_persona):
    sample = verified_sample(make_persona, {"pH": "7"}, regulation=None)
    report = reports.issue_report(actor=make_persona("lab_manager"), sample=sample)
    assert report.overall_verdict == ""
    assert report.content["results"][0]["verdict_label"] == "—"
    assert squash("Không áp dụng quy chuẩn để đánh giá.") in squash(pdf_text(report))


@pytest.mark.parametrize(
    ("interval", "text"),
    [
        (Interval(upper=50), "≤ 50"),
        (Interval(upper=3, upper_inclusive=False), "< 3"),
        (Interval(lower=5, upper=9), "5–9"),
        (Interval(lower=6), "≥ 6"),
        (Interval(lower=8.5, lower_inclusive=False), "> 8,5"),
        (Interval(lower=5, lower_inclusive=False, upper=9), "> 5 và ≤ 9"),
    ],
)
def test_limits_read_as_a_person_writes_them(interval, text):
    from decimal import Decimal

    as_decimals = Interval(
        None if interval.lower is None else Decimal(str(interval.lower)),
        interval.lower_inclusive,
        None if interval.upper is None else Decimal(str(interval.upper)),
        interval.upper_inclusive,
    )
    assert reports.limit_text(as_decimals) == text


def test_the_coefficient_scales_only_the_limits_it_applies_to():
    from decimal import Decimal

    scaled = Rule("limits", "mg/L", True, Interval(upper=Decimal(50)))
    fixed = Rule("limits", "", False, Interval(lower=Decimal(5), upper=Decimal(9)))
    assert reports.rule_text(scaled, Decimal("1.2")) == "≤ 60"
    assert reports.rule_text(fixed, Decimal("1.2")) == "5–9"
    graded = Rule("classes", "", False, None, (ClassRule("A", (Interval(upper=Decimal(4)),)), ClassRule("D")))
    assert reports.rule_text(graded, Decimal(1)) == "A: ≤ 4"


# ------------------------------------------------------------------------------------------------ amendments


def test_an_amendment_is_a_new_version_under_the_same_number(make_persona):
    manager = make_persona("lab_manager")
    analyst, reviewer = make_persona("lab_analyst"), make_persona("lab_reviewer")
    sample, first = reported_sample(make_persona, {"pH": "7,2", "BOD5": "75"})
    bod = _result(sample, "BOD5")
    sample = reports.start_amendment(
        actor=manager, sample=sample, reason="Nhập nhầm kết quả BOD5 (75 thay vì 57)", reopen=[bod]
    )
    assert sample.state == SampleState.IN_ANALYSIS
    assert sample.amendment_reason == "Nhập nhầm kết quả BOD5 (75 thay vì 57)"
    bod.refresh_from_db()
    assert bod.status == ResultStatus.RETURNED and bod.return_reason == sample.amendment_reason
    assert _result(sample, "pH").status == ResultStatus.VERIFIED  # not reopened
    # The analyst enters again, another person verifies (the existing services, four eyes as ever).
    services.enter_result(actor=analyst, sample_parameter=bod.sample_parameter, value="57")
    services.verify_result(actor=reviewer, result=_result(sample, "BOD5"))
    assert Sample.objects.get(pk=sample.pk).state == SampleState.RESULTS_VERIFIED
    second = reports.issue_report(actor=manager, sample=Sample.objects.get(pk=sample.pk))
    assert (second.number, second.version, second.amends_id) == (first.number, 2, first.pk)
    assert second.amendment_reason == "Nhập nhầm kết quả BOD5 (75 thay vì 57)"
    assert second.verification_code != first.verification_code
    assert second.overall_verdict == services.COMPLIANT
    text = squash(pdf_text(second))
    assert squash(f"thay thế phiếu số {first.number} lần ban hành 1") in text
    assert squash("Lý do sửa đổi: Nhập nhầm kết quả BOD5 (75 thay vì 57)") in text
    assert Sample.objects.get(pk=sample.pk).amendment_reason == ""
    # The first version is kept as issued, superseded.
    old = TestReport.objects.get(pk=first.pk)
    assert bytes(old.pdf) == bytes(first.pdf) and old.overall_verdict == services.NOT_COMPLIANT
    assert not reports.is_current(old) and reports.is_current(second)
    versions = reports.reports_of(user=manager, sample=sample)
    assert [(r.version, r.latest_version) for r in versions] == [(2, 2), (1, 2)]


def test_an_amendment_of_the_sample_details_only_is_ready_to_issue_again(make_persona):
    manager = make_persona("lab_manager")
    sample, first = reported_sample(make_persona)
    sample = reports.start_amendment(actor=manager, sample=sample, reason="Sai nơi lấy mẫu", reopen=())
    assert sample.state == SampleState.RESULTS_VERIFIED
    second = reports.issue_report(actor=manager, sample=sample)
    assert (second.number, second.version, second.amendment_reason) == (first.number, 2, "Sai nơi lấy mẫu")
    third_start = reports.start_amendment(actor=manager, sample=second.sample, reason="Sai tên người lấy mẫu")
    third = reports.issue_report(actor=manager, sample=third_start)
    assert (third.version, third.amends_id) == (3, second.pk)
    assert [reports.is_current(TestReport.objects.get(pk=r.pk)) for r in (first, second, third)] == [
        False,
        False,
        True,
    ]


def test_an_amendment_needs_a_reason(make_persona):
    sample, _report = reported_sample(make_persona)
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as caught:
            reports.start_amendment(actor=make_persona("lab_manager"), sample=sample, reason=reason)
        assert "reason" in caught.value.error_dict
    stored = Sample.objects.get(pk=sample.pk)
    assert stored.state == SampleState.REPORTED and stored.amendment_reason == ""


def test_an_amendment_reopens_only_the_samples_own_results(make_persona):
    sample, _report = reported_sample(make_persona)
    other, _other_report = reported_sample(make_persona, coop=cooperative(OTHER_TAX_CODE))
    foreign = _result(other, "pH")
    with pytest.raises(DomainError) as caught:
        reports.start_amendment(
            actor=make_persona("lab_manager"),
            sample=sample,
            reason="Sai",
            reopen=[_result(sample, "pH"), foreign],
        )
    assert caught.value.code == "result"
    assert _result(sample, "pH").status == ResultStatus.VERIFIED
    assert foreign.status == ResultStatus.VERIFIED == _result(other, "pH").status


@pytest.mark.parametrize("persona", ["lab_analyst", "lab_reviewer", "institute_leader", "cooperative_rep"])
def test_only_the_lab_manager_amends(make_persona, persona):
    sample, _report = reported_sample(make_persona)
    with pytest.raises(DomainError) as caught:
        reports.start_amendment(actor=make_persona(persona), sample=sample, reason="Sai")
    assert caught.value.code == "forbidden"


def test_only_a_reported_sample_is_amended(make_persona):
    with pytest.raises(DomainError) as caught:
        reports.start_amendment(
            actor=make_persona("lab_manager"), sample=verified_sample(make_persona), reason="Sai"
        )
    assert caught.value.code == "state"


# ------------------------------------------------------------------------------------------------ codes


def test_verification_codes_are_60_random_bits_without_look_alikes():
    codes = {reports.new_verification_code() for _ in range(500)}
    assert len(codes) == 500
    assert len(reports.CODE_ALPHABET) == 32 == len(set(reports.CODE_ALPHABET))
    assert not set("01IO") & set(reports.CODE_ALPHABET)
    for code in codes:
        assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", code)
    assert reports.CODE_BITS == 12 * 5


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("7KQ4-M2XD-P9HT", "7KQ4-M2XD-P9HT"),
        ("7kq4m2xdp9ht", "7KQ4-M2XD-P9HT"),
        (" 7kq4 m2xd–p9ht ", "7KQ4-M2XD-P9HT"),
        ("7KQ4-M2XD-P9H", None),
        ("7KQ4-M2XD-P9H0", None),  # 0 is never used
        ("'; DROP TABLE--", None),
        ("", None),
    ],
)
def test_codes_are_read_without_case_or_dashes(typed, stored):
    assert reports.normalise_code(typed) == stored


# ------------------------------------------------------------------------------------------------ one page

# A basic domestic-wastewater package judged against QCVN 14:2008/BTNMT column B (K = 1.2): seven parameters,
# all with a limit; COD (no limit in QCVN 14) makes an eighth.
WASTEWATER_PACKAGE = {
    "pH": "7,2",
    "BOD5": "75",
    "TSS": "80",
    "NH4+-N": "8,4",
    "NO3--N": "12",
    "PO43--P": "3,1",
    "COLIFORM": "4300",
    "COD": "110",
}


@pytest.mark.parametrize("count", [7, 8])
def test_a_wastewater_package_of_up_to_eight_parameters_fits_one_page(make_persona, count):
    Parameter.objects.filter(code__in=["BOD5", "TSS", "COD"]).update(accredited=True)
    values = dict(list(WASTEWATER_PACKAGE.items())[:count])
    sample = verified_sample(make_persona, values, uncertainty="±3")
    report = reports.issue_report(actor=make_persona("lab_manager"), sample=sample)
    reader = PdfReader(io.BytesIO(bytes(report.pdf)))
    assert len(reader.pages) == 1
    names = pdf_font_names(reader)
    assert names and all("LiberationSerif" in name.replace("-", "") for name in names), names
    text = squash(pdf_text(report))
    rows = report.content["results"]
    assert len(rows) == count
    for row in rows:
        # Each row reads in order: the name (and the VILAS mark) with the method under it, then the unit, result,
        # uncertainty, limit and verdict.
        name = row["name"] + (f" {reports.ACCREDITED_MARK}" if row["accredited"] else "")
        assert squash(name + row["method"]) in text, name
        cells = (row["unit"], row["value"], row["uncertainty"], row["limit"], row["verdict_label"])
        assert squash("".join(cells)) in text, cells
    for expected in (
        "≤ 60",  # BOD5: 50 × K 1.2
        "≤ 5000",  # coliform: K does not apply
        "5–9",
        "(*) Phương pháp thử được công nhận VILAS.",
        "Kết luận chung: Không đạt",
        report.verification_code,
        reports.verification_url(report.verification_code),
        "(Đã ký)",
        "Vũ Thị Phòng",
    ):
        assert squash(expected) in text, expected
