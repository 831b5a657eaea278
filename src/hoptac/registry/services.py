"""Every write to the registry: validate, save, record (pghistory), with the acting user."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from hoptac.core.audit import acting_as
from hoptac.core.errors import DomainError
from hoptac.core.models import save_if_current
from hoptac.core.permissions import CHANGE, restrict

from .models import TAX_CODE_TAKEN, Cooperative
from .policies import provinces_user_may_create_in

EDITABLE_FIELDS = (
    "legal_form", "name", "short_name", "tax_code", "registration_date", "province", "commune", "address",
    "sectors", "member_count", "charter_capital", "representative", "phone", "email", "status",
    "certifications", "notes",
)  # fmt: skip
# A cooperative's representative keeps its profile current but cannot move it or change its identity.
IDENTITY_FIELDS = ("legal_form", "tax_code", "province", "status")

OUT_OF_SCOPE = _("Bạn chỉ được thêm hoặc sửa hợp tác xã thuộc tỉnh/thành phố mình phụ trách.")


def _check_province(actor, province) -> None:
    allowed = provinces_user_may_create_in(actor)
    if allowed is not None and (province is None or province.pk not in allowed):
        raise DomainError(OUT_OF_SCOPE, code="scope")


def cooperative_create(*, actor, **fields: Any) -> Cooperative:
    _check_province(actor, fields.get("province"))
    cooperative = Cooperative(**{k: v for k, v in fields.items() if k in EDITABLE_FIELDS})
    cooperative.full_clean()
    try:
        with transaction.atomic(), acting_as(actor):
            cooperative.save()
    except IntegrityError as exc:
        # full_clean() checked the tax code, but an import or another person may have taken it since.
        if Cooperative.objects.filter(tax_code=cooperative.tax_code).exists():
            raise ValidationError({"tax_code": [TAX_CODE_TAKEN]}) from exc
        raise
    return cooperative


def editable_fields_for(actor, cooperative: Cooperative) -> tuple[str, ...]:
    from hoptac.accounts import roles

    if actor.has_role(
        roles.SYSTEM_ADMIN, roles.INSTITUTE_LEADER
    ) or cooperative.province_id in actor.scope_ids(roles.PROVINCIAL_COORDINATOR):
        return EDITABLE_FIELDS
    return tuple(f for f in EDITABLE_FIELDS if f not in IDENTITY_FIELDS)


def cooperative_update(*, actor, cooperative: Cooperative, version: int, **fields: Any) -> Cooperative:
    """Save the changed fields if nobody saved the record since ``version`` (else StaleObjectError)."""
    if not restrict(Cooperative.objects.filter(pk=cooperative.pk), actor, CHANGE).exists():
        raise DomainError(_("Bạn không có quyền sửa hợp tác xã này."), code="forbidden")
    allowed = editable_fields_for(actor, cooperative)
    changed = []
    for name, value in fields.items():
        if name not in allowed:
            if getattr(cooperative, name) != value:
                raise DomainError(_("Bạn không được sửa trường này."), code="forbidden_field")
            continue
        if getattr(cooperative, name) != value:
            setattr(cooperative, name, value)
            changed.append(name)
    if "province" in changed:
        _check_province(actor, cooperative.province)
        if "commune" not in changed and cooperative.commune_id is not None:
            # The old commune lies in the old province; the address text is kept as written.
            cooperative.commune = None
            changed.append("commune")
    cooperative.full_clean()
    if changed:
        with acting_as(actor):
            save_if_current(cooperative, version, changed)
    return cooperative
