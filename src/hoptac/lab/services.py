"""Every change to a sample and its results: one service function per action.

Each function locks the sample row (``SELECT … FOR UPDATE``), checks the actor's role and the sample's state,
then writes in one transaction (the same shape as :mod:`hoptac.support.workflow`). Of two people acting on the
same sample at once, the second waits for the first and is told, in Vietnamese, what happened instead.

Who does what (PRODUCT.md, issue 5): the institute's leader or the lab manager registers and cancels samples;
any lab role receives them; the lab manager, a reviewer or the institute's leader applies the regulation (not the
analyst whose results it judges); an analyst enters results and a reviewer verifies or returns them — never the
analyst of that result, and only the value the reviewer saw. A cooperative's representative does none of these.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hoptac.accounts import roles
from hoptac.core.audit import acting_as
from hoptac.core.errors import DomainError
from hoptac.core.numbering import next_in_year

from . import judging
from .choices import Condition, ResultStatus, SampleState
from .models import (
    LimitSet,
    Parameter,
    Result,
    Sample,
    SampleCounter,
    SampleLimit,
    SampleParameter,
    rule_to_json,
)
from .verdicts import COMPLIANT, GRADED, NOT_COMPLIANT, UNDETERMINED, overall  # noqa: F401  (re-exported)

REGISTRARS = frozenset({roles.INSTITUTE_LEADER, roles.LAB_MANAGER})
RECEIVERS = roles.LAB_ROLES
# Choosing the yardstick is the reviewer's or the manager's call (or the leader's, who registers the order), not
# the analyst's whose results it judges; receiving stays with every lab role (RECEIVERS).
APPLIERS = frozenset({roles.LAB_MANAGER, roles.LAB_REVIEWER, roles.INSTITUTE_LEADER})
ANALYSTS = frozenset({roles.LAB_ANALYST})
REVIEWERS = frozenset({roles.LAB_REVIEWER})

NOT_ALLOWED = _("Bạn không có quyền thực hiện thao tác này với mẫu này.")
WRONG_STATE = _("Mẫu %(code)s đang ở trạng thái “%(state)s” nên không thể %(action)s.")
REASON_REQUIRED = _("Hãy ghi lý do.")
OPEN_STATES = (SampleState.REGISTERED, SampleState.RECEIVED, SampleState.IN_ANALYSIS)


# ------------------------------------------------------------------------------------------------ helpers


def _allow(actor, allowed: Iterable[str]) -> None:
    if not actor.has_role(*allowed):
        raise DomainError(NOT_ALLOWED, code="forbidden")


def _lock(sample: Sample) -> Sample:
    return Sample.objects.select_for_update().get(pk=sample.pk)


def _require_state(sample: Sample, states: Iterable[str], action) -> None:
    if sample.state not in states:
        raise DomainError(
            WRONG_STATE % {"code": sample.code, "state": sample.get_state_display(), "action": action},
            code="state",
        )


def _save(sample: Sample, fields: list[str]) -> None:
    sample.version += 1
    sample.save(update_fields=[*fields, "version", "updated_at"])


def _reason(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"reason": [REASON_REQUIRED]})
    return text


def next_code(year: int) -> str:
    """The next sample code of ``year`` (MT-2026-00045), gap-free (core.numbering)."""
    return f"MT-{year}-{next_in_year(SampleCounter, year):05d}"


def due_date_for(sample: Sample, received: datetime.date) -> datetime.date | None:
    """The received date plus the longest turnaround of the requested parameters, in working days."""
    from hoptac.workdays.calendar import add_working_days

    days = max((p.turnaround_days for p in sample.parameters.all()), default=None)
    return None if days is None else add_working_days(received, days)


# ------------------------------------------------------------------------------------------------ samples


def register_sample(
    *,
    actor,
    cooperative=None,
    matrix,
    parameters: Iterable[Parameter],
    sampling_place: str,
    sampled_at: datetime.datetime | None = None,
    sampler: str = "",
    sampler_user=None,
    support_request=None,
    token=None,
) -> Sample:
    """A new sample order, for a cooperative directly or from its support request of category quality testing
    whose work the institute has accepted (:data:`hoptac.lab.integration.WORK_ACCEPTED_STATES`, the same rule that
    shows the request page's button): a closed, declined or withdrawn request — or one not yet accepted — is refused.

    ``parameters`` must be offered for ``matrix``; their current prices and turnarounds are copied onto the
    sample, and the quote is their sum. ``token`` is the order form's one-time token: posting the same form again
    returns the sample the first post registered (the unique column decides between two posts at once).
    """
    if token is not None:
        earlier = Sample.objects.filter(creation_token=token, registered_by=actor).first()
        if earlier is not None:
            return earlier
    from hoptac.support.choices import Category

    _allow(actor, REGISTRARS)
    if support_request is not None:
        if support_request.category != Category.QUALITY_TESTING:
            raise DomainError(
                _(
                    "Chỉ yêu cầu hỗ trợ thuộc lĩnh vực “Kiểm nghiệm chất lượng” mới tạo được mẫu thử nghiệm; "
                    "yêu cầu %(number)s thuộc lĩnh vực “%(category)s”."
                )
                % {
                    "number": support_request.number or support_request.pk,
                    "category": support_request.get_category_display(),
                },
                code="category",
            )
        from .integration import WORK_ACCEPTED_STATES

        if support_request.state not in WORK_ACCEPTED_STATES:
            raise DomainError(
                _(
                    "Yêu cầu hỗ trợ %(number)s đang ở trạng thái “%(state)s”; chỉ yêu cầu đã được Viện tiếp nhận "
                    "(đã phân công hoặc đang thực hiện) mới tạo được mẫu thử nghiệm."
                )
                % {
                    "number": support_request.number or support_request.pk,
                    "state": support_request.get_state_display(),
                },
                code="request_state",
            )
        if cooperative is not None and cooperative.pk != support_request.cooperative_id:
            raise DomainError(
                _("Mẫu phải thuộc hợp tác xã đã gửi yêu cầu hỗ trợ %(number)s.")
                % {"number": support_request.number or support_request.pk},
                code="cooperative",
            )
        cooperative = support_request.cooperative
    if cooperative is None:
        raise ValidationError({"cooperative": [_("Hãy chọn hợp tác xã.")]})
    chosen = list(dict.fromkeys(parameters))
    if not chosen:
        raise ValidationError({"parameters": [_("Hãy chọn ít nhất một chỉ tiêu.")]})
    offered = set(matrix.parameters.values_list("pk", flat=True))
    foreign = [p for p in chosen if p.pk not in offered]
    if foreign:
        raise DomainError(
            _("Chỉ tiêu %(codes)s không thuộc danh mục của nền mẫu “%(matrix)s”.")
            % {"codes": ", ".join(p.code for p in foreign), "matrix": matrix.name},
            code="parameter",
        )
    sampling_place = (sampling_place or "").strip()
    if not sampling_place:
        raise ValidationError({"sampling_place": [_("Hãy ghi nơi lấy mẫu.")]})
    extra = {"sampled_at": sampled_at, "sampler": (sampler or "").strip(), "sampler_user": sampler_user}
    try:
        return _register(actor, cooperative, support_request, matrix, chosen, sampling_place, token, extra)
    except IntegrityError:
        earlier = Sample.objects.filter(creation_token=token, registered_by=actor).first() if token else None
        if earlier is None:
            raise
        return earlier


def _register(actor, cooperative, support_request, matrix, chosen, sampling_place, token, extra) -> Sample:
    now = timezone.now()
    with transaction.atomic(), acting_as(actor):
        sample = Sample(
            code=next_code(timezone.localdate(now).year),
            creation_token=token,
            cooperative=cooperative,
            support_request=support_request,
            matrix=matrix,
            sampling_place=sampling_place,
            **extra,
            registered_at=now,
            registered_by=actor,
            quote=sum((p.price for p in chosen), Decimal(0)),
        )
        sample.save()
        SampleParameter.objects.bulk_create(
            SampleParameter(
                sample=sample, parameter=p, price=p.price, turnaround_days=p.turnaround_days, position=i
            )
            for i, p in enumerate(chosen)
        )
    return sample


def receive_sample(
    *,
    actor,
    sample: Sample,
    condition: str,
    condition_note: str = "",
    received_at: datetime.datetime | None = None,
) -> Sample:
    """The center takes the sample in (chain of custody): when, by whom, in what condition; the due date runs from
    the received date."""
    _allow(actor, RECEIVERS)
    if condition not in Condition.values:
        raise ValidationError({"condition": [_("Hãy chọn tình trạng mẫu khi nhận.")]})
    condition_note = (condition_note or "").strip()
    if condition == Condition.OTHER and not condition_note:
        raise ValidationError({"condition_note": [_("Hãy ghi rõ tình trạng mẫu.")]})
    received_at = received_at or timezone.now()
    if received_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"received_at": [_("Thời điểm nhận mẫu không được ở trong tương lai.")]})
    with transaction.atomic(), acting_as(actor):
        sample = _lock(sample)
        _require_state(sample, (SampleState.REGISTERED,), _("nhận mẫu"))
        if sample.sampled_at is not None and received_at < sample.sampled_at:
            raise ValidationError({"received_at": [_("Thời điểm nhận mẫu phải sau thời điểm lấy mẫu.")]})
        sample.state = SampleState.RECEIVED
        sample.received_at, sample.received_by = received_at, actor
        sample.condition, sample.condition_note = condition, condition_note
        sample.due_date = due_date_for(sample, timezone.localdate(received_at))
        _save(sample, ["state", "received_at", "received_by", "condition", "condition_note", "due_date"])
    return sample


def apply_regulation(*, actor, sample: Sample, limit_set: LimitSet, k: str | Decimal = "1") -> Sample:
    """Judge the sample against ``limit_set`` with coefficient ``k``: its limits for the requested parameters are
    copied onto the sample (:class:`SampleLimit`), so a later edit of the regulation never changes them.

    Applying again replaces the copy — but only while no result of the sample is verified: a verified result was
    reviewed against the limits then applied, and a new regulation would flip its verdict with nobody reviewing
    it. So it is refused, under the lock, as soon as one result is verified. While an amendment of the report is
    pending only the lab manager applies again, after reopening every verified result with the amendment
    (:func:`hoptac.lab.reports.start_amendment`), so every verdict is entered and reviewed again.

    Who: the lab manager, a reviewer or the institute's leader (:data:`APPLIERS`) — not an analyst, whose own
    results the choice judges; receiving the sample stays open to every lab role (:data:`RECEIVERS`)."""
    from .selectors import rule_for

    _allow(actor, APPLIERS)
    try:
        factor = judging.parse_coefficient(k)
    except judging.JudgeError as exc:
        raise ValidationError({"coefficient": [exc.message]}) from exc
    if factor != 1 and not limit_set.coefficient_name:
        raise ValidationError(
            {
                "coefficient": [
                    _("Bộ giới hạn %(set)s không có hệ số; hãy để hệ số bằng 1.") % {"set": limit_set.name}
                ]
            }
        )
    with transaction.atomic(), acting_as(actor):
        sample = _lock(sample)
        _require_state(sample, OPEN_STATES, _("áp dụng quy chuẩn"))
        if sample.amendment_reason.strip() and not actor.has_role(roles.LAB_MANAGER):
            raise DomainError(
                _(
                    "Mẫu %(code)s đang được sửa đổi phiếu kết quả; chỉ trưởng phòng thí nghiệm được áp dụng lại "
                    "quy chuẩn."
                )
                % {"code": sample.code},
                code="forbidden",
            )
        verified = Result.objects.filter(
            sample_parameter__sample=sample, status=ResultStatus.VERIFIED
        ).count()
        if verified:
            raise DomainError(
                _(
                    "Mẫu %(code)s đã có %(n)s kết quả được soát xét theo quy chuẩn đang áp dụng nên không đổi được "
                    "quy chuẩn: kết luận của các kết quả đó sẽ thay đổi mà không ai soát xét lại. Muốn đổi, trưởng "
                    "phòng thí nghiệm phải mở lại mọi kết quả đã soát xét (khi sửa đổi phiếu kết quả, chọn mở lại "
                    "tất cả) rồi mới áp dụng lại quy chuẩn."
                )
                % {"code": sample.code, "n": verified},
                code="verified",
            )
        regulation = limit_set.regulation
        requested = {sp.parameter_id for sp in sample.parameters.all()}
        limits = (
            limit_set.limits.filter(parameter_id__in=requested)
            .select_related("limit_set", "parameter")
            .prefetch_related("intervals")
        )
        SampleLimit.objects.filter(sample=sample).delete()
        SampleLimit.objects.bulk_create(
            SampleLimit(
                sample=sample,
                parameter=limit.parameter,
                regulation_code=regulation.code,
                limit_set_name=limit_set.name,
                kind=limit_set.kind,
                unit=limit.unit,
                coefficient_applies=limit.coefficient_applies,
                rule=rule_to_json(rule_for(limit)),
                note=limit.note,
            )
            for limit in limits
        )
        sample.regulation, sample.limit_set = regulation, limit_set
        sample.regulation_code, sample.limit_set_name = regulation.code, limit_set.name
        sample.coefficient, sample.regulation_applied_at = factor, timezone.now()
        _save(
            sample,
            [
                "regulation",
                "limit_set",
                "regulation_code",
                "limit_set_name",
                "coefficient",
                "regulation_applied_at",
            ],
        )
    return sample


def cancel_sample(*, actor, sample: Sample, reason: str) -> Sample:
    """Cancel an order before its results are verified; the reason is kept. A sample with an issued report is
    never cancelled — not even while an amendment has put it back in analysis: the report exists, and the
    amendment is finished (or abandoned, :func:`hoptac.lab.reports.abandon_amendment`) instead."""
    from .models import TestReport

    _allow(actor, REGISTRARS)
    reason = _reason(reason)
    with transaction.atomic(), acting_as(actor):
        sample = _lock(sample)
        _require_state(sample, OPEN_STATES, _("hủy"))
        if sample.amendment_reason.strip() or TestReport.objects.filter(sample=sample).exists():
            raise DomainError(
                _(
                    "Mẫu %(code)s đã có phiếu kết quả nên không thể hủy; hãy hoàn tất hoặc bỏ việc sửa đổi phiếu "
                    "kết quả."
                )
                % {"code": sample.code},
                code="reported",
            )
        sample.state, sample.cancelled_at, sample.cancel_reason = (
            SampleState.CANCELLED,
            timezone.now(),
            reason,
        )
        _save(sample, ["state", "cancelled_at", "cancel_reason"])
    return sample


def correct_sample_details(
    *,
    actor,
    sample: Sample,
    sampling_place: str,
    sampled_at: datetime.datetime | None,
    sampler: str,
    reason: str,
) -> Sample:
    """Correct where, when and by whom the sample was taken, with a reason kept in the sample's history.

    Allowed to the registrars while the sample is open (before its report is issued) or while an amendment of its
    report is pending (:func:`hoptac.lab.reports.start_amendment`, which always moves the sample out of "reported"
    — back to analysis or to "results verified"): the next version then prints the corrected details, and the
    issued versions stay as they were. A reported sample is refused with the advice to start an amendment. A
    changed sampler name unlinks the sampler's account. Nothing differing, nothing is written (no new version)."""
    _allow(actor, REGISTRARS)
    reason = _reason(reason)
    sampling_place = (sampling_place or "").strip()
    if not sampling_place:
        raise ValidationError({"sampling_place": [_("Hãy ghi nơi lấy mẫu.")]})
    sampler = (sampler or "").strip()
    if sampled_at is not None and sampled_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"sampled_at": [_("Thời điểm lấy mẫu không được ở trong tương lai.")]})
    with transaction.atomic(), acting_as(actor, note=reason):
        sample = _lock(sample)
        if sample.state == SampleState.REPORTED:
            raise DomainError(
                _(
                    "Mẫu %(code)s đã có phiếu kết quả; hãy bắt đầu sửa đổi phiếu (ghi lý do) trước khi sửa "
                    "thông tin mẫu."
                )
                % {"code": sample.code},
                code="state",
            )
        _require_state(sample, (*OPEN_STATES, SampleState.RESULTS_VERIFIED), _("sửa thông tin mẫu"))
        if sampled_at is not None and sample.received_at is not None and sampled_at > sample.received_at:
            raise ValidationError({"sampled_at": [_("Thời điểm lấy mẫu phải trước thời điểm nhận mẫu.")]})
        before = (sample.sampling_place, sample.sampled_at, sample.sampler)
        if before == (sampling_place, sampled_at, sampler):
            return sample
        if sampler != sample.sampler:
            sample.sampler_user = None
        sample.sampling_place, sample.sampled_at, sample.sampler = sampling_place, sampled_at, sampler
        _save(sample, ["sampling_place", "sampled_at", "sampler", "sampler_user"])
    return sample


# ------------------------------------------------------------------------------------------------ results

RESULT_STATES = (SampleState.RECEIVED, SampleState.IN_ANALYSIS)
FOUR_EYES = _(
    "Bạn là kiểm nghiệm viên đã nhập kết quả này nên không thể tự soát xét; một người soát xét khác phải làm "
    "việc này."
)


def _lock_result(result: Result) -> tuple[Sample, Result]:
    sample_id = SampleParameter.objects.values_list("sample_id", flat=True).get(pk=result.sample_parameter_id)
    sample = Sample.objects.select_for_update().get(pk=sample_id)
    result = (
        Result.objects.select_for_update().select_related("sample_parameter__parameter").get(pk=result.pk)
    )
    return sample, result


def enter_result(
    *,
    actor,
    sample_parameter: SampleParameter,
    value: str,
    method: str = "",
    uncertainty: str = "",
    unit: str | None = None,
) -> Result:
    """The analyst's result for one requested parameter, as typed ("12,5", "<0,5", "KPH"); a returned result is
    entered again. A verified result is not changed here (an amendment goes through the report)."""
    _allow(actor, ANALYSTS)
    try:
        reading = judging.parse_value(value)
    except judging.JudgeError as exc:
        raise ValidationError({"value": [exc.message]}) from exc
    parameter = sample_parameter.parameter
    with transaction.atomic(), acting_as(actor):
        sample = _lock(sample_parameter.sample)
        _require_state(sample, RESULT_STATES, _("nhập kết quả"))
        result = Result.objects.select_for_update().filter(sample_parameter=sample_parameter).first()
        if result is not None and result.status == ResultStatus.VERIFIED:
            raise DomainError(_("Kết quả này đã được soát xét nên không sửa được."), code="state")
        result = result or Result(sample_parameter=sample_parameter)
        result.raw_value = (value or "").strip()
        result.reading_kind, result.value = reading.kind, reading.value
        result.unit = parameter.unit if unit is None else unit.strip()
        result.method = (method or "").strip() or parameter.method
        result.uncertainty = (uncertainty or "").strip()
        result.analyst, result.entered_at = actor, timezone.now()
        result.status, result.reviewer, result.reviewed_at = ResultStatus.ENTERED, None, None
        result.save()
        if sample.state == SampleState.RECEIVED:
            sample.state = SampleState.IN_ANALYSIS
            _save(sample, ["state"])
    return result


STALE = _("Kết quả vừa được nhập lại; hãy xem giá trị mới trước khi soát xét.")


def _seen(value) -> datetime.datetime | None:
    """The ``entered_at`` the reviewer's page showed, as posted (ISO text) or as a datetime; None when missing or
    unreadable (then it cannot match)."""
    if isinstance(value, datetime.datetime):
        return value
    try:
        seen = datetime.datetime.fromisoformat((value or "").strip())
    except ValueError:
        return None
    return seen if timezone.is_aware(seen) else None


def _review(actor, result: Result, action, seen_entered_at=None) -> tuple[Sample, Result]:
    _allow(actor, REVIEWERS)
    sample, result = _lock_result(result)
    _require_state(sample, (SampleState.IN_ANALYSIS,), action)
    if result.status != ResultStatus.ENTERED:
        raise DomainError(
            _("Kết quả đang ở trạng thái “%(status)s” nên không thể %(action)s.")
            % {"status": result.get_status_display(), "action": action},
            code="state",
        )
    if result.analyst_id == actor.pk:
        raise DomainError(FOUR_EYES, code="four_eyes")
    if seen_entered_at is not None and _seen(seen_entered_at) != result.entered_at:
        raise DomainError(STALE, code="stale")
    return sample, result


def verify_result(*, actor, result: Result, seen_entered_at: datetime.datetime | str | None = None) -> Result:
    """A reviewer — never the analyst of this result — verifies it; when every requested parameter of the sample
    has a verified result, the sample's results are verified.

    ``seen_entered_at`` is the entry time of the value the reviewer's page showed (the screens always post it, as
    ISO text): when the analyst entered the result again since, the reviewer would verify a value they never saw,
    so it is refused under the row lock (code "stale"). Posted empty or unreadable, it is refused the same way —
    a form that does not say what it showed verifies nothing. None (the demo, scripts that just entered the value)
    skips the check."""
    with transaction.atomic(), acting_as(actor):
        sample, result = _review(actor, result, _("soát xét"), seen_entered_at)
        result.status, result.reviewer, result.reviewed_at = ResultStatus.VERIFIED, actor, timezone.now()
        result.return_reason = ""
        result.save(update_fields=["status", "reviewer", "reviewed_at", "return_reason"])
        pending = (
            SampleParameter.objects.filter(sample=sample)
            .exclude(result__status=ResultStatus.VERIFIED)
            .exists()
        )
        if not pending:
            sample.state = SampleState.RESULTS_VERIFIED
            _save(sample, ["state"])
    return result


def return_result(
    *, actor, result: Result, reason: str, seen_entered_at: datetime.datetime | str | None = None
) -> Result:
    """A reviewer sends the result back to the analyst with a reason — the value they saw
    (``seen_entered_at``, as in :func:`verify_result`)."""
    reason = _reason(reason)
    with transaction.atomic(), acting_as(actor):
        _sample, result = _review(actor, result, _("trả lại"), seen_entered_at)
        result.status, result.reviewer, result.reviewed_at = ResultStatus.RETURNED, actor, timezone.now()
        result.return_reason = reason
        result.save(update_fields=["status", "reviewer", "reviewed_at", "return_reason"])
    return result


# ------------------------------------------------------------------------------------------------ compliance

# The overall verdicts (services.COMPLIANT … are kept as names here for callers): hoptac.lab.verdicts.


def result_verdict(result: Result, sample: Sample | None = None) -> judging.Judgement | None:
    """The result judged against the limit FROZEN on its sample, with the sample's coefficient — never the live
    regulation. None when no regulation was applied or it sets no limit for this parameter."""
    sample_parameter = result.sample_parameter
    sample = sample or sample_parameter.sample
    frozen = SampleLimit.objects.filter(sample=sample, parameter_id=sample_parameter.parameter_id).first()
    if frozen is None:
        return None
    return judging.judge(frozen.as_rule(), result.reading(), sample.coefficient, parameter_unit=result.unit)


def sample_compliance(sample: Sample) -> str | None:
    """Overall (:func:`hoptac.lab.verdicts.overall`): not compliant when any result exceeds a limit or falls below
    it; undetermined when any limited parameter has no result yet, cannot be decided or is in another unit;
    "graded" for a graded set; compliant otherwise. None when no regulation was applied."""
    if sample.limit_set_id is None and not sample.regulation_code:
        return None
    limited = set(SampleLimit.objects.filter(sample=sample).values_list("parameter_id", flat=True))
    results = {
        r.sample_parameter.parameter_id: r
        for r in Result.objects.filter(sample_parameter__sample=sample).select_related("sample_parameter")
    }
    verdicts = []
    for parameter_id in limited:
        result = results.get(parameter_id)
        try:
            verdicts.append(None if result is None else result_verdict(result, sample).verdict)
        except judging.JudgeError:
            verdicts.append(judging.UNDETERMINED)
    return overall(verdicts, judged=True)


# ------------------------------------------------------------------------------------------------ payment

PAYMENT_RECORDERS = frozenset({roles.LAB_MANAGER, roles.INSTITUTE_LEADER})


def record_payment(*, actor, sample: Sample, status: str, reference: str = "", note: str = "") -> Sample:
    """The lab manager or the institute's leader records how the quote was settled: paid (with the receipt,
    invoice or transfer reference), waived, or back to unpaid (a mistaken record). The note goes into the
    sample's history with the change. A cancelled order owes nothing and is not recorded against."""
    from .choices import PaymentStatus

    _allow(actor, PAYMENT_RECORDERS)
    if status not in PaymentStatus.values:
        raise ValidationError({"status": [_("Hãy chọn tình trạng thanh toán.")]})
    reference = (reference or "").strip()
    if status == PaymentStatus.PAID and not reference:
        raise ValidationError({"reference": [_("Hãy ghi số phiếu thu, hóa đơn hoặc mã giao dịch.")]})
    note = (note or "").strip()
    with transaction.atomic(), acting_as(actor, **({"note": note} if note else {})):
        sample = _lock(sample)
        if sample.state == SampleState.CANCELLED:
            raise DomainError(
                _("Mẫu %(code)s đã bị hủy nên không ghi nhận thanh toán.") % {"code": sample.code},
                code="state",
            )
        sample.payment_status = status
        if status == PaymentStatus.UNPAID:
            sample.paid_at, sample.payment_reference, sample.payment_recorded_by = None, "", None
        else:
            sample.paid_at, sample.payment_reference, sample.payment_recorded_by = (
                timezone.now(),
                reference,
                actor,
            )
        _save(sample, ["payment_status", "paid_at", "payment_reference", "payment_recorded_by"])
    return sample
