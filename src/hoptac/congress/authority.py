"""The congress's presidium records the elected on the cell committee (registered with the party module, which
does not import this app)."""

from __future__ import annotations

from hoptac.accounts import roles


def presidium_in_session(actor, term, action: str) -> bool:
    """``actor`` presides over a congress in session of this cell, and the position is one that congress may
    write: of the term it elects (the elected, and a committee member moving up in the path of 9 or more), or —
    to end only — of an earlier term once the new committee is recorded (the hand-over). Nothing else."""
    from hoptac.party.models import CommitteePosition

    from .models import Congress

    congresses = actor.scope_ids(roles.CONGRESS_PRESIDIUM)
    if not congresses:
        return False
    sitting = Congress.objects.filter(pk__in=congresses, cell_id=term.cell_id, state="in_session")
    if sitting.filter(term_id=term.pk).exists():
        return True
    if action != "end":
        return False
    return CommitteePosition.objects.filter(
        term__congress__in=sitting, term__starts_on__gt=term.starts_on, ends_on__isnull=True
    ).exists()


def register() -> None:
    from hoptac.party.services import register_position_authority

    register_position_authority(presidium_in_session)
