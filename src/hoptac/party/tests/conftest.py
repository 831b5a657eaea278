"""Fixtures of the party tests: the test cell, the secretary and a member (personas), another member."""

import pytest

from hoptac.accounts.testing import log_in_with_second_factor

from .factories import make_member
from .personas import cell as test_cell


@pytest.fixture
def cell(db):
    return test_cell()


@pytest.fixture
def secretary(make_persona):
    return make_persona("party_secretary")


@pytest.fixture
def member_user(make_persona):
    return make_persona("party_member")


@pytest.fixture
def other_member(cell):
    """Another member of the cell, with a log-in and the member role."""
    return make_member(cell=cell, full_name="Lê Thị Khác", with_user=True, gender="female")


@pytest.fixture
def committee_client(client_as):
    return client_as("party_secretary")


@pytest.fixture
def member_client(client_as):
    return client_as("party_member")


@pytest.fixture
def login():
    """``login(user)`` → a client logged in as ``user``, past the second factor."""
    from django.test import Client

    def make(user):
        client = Client()
        log_in_with_second_factor(client, user)
        return client

    return make
