"""The congress's presidium records the elected on the cell committee (registered with the party module, which
does not import this app)."""

from __future__ import annotations

from hoptac.accounts import roles


def presidium_in_session(actor, cell_id: int) -> bool:
    """``actor`` presides over a congress of this cell that is in session."""
    from .models import Congress

    congresses = actor.scope_ids(roles.CONGRESS_PRESIDIUM)
    return (
        bool(congresses)
        and Congress.objects.filter(pk__in=congresses, cell_id=cell_id, state="in_session").exists()
    )


def register() -> None:
    from hoptac.party.services import register_position_authority

    register_position_authority(presidium_in_session)
