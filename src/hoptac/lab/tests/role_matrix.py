"""Every lab URL × every persona (core/tests/test_role_matrix.py), declared per part of the module."""

from .role_matrix_catalogue import ROLE_MATRIX as CATALOGUE
from .role_matrix_reports import ROLE_MATRIX as REPORTS
from .role_matrix_screens import ROLE_MATRIX as SCREENS

ROLE_MATRIX = [*SCREENS, *CATALOGUE, *REPORTS]
