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
COMMITTEE = ("party_secretary",)

ROLE_MATRIX = [
    Expect("party:home", only(*PARTY)),
    Expect("party:cell_detail", only(*PARTY)),
    *role_matrix_members.ROLE_MATRIX,
    *role_matrix_meetings.ROLE_MATRIX,
    *role_matrix_study.ROLE_MATRIX,
    *role_matrix_fees.ROLE_MATRIX,
    *role_matrix_evaluation.ROLE_MATRIX,
]
