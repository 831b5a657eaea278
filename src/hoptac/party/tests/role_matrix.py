"""Role-matrix entries of the party module: every party URL answers the cell's party roles and 404 for
everybody else (the administrator and the institute's leader included); anonymous visitors go to log in.

Each part of the module declares its entries in ``role_matrix_<part>.py``; this module gathers them.
"""

from hoptac.core.testing.matrix import Expect, only

from . import (
    role_matrix_evaluation,
    role_matrix_fees,
    role_matrix_meetings,
    role_matrix_members,
    role_matrix_study,
)

PARTY = ("party_secretary", "party_member")


def _term(ctx):
    from .factories import make_term

    return {"term_pk": make_term().pk}


def _position(ctx):
    from .factories import make_member, make_position

    return {"pk": make_position(make_member()).pk}


COMMITTEE = ("party_secretary",)

ROLE_MATRIX = [
    Expect("party:home", only(*PARTY)),
    Expect("party:cell_detail", only(*PARTY)),
    Expect("party:rules_edit", only(*COMMITTEE)),
    # POSTs with empty data: the committee gets the form back with its errors (400), everyone else 404.
    Expect("party:term_create", only(*COMMITTEE, ok=400), method="POST"),
    Expect("party:position_assign", only(*COMMITTEE, ok=400), method="POST", kwargs=_term),
    Expect("party:position_end", only(*COMMITTEE, ok=302), method="POST", kwargs=_position),
    *role_matrix_members.ROLE_MATRIX,
    *role_matrix_meetings.ROLE_MATRIX,
    *role_matrix_study.ROLE_MATRIX,
    *role_matrix_fees.ROLE_MATRIX,
    *role_matrix_evaluation.ROLE_MATRIX,
]
