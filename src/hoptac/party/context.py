"""What every party page's template needs: the section menu and the cell."""

from __future__ import annotations

from .menus import sections_for


def party_context(request, section: str, **extra) -> dict:
    return {
        "party_sections": sections_for(request),
        "party_section": section,
        "cell": request.party_cell,
        "is_committee": request.party_committee,
        **extra,
    }
