"""The congress tests reuse the party personas and fixtures (the secretary, a member, the test cell)."""

from hoptac.party.tests.conftest import (  # noqa: F401  (fixtures, found by pytest by name)
    cell,
    committee_client,
    login,
    member_client,
    member_user,
    other_member,
    secretary,
)
