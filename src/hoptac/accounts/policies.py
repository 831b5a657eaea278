"""Who may see and change accounts data (see core.permissions)."""

from __future__ import annotations

from django.db.models import Q

from hoptac.core.permissions import VIEW, policy

from .models import LoginEvent, OrgUnit, RecoveryCode, Role, RoleAssignment, TwoFactorDevice, User


@policy(User)
def _users(user, action):
    if user.is_system_admin:
        return True
    return Q(pk=user.pk) if action == VIEW else False


@policy(RoleAssignment)
def _assignments(user, action):
    # Who holds a party role is party data (PRODUCT.md): the administrator sees and manages the other roles;
    # a person always sees their own assignments. The party module grants party roles through its own services.
    if user.is_system_admin:
        own = Q(user_id=user.pk) if action == VIEW else Q(pk__in=[])
        return Q(role__is_party=False) | own
    return Q(user_id=user.pk) if action == VIEW else False


@policy(LoginEvent)
def _login_events(user, action):
    if user.is_system_admin:
        return action == VIEW  # the journal is append-only, even for the administrator
    return Q(user_id=user.pk) if action == VIEW else False


@policy(Role)
def _roles(user, action):
    # Role names are reference data every member of staff may read; the data migration owns them.
    return action == VIEW


@policy(OrgUnit)
def _units(user, action):
    return action == VIEW or user.is_system_admin


@policy(TwoFactorDevice)
def _two_factor_devices(user, action):
    # Whether 2FA is on and since when; the secret itself is never displayed after enrolment. Changes go
    # through the services only (the person themselves, or the administrator's reset).
    if action != VIEW:
        return False
    return True if user.is_system_admin else Q(user_id=user.pk)


@policy(RecoveryCode)
def _recovery_codes(user, action):
    # Only the hashes are stored; counting the unused ones is all anyone reads.
    if action != VIEW:
        return False
    return True if user.is_system_admin else Q(user_id=user.pk)
