"""The doors of the party module: every party view goes through :func:`party_view` (members and committee)
or :func:`committee_view` (committee only). Anyone else — the administrator and the institute's leader
included — gets 404, so a party page's existence is not revealed (issue 6 §1).

The view receives ``request.party_cell`` (the cell the person holds a party role in) and
``request.party_committee`` (True for the cell's committee).
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from .models import PartyCell
from .policies import committee_cells, member_cells


def cell_of(user) -> PartyCell | None:
    """The cell ``user`` holds a party role in (the institute has one cell; with several, the first by name)."""
    if not getattr(user, "is_authenticated", False):
        return None
    cells = member_cells(user)
    if not cells:
        return None
    return PartyCell.objects.filter(pk__in=cells).order_by("name", "pk").first()


def _door(view, *, committee_only: bool):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        cell = cell_of(request.user)
        if cell is None:
            raise Http404
        is_committee = cell.pk in committee_cells(request.user)
        if committee_only and not is_committee:
            raise Http404
        request.party_cell = cell
        request.party_committee = is_committee
        return view(request, *args, **kwargs)

    return wrapper


def party_view(view):
    """Open to the cell's party roles (members and committee); 404 for everyone else."""
    return _door(view, committee_only=False)


def committee_view(view):
    """Open to the cell's committee only; 404 for members and everyone else."""
    return _door(view, committee_only=True)
