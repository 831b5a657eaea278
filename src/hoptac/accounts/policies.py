"""Who may see and change accounts data (see core.permissions)."""

from __future__ import annotations

from django.db.models import Q

from hoptac.core.permissions import VIEW, policy

from .models import LoginEvent, OrgUnit, Role, RoleAssignment, User


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
