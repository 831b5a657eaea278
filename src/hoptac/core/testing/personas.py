"""Fixed personas for tests (STYLE.md habit 10): the same people in every module's tests.

A persona is a name and the role assignments it holds. Scopes are written as "kind:key" and resolved by the
app that owns the kind (``register_scope_resolver``), e.g. "province:66" is Đắk Lắk. Later modules add their
personas (a cooperative representative, a party member …) with :func:`register_persona`; the role matrix then
demands an expectation for them on every URL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

ANONYMOUS = "anonymous"
PASSWORD = "mat-khau-thu-nghiem-2026"  # noqa: S105  (every test persona's password)


@dataclass(frozen=True)
class Persona:
    name: str
    full_name: str
    grants: tuple[tuple[str, str | None], ...] = ()  # (role code, "kind:key" or None)


_personas: dict[str, Persona] = {}
_scope_resolvers: dict[str, Callable[[str], object]] = {}
_setups: dict[str, Callable[[object], None]] = {}


def register_persona(persona: Persona) -> None:
    _personas[persona.name] = persona


def register_persona_setup(name: str, setup: Callable[[object], None]) -> None:
    """Run ``setup(user)`` after the persona's user is created (e.g. the party member record of a party persona)."""
    _setups[name] = setup


def register_scope_resolver(kind: str, resolver: Callable[[str], object]) -> None:
    _scope_resolvers[kind] = resolver


def persona_names() -> list[str]:
    """Every persona the role matrix covers, the anonymous visitor first."""
    return [ANONYMOUS, *_personas]


def get_persona(name: str) -> Persona:
    return _personas[name]


def resolve_scope(spec: str) -> object:
    kind, _, key = spec.partition(":")
    return _scope_resolvers[kind](key)


def create_persona_user(name: str):
    """Create the persona's user with its role assignments (inside the test's transaction)."""
    from django.contrib.contenttypes.models import ContentType

    from hoptac.accounts.models import Role, RoleAssignment, User

    persona = _personas[name]
    user = User.objects.create_user(
        username=name,
        email=f"{name}@example.vn",
        password=PASSWORD,
        full_name=persona.full_name,
    )
    for role_code, scope_spec in persona.grants:
        role = Role.objects.get(code=role_code)
        assignment = RoleAssignment(user=user, role=role)
        if scope_spec:
            scope = resolve_scope(scope_spec)
            assignment.scope_type = ContentType.objects.get_for_model(scope)
            assignment.scope_id = scope.pk
        assignment.save()
    if name in _setups:
        _setups[name](user)
    return user


def load_app_personas() -> None:
    """Import ``<app>/tests/personas.py`` of every hoptac app: later modules add their personas there."""
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("hoptac."):
            try:
                importlib.import_module(f"{config.name}.tests.personas")
            except ModuleNotFoundError as exc:
                if not (exc.name or "").endswith("tests.personas"):
                    raise


def _province(code: str):
    from hoptac.places.models import Province

    return Province.objects.get(code=code)


register_scope_resolver("province", _province)

for _persona in (
    Persona("outsider", "Người Ngoài Cuộc"),  # logged in, no role at all
    Persona("system_admin", "Trần Quản Trị", (("system_admin", None),)),
    Persona("institute_leader", "Lê Văn Viện", (("institute_leader", None),)),
    Persona("institute_expert", "Phạm Thu Chuyên", (("institute_expert", None),)),
    Persona("lab_analyst", "Đỗ Thị Kiểm", (("lab_analyst", None),)),
    Persona("lab_reviewer", "Hoàng Văn Soát", (("lab_reviewer", None),)),
    Persona("lab_manager", "Vũ Thị Phòng", (("lab_manager", None),)),
    Persona("coordinator_daklak", "Y Điều Phối (Đắk Lắk)", (("provincial_coordinator", "province:66"),)),
    Persona("coordinator_camau", "Lâm Điều Phối (Cà Mau)", (("provincial_coordinator", "province:96"),)),
    Persona("alliance_planner", "Ngô Kế Hoạch", (("alliance_planner", None),)),
    Persona("alliance_viewer", "Bùi Thường Trực", (("alliance_viewer", None),)),
):
    register_persona(_persona)
