"""Test reports (phiếu kết quả thử nghiệm): issuing, amending, and what the sample page and the public verification
page show of them.

A report is issued by the lab manager once every result of the sample is verified. What it prints is frozen at
that moment as ``TestReport.content`` (:func:`report_content`) and rendered once to PDF through the one document
engine (:mod:`hoptac.documents`, state house format); the row is never changed again — the database refuses
UPDATE and DELETE. An amendment (:func:`start_amendment`) reopens the results that were wrong; once they are
verified again, issuing writes the next version under the same number, naming the version it replaces and why.
The older version stays readable and counts as superseded.

The verification code printed on the report (and in its QR code) is 12 characters drawn with :mod:`secrets` from
a 32-symbol alphabet without look-alikes (no 0/O, 1/I): 60 bits. With N codes issued, a guesser at r tries a second
needs on average 2^60 / (N·r) seconds to hit any of them: with 100,000 reports and an unthrottled 1,000 tries a
second, about 365 years. The public page also stops an address after 20 unknown codes in 15 minutes
(:func:`verification_throttled`), and a hit shows only the number, date, sample code and overall verdict.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoptac.accounts import roles
from hoptac.core.audit import acting_as
from hoptac.core.errors import DomainError
from hoptac.core.numbering import next_in_year
from hoptac.core.permissions import VIEW, restrict
from hoptac.documents import formats
from hoptac.documents.engine import (
    Document,
    Heading,
    Paragraph,
    QRCode,
    Signature,
    Table,
    render_pdf,
)
from hoptac.notifications.kinds import NotificationKind, register_kind

from . import judging, services, verdicts
from .bounds import interval_text, number_text
from .choices import ResultStatus, SampleState
from .models import (
    ReportCounter,
    Result,
    Sample,
    SampleLimit,
    SampleParameter,
    TestReport,
    VerificationThrottle,
)

ISSUERS = frozenset({roles.LAB_MANAGER})

# The issuing body and the body directly above it (PRODUCT.md glossary). Nghị định 30/2020, Appendix I, prints only
# the direct parent ("cơ quan, tổ chức chủ quản trực tiếp") above the issuer, so the Vietnam Cooperative Alliance,
# the institute's own parent, is not repeated here. Words of the document, not of the interface.
ISSUER_BODIES = (
    "Viện Khoa học, Công nghệ và Môi trường",
    "Trung tâm Môi trường và Kiểm nghiệm chất lượng",
)
PLACE = "Hà Nội"

# Overall verdicts as stored on TestReport.overall_verdict (short codes) and their words: hoptac.lab.verdicts.
OVERALL_LABELS, VERDICT_LABELS = verdicts.OVERALL_LABELS, verdicts.VERDICT_LABELS
ACCREDITED_MARK = "(*)"

NOT_ISSUER = gettext_lazy("Chỉ trưởng phòng thí nghiệm được ban hành và sửa đổi phiếu kết quả thử nghiệm.")

# ------------------------------------------------------------------------------------------------ codes

# 32 symbols (5 bits each), none mistaken for another on paper: digits 2–9 and the letters without I and O (so no
# 0/O or 1/I confusion; L stays, since 1 is not used).
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_GROUPS, CODE_GROUP_LENGTH = 3, 4
CODE_BITS = 60  # 12 symbols × 5 bits


def new_verification_code() -> str:
    """``7KQ4-M2XD-P9HT``: 12 symbols of 5 bits = 60 bits from :mod:`secrets`, grouped by four for reading."""
    symbols = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_GROUPS * CODE_GROUP_LENGTH))
    return _group(symbols)


def _group(symbols: str) -> str:
    return "-".join(symbols[i : i + CODE_GROUP_LENGTH] for i in range(0, len(symbols), CODE_GROUP_LENGTH))


_NOT_CODE = re.compile(r"[\s\-–—_.]+")


def normalise_code(text: str) -> str | None:
    """What a person typed or scanned, as stored: case and dashes ignored ("7kq4m2xd p9ht" → "7KQ4-M2XD-P9HT").
    None when it cannot be a code (then nothing is looked up)."""
    symbols = _NOT_CODE.sub("", (text or "").strip()).upper()
    if len(symbols) != CODE_GROUPS * CODE_GROUP_LENGTH or any(c not in CODE_ALPHABET for c in symbols):
        return None
    return _group(symbols)


def verification_url(code: str) -> str:
    """The public address printed and encoded in the QR code: the production address (HOPTAC_BASE_URL), not the
    server that happened to render the report (decision 0006)."""
    return settings.HOPTAC_BASE_URL.rstrip("/") + reverse("lab:report_verify", args=[code])


def _unused_code() -> str:
    for _attempt in range(5):
        code = new_verification_code()
        if not TestReport.objects.filter(verification_code=code).exists():
            return code
    raise RuntimeError("five random 60-bit verification codes in a row were taken")  # pragma: no cover


# ------------------------------------------------------------------------------------------------ texts


def _number(value: Decimal) -> str:
    """A number as printed in Vietnamese: decimal comma, no trailing zeros ("0,05", "60")."""
    return number_text(value)


def limit_text(interval: judging.Interval) -> str:
    """An interval as the regulations print it and the catalogue's editor reads it back: "≤ 50", "< 3", "≥ 6",
    "5–9", "> 5 và ≤ 9" (one writing for the screens and the report)."""
    return interval_text(interval)


rule_text = verdicts.rule_text


def verdict_text(judgement: judging.Judgement | None) -> tuple[str, str]:
    """(verdict code, words); ("", "—") when no limit applies to the parameter."""
    return ("" if judgement is None else judgement.verdict), verdicts.verdict_label(judgement)


def overall_code(rows: list[dict], *, judged: bool) -> str:
    """The overall verdict of the printed rows (:func:`hoptac.lab.verdicts.overall`); empty when no regulation was
    applied."""
    return verdicts.overall((r["verdict"] for r in rows if r["verdict"]), judged=judged)


overall_label = verdicts.overall_label


def _date(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%H:%M ngày %d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def _address(cooperative) -> str:
    if cooperative.address.strip():
        return cooperative.address.strip()
    places = [p.name for p in (cooperative.commune, cooperative.province) if p is not None]
    return ", ".join(places) or "—"


def _people(users: Iterable) -> list[str]:
    return list(dict.fromkeys(u.display_name for u in users if u is not None))


# ------------------------------------------------------------------------------------------------ content


def report_content(
    sample: Sample,
    *,
    number: str = "",
    version: int = 1,
    issue_date: datetime.date | None = None,
    verification_code: str = "",
    issued_by=None,
    amendment_reason: str = "",
    amends: TestReport | None = None,
) -> dict:
    """Everything the report prints, as plain JSON (texts already formatted, in Vietnamese): frozen on the
    report when issued, so the PDF can be explained — and re-rendered — from the row alone."""
    with translation.override("vi"):
        return _content(
            sample,
            number=number,
            version=version,
            issue_date=issue_date or timezone.localdate(),
            verification_code=verification_code,
            issued_by=issued_by,
            amendment_reason=amendment_reason,
            amends=amends,
        )


def _content(sample, *, number, version, issue_date, verification_code, issued_by, amendment_reason, amends):
    sample = Sample.objects.select_related(
        "cooperative__province",
        "cooperative__commune",
        "matrix",
        "regulation__superseded_by",
        "limit_set",
        "received_by",
    ).get(pk=sample.pk)
    cooperative = sample.cooperative
    frozen = {sl.parameter_id: sl for sl in SampleLimit.objects.filter(sample=sample)}
    requested = (
        SampleParameter.objects.filter(sample=sample)
        .select_related("parameter", "result__analyst", "result__reviewer")
        .order_by("position", "id")
    )
    rows, analysts, reviewers, accredited_any = [], [], [], False
    for position, sp in enumerate(requested, start=1):
        parameter = sp.parameter
        result: Result | None = getattr(sp, "result", None)
        limit = frozen.get(parameter.pk)
        judgement = None
        if limit is not None and result is not None:
            try:
                judgement = judging.judge(
                    limit.as_rule(), result.reading(), sample.coefficient, parameter_unit=result.unit
                )
            except judging.JudgeError:
                judgement = judging.Judgement(judging.UNDETERMINED)
        elif limit is not None:
            judgement = judging.Judgement(judging.UNDETERMINED)
        verdict, verdict_label = verdict_text(judgement)
        accredited_any = accredited_any or parameter.accredited
        if result is not None:
            analysts.append(result.analyst)
            reviewers.append(result.reviewer)
        rows.append(
            {
                "position": position,
                "code": parameter.code,
                "name": parameter.name,
                "accredited": parameter.accredited,
                "unit": (result.unit if result is not None else parameter.unit) or "—",
                "method": (result.method if result is not None else parameter.method) or "—",
                "value": result.raw_value if result is not None else "—",
                "uncertainty": (result.uncertainty if result is not None else "") or "—",
                "limit": rule_text(limit.as_rule(), sample.coefficient) if limit is not None else "—",
                "verdict": verdict,
                "verdict_label": verdict_label,
                "class": judgement.klass if judgement is not None else None,
            }
        )
    code = overall_code(rows, judged=bool(sample.limit_set_id or sample.regulation_code))
    regulation = None
    if sample.regulation_code:
        superseded_by = sample.regulation.superseded_by if sample.regulation is not None else None
        coefficient_name = sample.limit_set.coefficient_name if sample.limit_set is not None else ""
        regulation = {
            "code": sample.regulation_code,
            "limit_set": sample.limit_set_name,
            "limit_set_description": sample.limit_set.description if sample.limit_set is not None else "",
            "coefficient_name": coefficient_name,
            "coefficient": _number(sample.coefficient),
            "superseded_by": superseded_by.code if superseded_by is not None else "",
            "warning": (
                _(
                    "Lưu ý: quy chuẩn %(code)s đã được thay thế bởi %(new)s; kết quả được đánh giá theo quy chuẩn "
                    "đã áp dụng cho mẫu."
                )
                % {"code": sample.regulation_code, "new": superseded_by.code}
                if superseded_by is not None
                else ""
            ),
        }
    return {
        "center": list(ISSUER_BODIES),
        "place": PLACE,
        "number": number,
        "version": version,
        "issue_date": issue_date.strftime("%d/%m/%Y"),
        "issue_date_iso": issue_date.isoformat(),
        "verification_code": verification_code,
        "verification_url": verification_url(verification_code) if verification_code else "",
        "cooperative": {
            "name": cooperative.name,
            "address": _address(cooperative),
            "tax_code": cooperative.tax_code or "—",
        },
        "sample": {
            "code": sample.code,
            "matrix": sample.matrix.name,
            "sampling_place": sample.sampling_place,
            "sampled_at": _date(sample.sampled_at),
            "sampler": sample.sampler or "—",
            "received_at": _date(sample.received_at),
            "received_by": sample.received_by.display_name if sample.received_by else "—",
            "condition": (
                sample.get_condition_display()
                + (f" — {sample.condition_note}" if sample.condition_note else "")
                if sample.condition
                else "—"
            ),
        },
        "regulation": regulation,
        "results": rows,
        "accredited_note": (
            _("%(mark)s Phương pháp thử được công nhận VILAS.") % {"mark": ACCREDITED_MARK}
            if accredited_any
            else ""
        ),
        "overall": {"code": code, "label": overall_label(code)},
        "analysts": _people(analysts),
        "reviewers": _people(reviewers),
        "issued_by": issued_by.display_name if issued_by is not None else "",
        "amendment": (
            {
                "reason": amendment_reason,
                "amends_number": amends.number,
                "amends_version": amends.version,
            }
            if amends is not None
            else None
        ),
    }


def report_document(content: dict) -> Document:
    """The report as a document of the engine (state house format), from its frozen content only."""
    with translation.override("vi"):
        return _document(content)


def _document(c: dict) -> Document:
    s, coop = c["sample"], c["cooperative"]
    blocks: list = []
    if c["amendment"]:
        blocks.append(
            Paragraph(
                _(
                    "Phiếu này (lần ban hành %(version)s) thay thế phiếu số %(number)s lần ban hành "
                    "%(old)s. Lý do sửa đổi: %(reason)s"
                )
                % {
                    "version": c["version"],
                    "number": c["amendment"]["amends_number"],
                    "old": c["amendment"]["amends_version"],
                    "reason": c["amendment"]["reason"],
                },
                italic=True,
            )
        )
    blocks += [
        Paragraph(
            _("Khách hàng: %(name)s; mã số thuế: %(tax)s; địa chỉ: %(address)s.")
            % {"name": coop["name"], "tax": coop["tax_code"], "address": coop["address"]}
        ),
        Paragraph(
            _("Mẫu thử: %(code)s (%(matrix)s), lấy tại %(place)s lúc %(at)s; người lấy mẫu: %(by)s.")
            % {
                "code": s["code"],
                "matrix": s["matrix"],
                "place": s["sampling_place"],
                "at": s["sampled_at"],
                "by": s["sampler"],
            }
        ),
        Paragraph(
            _("Nhận mẫu lúc %(at)s, người nhận: %(by)s; tình trạng mẫu khi nhận: %(condition)s.")
            % {"at": s["received_at"], "by": s["received_by"], "condition": s["condition"]}
        ),
    ]
    regulation = c["regulation"]
    if regulation:
        text = _("Quy chuẩn áp dụng: %(code)s, bộ giới hạn %(set)s") % {
            "code": regulation["code"],
            "set": regulation["limit_set"],
        }
        if regulation["coefficient_name"]:
            text += _("; hệ số %(name)s = %(k)s") % {
                "name": regulation["coefficient_name"],
                "k": regulation["coefficient"],
            }
        blocks.append(Paragraph(text + "."))
        if regulation["warning"]:
            blocks.append(Paragraph(regulation["warning"], italic=True))
    else:
        blocks.append(Paragraph(_("Không áp dụng quy chuẩn để đánh giá.")))
    blocks.append(Heading(_("Kết quả thử nghiệm")))
    # Seven columns, not eight: the method is printed under the parameter's name (the header says so), which
    # gives the name and method one wide column instead of two narrow ones that wrapped word by word. A report
    # of a basic wastewater package (six to eight parameters) then keeps to one page.
    blocks.append(
        Table(
            header=(
                _("TT"),
                _("Chỉ tiêu") + "\n" + _("Phương pháp thử"),
                _("Đơn vị"),
                _("Kết quả"),
                _("Độ không đảm bảo đo"),
                _("Giới hạn"),
                _("Đánh giá"),
            ),
            rows=[
                (
                    str(r["position"]),
                    r["name"] + (f" {ACCREDITED_MARK}" if r["accredited"] else "") + "\n" + r["method"],
                    r["unit"],
                    r["value"],
                    r["uncertainty"],
                    r["limit"],
                    r["verdict_label"],
                )
                for r in c["results"]
            ],
            widths=(6, 67, 19, 13, 24, 17, 19),  # millimetres of the 165 mm text width
            small=True,
        )
    )
    blocks.append(Paragraph(_("Kết luận chung: %(verdict)s") % {"verdict": c["overall"]["label"]}, bold=True))
    blocks.append(
        Paragraph(
            _("Kiểm nghiệm viên: %(analysts)s. Người soát xét: %(reviewers)s.")
            % {
                "analysts": ", ".join(c["analysts"]) or "—",
                "reviewers": ", ".join(c["reviewers"]) or "—",
            }
        )
    )
    notes = [c["accredited_note"]] if c["accredited_note"] else []
    notes.append(_("Kết quả chỉ có giá trị đối với mẫu đã thử."))
    blocks.append(Paragraph(" ".join(notes), italic=True))
    aside = None
    if c["verification_code"]:
        aside = QRCode(
            c["verification_url"],
            size_mm=18,
            lines=(
                _("Mã xác thực: %(code)s") % {"code": c["verification_code"]},
                _("Kiểm tra tại: %(url)s") % {"url": c["verification_url"]},
            ),
        )
    return Document(
        # The state format at its lower bounds (13 pt, single spacing): up to eight parameters keep to one page.
        format=formats.STATE_COMPACT,
        issuer=tuple(c["center"]),
        number=c["number"],
        place=c["place"],
        date=datetime.date.fromisoformat(c["issue_date_iso"]),
        title=_("Phiếu kết quả thử nghiệm"),
        summary=_("Mẫu %(code)s — lần ban hành %(version)s") % {"code": s["code"], "version": c["version"]},
        blocks=blocks,
        signature=Signature(
            title_lines=(_("Trưởng phòng thí nghiệm"),),
            name=c["issued_by"] or "—",
            note=_("(Đã ký)"),
            stamp_area_mm=6,
        ),
        aside=aside,
        footer=(
            _("Phiếu %(number)s, lần ban hành %(version)s — mã xác thực %(code)s")
            % {"number": c["number"], "version": c["version"], "code": c["verification_code"]}
        ),
        metadata={
            "title": _("Phiếu kết quả thử nghiệm %(number)s") % {"number": c["number"]},
            "author": c["center"][-1],
            "subject": s["code"],
        },
    )


# ------------------------------------------------------------------------------------------------ issuing


def issue_report(*, actor, sample: Sample) -> TestReport:
    """Issue the sample's report (or, after :func:`start_amendment`, its next version): freeze the content,
    render the PDF, store both; the sample is then reported and its cooperative's representatives are told.

    Version 1 takes the next number of the year (KQ-2026-00045, gap-free: the counter row stays locked until
    this transaction ends, and a failure rolls the number back). A later version keeps the number."""
    if not actor.has_role(*ISSUERS):
        raise DomainError(NOT_ISSUER, code="forbidden")
    with transaction.atomic(), acting_as(actor):
        sample = services._lock(sample)
        services._require_state(sample, (SampleState.RESULTS_VERIFIED,), _("ban hành phiếu kết quả"))
        last = (
            TestReport.objects.filter(sample=sample)
            .only("pk", "number", "version")
            .order_by("-version")
            .first()
        )
        now = timezone.now()
        issue_date = timezone.localdate(now)
        reason = ""
        if last is None:
            number = f"KQ-{issue_date.year}-{next_in_year(ReportCounter, issue_date.year):05d}"
            version = 1
        else:
            reason = sample.amendment_reason.strip()
            if not reason:
                raise DomainError(
                    _(
                        "Mẫu %(code)s đã có phiếu kết quả %(number)s; hãy bắt đầu sửa đổi phiếu (ghi lý do) trước "
                        "khi ban hành lần mới."
                    )
                    % {"code": sample.code, "number": last.number},
                    code="state",
                )
            number, version = last.number, last.version + 1
        code = _unused_code()
        content = report_content(
            sample,
            number=number,
            version=version,
            issue_date=issue_date,
            verification_code=code,
            issued_by=actor,
            amendment_reason=reason,
            amends=last,
        )
        pdf = render_pdf(report_document(content))
        report = TestReport.objects.create(
            sample=sample,
            number=number,
            version=version,
            amends=last,
            amendment_reason=reason,
            issued_at=now,
            issue_date=issue_date,
            issued_by=actor,
            verification_code=code,
            overall_verdict=content["overall"]["code"],
            content=content,
            pdf=pdf,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        )
        sample.state, sample.amendment_reason = SampleState.REPORTED, ""
        services._save(sample, ["state", "amendment_reason"])
        transaction.on_commit(lambda: _notify_issued(report, sample, actor))
    return report


def start_amendment(*, actor, sample: Sample, reason: str, reopen: Iterable = ()) -> Sample:
    """Begin amending an issued report: the reason is kept for the next version; the chosen results (of this
    sample) go back to their analyst as returned with that reason, to be entered and verified again (four eyes
    as ever). With nothing reopened — only the sample's details were wrong — the sample is ready to issue again.
    The issued report stays as it was until the next version supersedes it."""
    if not actor.has_role(*ISSUERS):
        raise DomainError(NOT_ISSUER, code="forbidden")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Hãy ghi lý do sửa đổi phiếu kết quả.")]})
    wanted = {getattr(r, "pk", r) for r in reopen}
    with transaction.atomic(), acting_as(actor):
        sample = services._lock(sample)
        services._require_state(sample, (SampleState.REPORTED,), _("sửa đổi phiếu kết quả"))
        results = list(
            Result.objects.select_for_update().filter(pk__in=wanted, sample_parameter__sample=sample)
        )
        if len(results) != len(wanted):
            raise DomainError(
                _("Chỉ mở lại được các kết quả của chính mẫu %(code)s.") % {"code": sample.code},
                code="result",
            )
        for result in results:
            # Back to the analyst like a reviewer's return; the returning is the manager's, recorded in the
            # audit trail (the reviewer field is left empty: the manager may be the analyst of that result).
            result.status, result.return_reason = ResultStatus.RETURNED, reason
            result.reviewer, result.reviewed_at = None, None
            result.save(update_fields=["status", "return_reason", "reviewer", "reviewed_at"])
        sample.amendment_reason = reason
        sample.state = SampleState.IN_ANALYSIS if results else SampleState.RESULTS_VERIFIED
        services._save(sample, ["state", "amendment_reason"])
    return sample


def abandon_amendment(*, actor, sample: Sample, reason: str) -> Sample:
    """Give up an amendment started by mistake: the sample is reported again under its current version, and the
    results the amendment reopened are verified again by the reviewer who had verified them, at that time.

    Only the lab manager, only while an amendment is pending (issuing the next version ends it), and only while
    nothing was changed since it started: no result entered again (a result entered after the current version
    was issued), no regulation applied again, no sample detail corrected (the details differ from those the
    current version prints). Otherwise the amendment is refused here — it is finished by issuing the next
    version. The reopened results are restored exactly from the audit trail (the result's last verified state,
    with the same entry): when that state cannot be found the abandonment is refused rather than guessed. The
    reason goes into the history with the change."""
    from hoptac.core.audit import event_model_for

    if not actor.has_role(*ISSUERS):
        raise DomainError(NOT_ISSUER, code="forbidden")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Hãy ghi lý do bỏ sửa đổi phiếu kết quả.")]})
    with transaction.atomic(), acting_as(actor, note=reason):
        sample = services._lock(sample)
        last = (
            TestReport.objects.filter(sample=sample).only("pk", "issued_at", "content").order_by("-version")
        )
        last = last.first()
        pending = bool(sample.amendment_reason.strip())
        if last is None or not pending or sample.state == SampleState.CANCELLED:
            raise DomainError(
                _("Mẫu %(code)s không có việc sửa đổi phiếu kết quả nào đang chờ.") % {"code": sample.code},
                code="state",
            )
        results = list(Result.objects.select_for_update().filter(sample_parameter__sample=sample))
        changed = [r for r in results if r.entered_at > last.issued_at or r.status == ResultStatus.ENTERED]
        applied_again = (
            sample.regulation_applied_at is not None and sample.regulation_applied_at > last.issued_at
        )
        if changed or applied_again or _details_changed(sample, last):
            raise DomainError(
                _(
                    "Mẫu %(code)s đã có thay đổi kể từ khi bắt đầu sửa đổi (kết quả nhập lại, quy chuẩn áp dụng lại "
                    "hoặc thông tin mẫu đã sửa) nên không bỏ sửa đổi được; hãy hoàn tất sửa đổi và ban hành lần mới."
                )
                % {"code": sample.code},
                code="changed",
            )
        events = event_model_for(Result)
        for result in results:
            if result.status == ResultStatus.VERIFIED:
                continue
            before = (
                events.objects.filter(
                    pgh_obj_id=result.pk, status=ResultStatus.VERIFIED, entered_at=result.entered_at
                )
                .order_by("-pgh_id")
                .first()
            )
            if before is None or before.reviewer_id is None:
                raise DomainError(
                    _(
                        "Không khôi phục được lần soát xét trước của kết quả %(parameter)s; hãy hoàn tất sửa đổi "
                        "và ban hành lần mới."
                    )
                    % {"parameter": result.sample_parameter.parameter.name},
                    code="changed",
                )
            result.status, result.return_reason = ResultStatus.VERIFIED, ""
            result.reviewer_id, result.reviewed_at = before.reviewer_id, before.reviewed_at
            result.save(update_fields=["status", "return_reason", "reviewer", "reviewed_at"])
        sample.state, sample.amendment_reason = SampleState.REPORTED, ""
        services._save(sample, ["state", "amendment_reason"])
    return sample


def _details_changed(sample: Sample, report: TestReport) -> bool:
    """The sample's details differ from those the report prints (corrected during the amendment)."""
    printed = (report.content or {}).get("sample", {})
    with translation.override("vi"):
        now = {
            "sampling_place": sample.sampling_place,
            "sampled_at": _date(sample.sampled_at),
            "sampler": sample.sampler or "—",
        }
    return any(printed.get(key) != value for key, value in now.items())


# ------------------------------------------------------------------------------------------------ reading


def with_currency(queryset: QuerySet) -> QuerySet:
    """Each report with ``latest_version``, the newest version issued under its number (one subquery): a report
    is current when its version is the latest, superseded otherwise."""
    latest = TestReport.objects.filter(number=OuterRef("number")).order_by("-version").values("version")[:1]
    return queryset.annotate(latest_version=Subquery(latest))


def is_current(report: TestReport) -> bool:
    latest = getattr(report, "latest_version", None)
    if latest is None:
        return not TestReport.objects.filter(number=report.number, version__gt=report.version).exists()
    return report.version >= latest


LIST_FIELDS = ("pk", "sample_id", "number", "version", "issue_date", "issued_at", "overall_verdict")


def reports_of(*, user, sample: Sample) -> list[TestReport]:
    """The sample's report versions the user may see, newest first, without their PDF or content."""
    queryset = restrict(TestReport.objects.filter(sample=sample), user, VIEW).only(*LIST_FIELDS)
    return list(with_currency(queryset).order_by("-version"))


def report_for_download(*, user, pk: int) -> TestReport:
    """The stored PDF of a report the user may see (404 otherwise)."""
    from hoptac.core.permissions import get_visible_or_404

    return get_visible_or_404(
        TestReport.objects.only("pk", "sample_id", "number", "version", "pdf"), user, VIEW, pk=pk
    )


def report_verify(code: str) -> TestReport | None:
    """The report a verification code names, with only what the public page shows (one query)."""
    normalised = normalise_code(code)
    if normalised is None:
        return None
    queryset = (
        TestReport.objects.filter(verification_code=normalised)
        .select_related("sample")
        .only("pk", "number", "version", "issue_date", "overall_verdict", "sample__code")
    )
    return with_currency(queryset).first()


# Per client address, unknown codes in a window; beyond the limit the page answers 429 until the window ends.
# Counted in PostgreSQL (VerificationThrottle), so all app servers and workers share one count per address. The
# 60-bit code space, not this counter, is what makes guessing hopeless; the counter keeps a scraper from hammering.
VERIFY_FAILURES_ALLOWED = 20
VERIFY_WINDOW_SECONDS = 15 * 60


def _client_key(ip: str | None) -> str:
    return (ip or "unknown")[:64]


def verification_throttled(ip: str | None) -> bool:
    """This address has used up its unknown codes for the current window."""
    since = timezone.now() - datetime.timedelta(seconds=VERIFY_WINDOW_SECONDS)
    return VerificationThrottle.objects.filter(
        address=_client_key(ip), window_start__gte=since, failures__gte=VERIFY_FAILURES_ALLOWED
    ).exists()


def verification_failed(ip: str | None) -> None:
    """Count one unknown code for this address: one upsert, a new window when the last one has passed."""
    now = timezone.now()
    since = now - datetime.timedelta(seconds=VERIFY_WINDOW_SECONDS)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO lab_verificationthrottle AS t (address, window_start, failures)
            VALUES (%(address)s, %(now)s, 1)
            ON CONFLICT (address) DO UPDATE SET
                failures = CASE WHEN t.window_start < %(since)s THEN 1 ELSE t.failures + 1 END,
                window_start = CASE WHEN t.window_start < %(since)s THEN %(now)s ELSE t.window_start END
            """,
            {"address": _client_key(ip), "now": now, "since": since},
        )


def purge_verification_throttle(now: datetime.datetime) -> int:
    """Housekeeping: forget the windows that have passed."""
    since = now - datetime.timedelta(seconds=VERIFY_WINDOW_SECONDS)
    deleted, _ = VerificationThrottle.objects.filter(window_start__lt=since).delete()
    return deleted


# ------------------------------------------------------------------------------------------------ sample page


def panel_context(user, sample: Sample) -> dict:
    """What ``lab/_reports_panel.html`` needs on the sample page: the versions (newest first, without their
    bytes), and the issue button and amendment form when the user may use them."""
    from .views_reports import AmendmentForm

    is_issuer = user.has_role(*ISSUERS)
    may_issue = is_issuer and sample.state == SampleState.RESULTS_VERIFIED
    may_amend = is_issuer and sample.state == SampleState.REPORTED
    pending = is_issuer and bool(sample.amendment_reason.strip()) and sample.state != SampleState.CANCELLED
    return {
        "reports_sample_pk": sample.pk,
        "reports_versions": reports_of(user=user, sample=sample),
        "reports_may_issue": may_issue,
        "reports_may_amend": may_amend,
        "reports_pending_amendment": sample.amendment_reason if is_issuer else "",
        "reports_amendment_form": AmendmentForm(sample=sample) if may_amend else None,
        # Offered while an amendment is pending; the service refuses it once something was changed.
        "reports_may_abandon": pending,
    }


def reopenable_results(sample: Sample) -> QuerySet:
    """The sample's verified results, the ones an amendment may send back."""
    return (
        Result.objects.filter(sample_parameter__sample=sample, status=ResultStatus.VERIFIED)
        .select_related("sample_parameter__parameter")
        .order_by("sample_parameter__position", "sample_parameter_id")
    )


# ------------------------------------------------------------------------------------------------ notifications

KIND_ISSUED = "lab.report_issued"


def render_issued(payload: dict) -> tuple[str, str]:
    number = payload.get("number", "")
    if int(payload.get("version") or 1) > 1:
        title = _("Phiếu kết quả %(number)s đã được sửa đổi") % {"number": number}
    else:
        title = _("Đã có phiếu kết quả %(number)s") % {"number": number}
    body = _("Phiếu kết quả thử nghiệm mẫu %(code)s (lần ban hành %(version)s) đã được ban hành.") % {
        "code": payload.get("sample_code", ""),
        "version": payload.get("version", 1),
    }
    return title, body


ISSUED = register_kind(NotificationKind(KIND_ISSUED, gettext_lazy("Phiếu kết quả thử nghiệm"), render_issued))


def _notify_issued(report: TestReport, sample: Sample, actor) -> None:
    from django.contrib.contenttypes.models import ContentType

    from hoptac.accounts.models import User
    from hoptac.notifications.services import notify
    from hoptac.registry.models import Cooperative

    recipients = User.objects.filter(
        is_active=True,
        role_assignments__role__code=roles.COOPERATIVE_REPRESENTATIVE,
        role_assignments__scope_type=ContentType.objects.get_for_model(Cooperative),
        role_assignments__scope_id=sample.cooperative_id,
    ).values_list("pk", flat=True)
    notify(
        recipients=recipients,
        kind=KIND_ISSUED,
        payload={"number": report.number, "version": report.version, "sample_code": sample.code},
        url=reverse("lab:report_pdf", args=[report.pk]),
        actor=actor,
    )
