"""Who may see and do what: the single mechanism every selector starts from.

``restrict(queryset, user, action)`` narrows a queryset to the rows ``user`` may ``action``. Each app registers
one *policy* per model it owns (``@policy(Model)``); a policy answers with a ``Q`` filter, ``True`` (every
row) or ``False`` (no row). A model without a policy is visible to nobody — forgetting a policy fails closed.
There is deliberately no superuser bypass: party data stays out of reach of the system administrator.

Scopes: a role assignment may be limited to one object (a province, a cooperative, a party cell …). The
kinds of scope are registered here by the app that owns the scoped model (:func:`register_scope_kind`), so
``accounts`` does not import the apps that build on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Model, Q, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from hoptac.accounts.models import User

VIEW = "view"
CHANGE = "change"
DELETE = "delete"
HISTORY = "history"

PolicyResult = Q | bool
Policy = Callable[[Any, str], PolicyResult]

_policies: dict[type[Model], Policy] = {}
_history_policies: dict[type[Model], Policy] = {}


def policy(model: type[Model]) -> Callable[[Policy], Policy]:
    """Register the policy deciding which rows of ``model`` a user may act on."""

    def decorator(func: Policy) -> Policy:
        if model in _policies and _policies[model] is not func:
            raise RuntimeError(f"{model.__name__} already has a policy: {_policies[model].__qualname__}")
        _policies[model] = func
        return func

    return decorator


def history_policy(model: type[Model]) -> Callable[[Policy], Policy]:
    """Who may read the change history of ``model`` — when stricter than who may see it (the default)."""

    def decorator(func: Policy) -> Policy:
        _history_policies[model] = func
        return func

    return decorator


def policy_for(model: type[Model]) -> Policy | None:
    return _policies.get(model)


def registered_models() -> list[type[Model]]:
    return list(_policies)


def restrict(queryset: QuerySet, user: User | Any, action: str = VIEW) -> QuerySet:
    """Rows of ``queryset`` that ``user`` may ``action``; none for an anonymous or inactive user."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    model = queryset.model._meta.concrete_model
    if action == HISTORY and model in _history_policies:
        rule = _history_policies[model]
    else:
        rule = _policies.get(model)
        if action == HISTORY:
            action = VIEW  # by default, whoever may see an object may read its history
    if rule is None:
        return queryset.none()
    decision = rule(user, action)
    if decision is True:
        return queryset
    if decision is False:
        return queryset.none()
    return queryset.filter(decision)


def get_visible_or_404(queryset: QuerySet, user: Any, action: str = VIEW, **lookup: Any) -> Model:
    """One object the user may ``action``, or 404 — an object the user may not see is not revealed (no 403)."""
    try:
        return restrict(queryset, user, action).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class ScopeKind:
    """A kind of object a role assignment can be limited to (province, cooperative, party cell …)."""

    code: str
    model_label: str  # "app_label.ModelName"
    label: Any  # lazy Vietnamese label
    # For kinds with too many objects for a drop-down: turns typed text into the object (or None).
    lookup: Callable[[str], Model | None] | None = None

    def model(self) -> type[Model]:
        from django.apps import apps

        return apps.get_model(self.model_label)


_scope_kinds: dict[str, ScopeKind] = {}


def register_scope_kind(
    code: str, model_label: str, label: Any, lookup: Callable[[str], Model | None] | None = None
) -> None:
    existing = _scope_kinds.get(code)
    if existing and existing.model_label != model_label:
        raise RuntimeError(f"Scope kind {code!r} is already registered for {existing.model_label}")
    _scope_kinds[code] = ScopeKind(code, model_label, label, lookup)


def scope_kinds() -> dict[str, ScopeKind]:
    return dict(_scope_kinds)


def scope_kind(code: str) -> ScopeKind | None:
    return _scope_kinds.get(code)
