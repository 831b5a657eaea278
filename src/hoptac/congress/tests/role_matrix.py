"""Role-matrix entries of the congress app: the cell's party roles (and the congress's duty holders) only;
everybody else — the administrator included — 404. Each part declares its entries in its own module."""

from . import role_matrix_congress, role_matrix_counting, role_matrix_elections

ROLE_MATRIX = [
    *role_matrix_congress.ROLE_MATRIX,
    *role_matrix_elections.ROLE_MATRIX,
    *role_matrix_counting.ROLE_MATRIX,
]
