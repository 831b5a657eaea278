"""The one-time password functions against the RFCs' own test vectors, and the rules we add around them."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from hoptac.accounts import totp

# RFC 6238 Appendix B: the seeds are the ASCII digits repeated to the hash's block length.
SEED_SHA1 = b"12345678901234567890"
SEED_SHA256 = b"12345678901234567890123456789012"
SEED_SHA512 = b"1234567890123456789012345678901234567890123456789012345678901234"

RFC6238 = [
    # (unix time, SHA-1, SHA-256, SHA-512) — 8 digits, 30-second steps
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]


@pytest.mark.parametrize(("at", "sha1", "sha256", "sha512"), RFC6238)
def test_rfc6238_vectors(at, sha1, sha256, sha512):
    assert totp.totp(SEED_SHA1, at, digits=8) == sha1
    assert totp.totp(SEED_SHA256, at, digits=8, algorithm="sha256") == sha256
    assert totp.totp(SEED_SHA512, at, digits=8, algorithm="sha512") == sha512


@pytest.mark.parametrize(("at", "sha1", "_sha256", "_sha512"), RFC6238)
def test_six_digits_are_the_last_six_of_the_eight(at, sha1, _sha256, _sha512):
    # Both are the same number modulo a power of ten (RFC 4226 §5.3), which is what the apps show.
    assert totp.totp(SEED_SHA1, at) == sha1[-6:]


def test_rfc4226_hotp_vectors():
    expected = [
        "755224",
        "287082",
        "359152",
        "969429",
        "338314",
        "254676",
        "287922",
        "162583",
        "399871",
        "520489",
    ]
    assert [totp.hotp(SEED_SHA1, counter) for counter in range(10)] == expected


def test_time_steps_are_thirty_seconds_from_the_epoch():
    assert totp.time_step(0) == 0
    assert totp.time_step(29.999) == 0
    assert totp.time_step(30) == 1
    assert totp.time_step(1111111109) == 0x23523EC  # RFC 6238 Appendix B's T column


def test_a_code_matches_its_step_and_one_step_either_side():
    at = 1234567890
    step = totp.time_step(at)
    for offset in (-1, 0, 1):
        code = totp.hotp(SEED_SHA1, step + offset)
        assert totp.matching_step(SEED_SHA1, code, at=at) == step + offset
    for offset in (-2, 2):
        assert totp.matching_step(SEED_SHA1, totp.hotp(SEED_SHA1, step + offset), at=at) is None


def test_a_step_already_used_or_older_never_matches_again():
    at = 1234567890
    step = totp.time_step(at)
    code = totp.hotp(SEED_SHA1, step)
    assert totp.matching_step(SEED_SHA1, code, at=at, after_step=step) is None
    assert totp.matching_step(SEED_SHA1, totp.hotp(SEED_SHA1, step - 1), at=at, after_step=step) is None
    assert totp.matching_step(SEED_SHA1, totp.hotp(SEED_SHA1, step + 1), at=at, after_step=step) == step + 1


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "12a456", None])
def test_anything_but_six_digits_never_matches(typed):
    assert totp.matching_step(SEED_SHA1, typed, at=59) is None


def test_spaces_inside_a_code_are_ignored():
    code = totp.totp(SEED_SHA1, 59)
    assert totp.matching_step(SEED_SHA1, f" {code[:3]} {code[3:]} ", at=59) == 1


def test_secrets_are_160_random_bits_and_survive_base32():
    first, second = totp.new_secret(), totp.new_secret()
    assert len(first) == 20 and first != second
    assert totp.from_b32(totp.b32(first)) == first
    assert "=" not in totp.b32(first)
    assert totp.from_b32(totp.grouped(first).lower()) == first  # typed back in groups, any case


def test_provisioning_uri_is_what_authenticator_apps_read():
    uri = totp.provisioning_uri(SEED_SHA1, account="lan.nguyen", issuer="hoptac")
    parts = urlsplit(uri)
    assert parts.scheme == "otpauth" and parts.netloc == "totp"
    assert parts.path == "/hoptac:lan.nguyen"
    query = parse_qs(parts.query)
    assert query["secret"] == [totp.b32(SEED_SHA1)]
    assert query["issuer"] == ["hoptac"]
    assert query["digits"] == ["6"] and query["period"] == ["30"] and query["algorithm"] == ["SHA1"]
