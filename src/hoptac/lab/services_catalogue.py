"""Every write to the catalogue and the regulations, made on the screens by the lab manager or the administrator.

Each function checks the actor may change reference data (the policy in :mod:`hoptac.lab.policies`), validates
with ``full_clean()``, saves an edit only if nobody saved the row since the form was opened (the ``version``
column; a matrix, which has none, by comparing what the form was opened with), and records who did it
(``acting_as``: the history triggers write the before/after). A refusal is a ``ValidationError`` on the field
concerned or a :class:`~hoptac.core.errors.DomainError`, in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import acting_as
from hoptac.core.errors import DomainError, StaleObjectError
from hoptac.core.models import STALE_MESSAGE, save_if_current
from hoptac.core.permissions import CHANGE, restrict

from .judging import Interval, units_match
from .models import (
    Limit,
    LimitClass,
    LimitInterval,
    LimitSet,
    Matrix,
    Package,
    PackageParameter,
    Parameter,
    ParameterMatrix,
    Regulation,
)

NOT_ALLOWED = _("Bạn không có quyền sửa danh mục thử nghiệm và quy chuẩn.")
FOREIGN_PARAMETERS = _("Chỉ tiêu %(codes)s không thuộc danh mục của nền mẫu “%(matrix)s”.")
SUPERSEDES_ITSELF = _("Một quy chuẩn không thể thay thế chính nó.")
SUCCESSION_CYCLE = _(
    "Không thể ghi %(successor)s thay thế %(regulation)s: %(successor)s đã được %(regulation)s thay thế "
    "(trực tiếp hoặc qua quy chuẩn khác), hai quy chuẩn sẽ thay thế lẫn nhau."
)
# Any number; all succession changes take it, so two edits cannot close a cycle between them.
_SUCCESSION_LOCK = 5_108_030

MATRIX_FIELDS = ("code", "name", "name_en", "position")
PARAMETER_FIELDS = (
    "code", "name", "name_en", "unit", "method", "detection_limit", "accredited", "price", "turnaround_days",
    "note", "position",
)  # fmt: skip
PACKAGE_FIELDS = ("code", "name", "active", "note", "position")
REGULATION_FIELDS = (
    "code", "title", "issuing_body", "effective_date", "superseded_by", "source", "confidence", "note",
)  # fmt: skip
LIMIT_SET_FIELDS = (
    "name",
    "description",
    "kind",
    "coefficient_name",
    "source",
    "confidence",
    "note",
    "position",
)
LIMIT_FIELDS = ("unit", "coefficient_applies", "note")


def may_change(user, model=Parameter) -> bool:
    """The policy lets ``user`` change reference data (the screens show edit buttons)."""
    return not restrict(model.objects.all(), user, CHANGE).query.is_empty()


def _allow(actor, model=Parameter) -> None:
    if not may_change(actor, model):
        raise DomainError(NOT_ALLOWED, code="forbidden")


def _apply(instance, fields: dict[str, Any], allowed: Sequence[str]) -> list[str]:
    """Set the fields that differ; return their names."""
    changed = []
    for name in allowed:
        if name in fields and getattr(instance, name) != fields[name]:
            setattr(instance, name, fields[name])
            changed.append(name)
    return changed


def _create(instance, unique_field: str | None = None, message=None) -> None:
    """Insert; a unique value taken meanwhile by someone else becomes the field's error, not a 500."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        if unique_field is None:
            raise
        raise ValidationError({unique_field: [message or _("Giá trị này đã được dùng.")]}) from exc


def _update(instance, version: int, changed: list[str]) -> None:
    try:
        with transaction.atomic():
            save_if_current(instance, version, changed)
    except IntegrityError as exc:
        raise ValidationError(_("Giá trị này vừa được người khác dùng; hãy tải lại trang.")) from exc


# ------------------------------------------------------------------------------------------------ matrices


def matrix_create(*, actor, **fields: Any) -> Matrix:
    _allow(actor, Matrix)
    matrix = Matrix(**{k: v for k, v in fields.items() if k in MATRIX_FIELDS})
    matrix.full_clean()
    with transaction.atomic(), acting_as(actor):
        _create(matrix, "code", _("Mã nền mẫu này đã được dùng."))
    return matrix


def matrix_update(*, actor, matrix: Matrix, fingerprint: str, **fields: Any) -> Matrix:
    """A matrix has no version column: the form carries a fingerprint of the values it was opened with."""
    from .forms_catalogue import matrix_fingerprint

    _allow(actor, Matrix)
    with transaction.atomic(), acting_as(actor):
        current = Matrix.objects.select_for_update().get(pk=matrix.pk)
        if matrix_fingerprint(current) != fingerprint:
            raise StaleObjectError(STALE_MESSAGE)
        changed = _apply(current, fields, MATRIX_FIELDS)
        current.full_clean()
        if changed:
            current.save(update_fields=changed)
    return current


# ------------------------------------------------------------------------------------------------ parameters


def _set_matrices(parameter: Parameter, matrices: Iterable[Matrix]) -> bool:
    wanted = {m.pk: m for m in matrices}
    have = set(ParameterMatrix.objects.filter(parameter=parameter).values_list("matrix_id", flat=True))
    removed = have - set(wanted)
    if removed:
        in_packages = list(
            PackageParameter.objects.filter(parameter=parameter, package__matrix_id__in=removed)
            .select_related("package", "package__matrix")
            .order_by("package__name")
        )
        if in_packages:
            raise ValidationError(
                {
                    "matrices": [
                        _(
                            "Chỉ tiêu đang nằm trong gói %(packages)s; hãy bỏ chỉ tiêu khỏi gói trước khi bỏ "
                            "nền mẫu “%(matrix)s”."
                        )
                        % {
                            "packages": ", ".join(f"“{pp.package.name}”" for pp in in_packages),
                            "matrix": in_packages[0].package.matrix.name,
                        }
                    ]
                }
            )
        ParameterMatrix.objects.filter(parameter=parameter, matrix_id__in=removed).delete()
    added = [pk for pk in wanted if pk not in have]
    ParameterMatrix.objects.bulk_create(ParameterMatrix(parameter=parameter, matrix_id=pk) for pk in added)
    return bool(removed or added)


def parameter_create(*, actor, matrices: Iterable[Matrix] = (), **fields: Any) -> Parameter:
    _allow(actor, Parameter)
    parameter = Parameter(**{k: v for k, v in fields.items() if k in PARAMETER_FIELDS})
    parameter.full_clean()
    with transaction.atomic(), acting_as(actor):
        _create(parameter, "code", _("Mã chỉ tiêu này đã được dùng."))
        _set_matrices(parameter, matrices)
    return parameter


def parameter_update(
    *, actor, parameter: Parameter, version: int, matrices: Iterable[Matrix] = (), **fields: Any
) -> Parameter:
    _allow(actor, Parameter)
    changed = _apply(parameter, fields, PARAMETER_FIELDS)
    if "unit" in changed:
        _check_limit_units(parameter)
    parameter.full_clean()
    with transaction.atomic(), acting_as(actor):
        matrices_changed = _set_matrices(parameter, matrices)
        if changed or matrices_changed:
            _update(parameter, version, changed)
    return parameter


def _check_limit_units(parameter: Parameter) -> None:
    """A new unit must still be the unit of the parameter's limits: the judge refuses to compare a result with a
    limit in another unit, so the regulations would silently stop judging it."""
    limits = Limit.objects.filter(parameter=parameter).select_related("limit_set__regulation")
    other = [limit for limit in limits if not units_match(limit.unit, parameter.unit)]
    if other:
        raise ValidationError(
            {
                "unit": [
                    _(
                        "Giới hạn của chỉ tiêu này trong %(sets)s tính bằng “%(unit)s”: đổi đơn vị thì kết quả sẽ "
                        "không so được với các giới hạn đó. Hãy sửa đơn vị của các giới hạn trước."
                    )
                    % {
                        "sets": ", ".join(
                            f"{x.limit_set.regulation.code} {x.limit_set.name}" for x in other[:5]
                        ),
                        "unit": other[0].unit or "–",
                    }
                ]
            }
        )


# ------------------------------------------------------------------------------------------------ packages


def _check_offered(matrix: Matrix, parameters: Sequence[Parameter]) -> None:
    if not parameters:
        raise ValidationError({"parameters": [_("Hãy chọn ít nhất một chỉ tiêu.")]})
    offered = set(ParameterMatrix.objects.filter(matrix=matrix).values_list("parameter_id", flat=True))
    foreign = [p for p in parameters if p.pk not in offered]
    if foreign:
        raise ValidationError(
            {
                "parameters": [
                    FOREIGN_PARAMETERS % {"codes": ", ".join(p.code for p in foreign), "matrix": matrix.name}
                ]
            }
        )


def _set_package_parameters(package: Package, parameters: Sequence[Parameter]) -> bool:
    wanted = {p.pk: p for p in parameters}
    have = set(PackageParameter.objects.filter(package=package).values_list("parameter_id", flat=True))
    removed = have - set(wanted)
    if removed:
        PackageParameter.objects.filter(package=package, parameter_id__in=removed).delete()
    added = [p for pk, p in wanted.items() if pk not in have]
    PackageParameter.objects.bulk_create(
        PackageParameter(package=package, parameter=p, position=p.position) for p in added
    )
    return bool(removed or added)


def package_create(*, actor, matrix: Matrix, parameters: Sequence[Parameter], **fields: Any) -> Package:
    _allow(actor, Package)
    parameters = list(dict.fromkeys(parameters))
    _check_offered(matrix, parameters)
    package = Package(matrix=matrix, **{k: v for k, v in fields.items() if k in PACKAGE_FIELDS})
    package.full_clean()
    with transaction.atomic(), acting_as(actor):
        _create(package, "code", _("Mã gói này đã được dùng."))
        _set_package_parameters(package, parameters)
    return package


def package_update(
    *, actor, package: Package, version: int, parameters: Sequence[Parameter], **fields: Any
) -> Package:
    _allow(actor, Package)
    parameters = list(dict.fromkeys(parameters))
    _check_offered(package.matrix, parameters)
    changed = _apply(package, fields, PACKAGE_FIELDS)
    package.full_clean()
    with transaction.atomic(), acting_as(actor):
        parameters_changed = _set_package_parameters(package, parameters)
        if changed or parameters_changed:
            _update(package, version, changed)
    return package


# ------------------------------------------------------------------------------------------------ regulations


def _check_succession(regulation: Regulation) -> None:
    """Not itself, and no cycle: following "superseded by" from the successor never comes back to it."""
    successor_id = regulation.superseded_by_id
    if successor_id is None:
        return
    if regulation.pk is not None and successor_id == regulation.pk:
        raise ValidationError({"superseded_by": [SUPERSEDES_ITSELF]})
    if regulation.pk is None:
        return  # a new regulation has no predecessor yet
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SUCCESSION_LOCK])
    chain = dict(Regulation.objects.values_list("pk", "superseded_by_id"))
    seen: set[int] = set()
    current = successor_id
    while current is not None and current not in seen:
        if current == regulation.pk:
            raise ValidationError(
                {
                    "superseded_by": [
                        SUCCESSION_CYCLE
                        % {"successor": regulation.superseded_by.code, "regulation": regulation.code}
                    ]
                }
            )
        seen.add(current)
        current = chain.get(current)


def regulation_create(*, actor, **fields: Any) -> Regulation:
    _allow(actor, Regulation)
    regulation = Regulation(**{k: v for k, v in fields.items() if k in REGULATION_FIELDS})
    regulation.full_clean()
    with transaction.atomic(), acting_as(actor):
        _create(regulation, "code", _("Số hiệu quy chuẩn này đã có."))
    return regulation


def regulation_update(*, actor, regulation: Regulation, version: int, **fields: Any) -> Regulation:
    _allow(actor, Regulation)
    changed = _apply(regulation, fields, REGULATION_FIELDS)
    if regulation.pk is not None and regulation.superseded_by_id == regulation.pk:
        raise ValidationError({"superseded_by": [SUPERSEDES_ITSELF]})
    regulation.full_clean()
    if changed:
        with transaction.atomic(), acting_as(actor):
            if "superseded_by" in changed:
                _check_succession(regulation)
            _update(regulation, version, changed)
    return regulation


# ------------------------------------------------------------------------------------------------ limit sets


def limit_set_create(*, actor, regulation: Regulation, **fields: Any) -> LimitSet:
    _allow(actor, LimitSet)
    limit_set = LimitSet(regulation=regulation, **{k: v for k, v in fields.items() if k in LIMIT_SET_FIELDS})
    limit_set.full_clean()
    with transaction.atomic(), acting_as(actor):
        _create(limit_set, "name", _("Quy chuẩn này đã có bộ giới hạn cùng tên."))
    return limit_set


def limit_set_update(*, actor, limit_set: LimitSet, version: int, **fields: Any) -> LimitSet:
    """The kind cannot change once limits exist (their intervals are shaped by it), nor the coefficient be removed
    while a limit applies it."""
    _allow(actor, LimitSet)
    old_kind = limit_set.kind
    changed = _apply(limit_set, fields, LIMIT_SET_FIELDS)
    if "kind" in changed and limit_set.limits.exists():
        raise ValidationError(
            {
                "kind": [
                    _("Bộ giới hạn đã có giới hạn theo kiểu “%(kind)s”; không đổi được loại.")
                    % {"kind": LimitSet(kind=old_kind).get_kind_display()}
                ]
            }
        )
    if not limit_set.coefficient_name and limit_set.limits.filter(coefficient_applies=True).exists():
        raise ValidationError(
            {
                "coefficient_name": [
                    _("Còn chỉ tiêu áp dụng hệ số; hãy bỏ “áp dụng hệ số” ở các chỉ tiêu đó trước.")
                ]
            }
        )
    limit_set.full_clean()
    if changed:
        with transaction.atomic(), acting_as(actor):
            _update(limit_set, version, changed)
    return limit_set


def limit_classes_save(
    *, actor, limit_set: LimitSet, version: int, rows: Sequence[tuple[int | None, str, str]]
) -> list[LimitClass]:
    """The classes of a graded set from rows (existing class id or None, label, description), best first. A row
    of an existing class with an empty label removes that class — refused while it still has limits. Checked
    against the set's version, which the change increments."""
    _allow(actor, LimitClass)
    if not limit_set.is_graded:
        raise DomainError(_("Chỉ bộ giới hạn phân hạng mới có hạng."), code="kind")
    existing = {c.pk: c for c in limit_set.classes.all()}
    kept = [(pk, label, description) for pk, label, description in rows if label]
    removed = [existing[pk] for pk, label, _d in rows if pk in existing and not label]
    labels = [label for _pk, label, _d in kept]
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    if duplicates:
        raise ValidationError(_("Hạng %(labels)s bị lặp.") % {"labels": ", ".join(duplicates)})
    if not kept:
        raise ValidationError(_("Bộ giới hạn phân hạng cần ít nhất một hạng."))
    with_limits = [c.label for c in removed if c.intervals.exists()]
    if with_limits:
        raise ValidationError(
            _("Hạng %(labels)s còn giới hạn; hãy xóa giới hạn của hạng (để trống ô của hạng) trước.")
            % {"labels": ", ".join(with_limits)}
        )
    with transaction.atomic(), acting_as(actor):
        _update(limit_set, version, [])
        LimitClass.objects.filter(pk__in=[c.pk for c in removed]).delete()
        # Positions are unique per set: move the kept ones out of the way before numbering them 1, 2, 3 …
        LimitClass.objects.filter(limit_set=limit_set).update(position=F("position") + 10_000)
        result = []
        for position, (pk, label, description) in enumerate(kept, 1):
            klass = existing.get(pk) if pk is not None else None
            if klass is None:
                klass = LimitClass(limit_set=limit_set)
            klass.label, klass.description, klass.position = label, description, position
            klass.full_clean(validate_constraints=False)
            klass.save()
            result.append(klass)
    return result


# ------------------------------------------------------------------------------------------------ limits


def _check_unit(unit: str, parameter: Parameter) -> None:
    if not units_match(unit, parameter.unit):
        raise ValidationError(
            {
                "unit": [
                    _(
                        "Đơn vị “%(unit)s” khác đơn vị của chỉ tiêu (“%(parameter_unit)s”): kết quả sẽ không so "
                        "được với giới hạn. Hãy quy đổi giới hạn sang đơn vị của chỉ tiêu."
                    )
                    % {"unit": unit or "–", "parameter_unit": parameter.unit or "–"}
                ]
            }
        )


def _write_intervals(limit: Limit, intervals: Sequence[tuple[LimitClass | None, Interval]]) -> None:
    LimitInterval.objects.filter(limit=limit).delete()
    rows = []
    for klass, interval in intervals:
        row = LimitInterval(
            limit=limit,
            limit_class=klass,
            lower=interval.lower,
            lower_inclusive=interval.lower_inclusive if interval.lower is not None else True,
            upper=interval.upper,
            upper_inclusive=interval.upper_inclusive if interval.upper is not None else True,
        )
        row.full_clean(validate_constraints=False)
        rows.append(row)
    LimitInterval.objects.bulk_create(rows)


def _check_intervals(limit_set: LimitSet, intervals: Sequence[tuple[LimitClass | None, Interval]]) -> None:
    if not limit_set.is_graded and len(intervals) > 1:
        raise ValidationError(
            {"bounds": [_("Bộ giới hạn đạt/không đạt chỉ có một khoảng cho mỗi chỉ tiêu.")]}
        )


def limit_create(
    *,
    actor,
    limit_set: LimitSet,
    parameter: Parameter,
    intervals: Sequence[tuple[LimitClass | None, Interval]] = (),
    **fields: Any,
) -> Limit:
    """A parameter's limit in a set with its intervals, in one transaction. An empty unit is the parameter's."""
    _allow(actor, Limit)
    values = {k: v for k, v in fields.items() if k in LIMIT_FIELDS}
    if not values.get("unit"):
        values["unit"] = parameter.unit
    _check_unit(values["unit"], parameter)
    _check_intervals(limit_set, intervals)
    last = limit_set.limits.order_by("-position").values_list("position", flat=True).first() or 0
    limit = Limit(limit_set=limit_set, parameter=parameter, position=last + 1, **values)
    limit.full_clean()
    with transaction.atomic(), acting_as(actor):
        _create(limit, "parameter", _("Bộ giới hạn này đã có chỉ tiêu này."))
        _write_intervals(limit, intervals)
    return limit


def limit_update(
    *,
    actor,
    limit: Limit,
    version: int,
    intervals: Sequence[tuple[LimitClass | None, Interval]] = (),
    **fields: Any,
) -> Limit:
    """Replace the limit's fields and intervals in one transaction, if nobody saved it since ``version``."""
    _allow(actor, Limit)
    values = {k: v for k, v in fields.items() if k in LIMIT_FIELDS}
    if "unit" in values and not values["unit"]:
        values["unit"] = limit.parameter.unit
    changed = _apply(limit, values, LIMIT_FIELDS)
    _check_unit(limit.unit, limit.parameter)
    _check_intervals(limit.limit_set, intervals)
    limit.full_clean()
    with transaction.atomic(), acting_as(actor):
        _update(limit, version, changed)  # always: the intervals are part of the limit
        _write_intervals(limit, intervals)
    return limit


def limit_delete(*, actor, limit: Limit, version: int) -> None:
    """Remove a parameter from a set. Samples keep their frozen copy of the limit, so nothing issued changes."""
    _allow(actor, Limit)
    with transaction.atomic(), acting_as(actor):
        current = (
            Limit.objects.select_for_update().filter(pk=limit.pk).values_list("version", flat=True).first()
        )
        if current != version:
            raise StaleObjectError(STALE_MESSAGE)
        Limit.objects.filter(pk=limit.pk).delete()
