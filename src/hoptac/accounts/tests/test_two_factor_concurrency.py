"""The same code typed twice at the same moment (two tabs, or an attacker racing the owner) is accepted once."""

from __future__ import annotations

import pytest

from hoptac.accounts import services, totp
from hoptac.accounts.testing import enrol
from hoptac.core.testing.concurrency import race

from .factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_one_code_at_once_from_two_places_is_accepted_once():
    user = UserFactory()
    device = enrol(user)
    typed = totp.hotp(bytes(device.secret), totp.time_step())
    outcomes = race(*[lambda: services.two_factor_check(user=user, code=typed) for _ in range(2)])
    assert sorted(outcomes, key=repr) == [("ok", "totp"), ("ok", None)]


def test_one_recovery_code_at_once_from_two_places_is_accepted_once():
    user = UserFactory()
    device = enrol(user)
    codes = services.recovery_codes_regenerate(
        actor=user, proof=totp.hotp(bytes(device.secret), totp.time_step())
    )
    outcomes = race(*[lambda: services.two_factor_check(user=user, code=codes[3]) for _ in range(2)])
    assert sorted(outcomes, key=repr) == [("ok", "recovery"), ("ok", None)]
