"""One-time passwords: HOTP (RFC 4226) and TOTP (RFC 6238), and the otpauth:// URI authenticator apps read.

Pure functions over the standard library (no database): the models keep the secret and the last time step
used, the services decide what a match means. See docs/decisions/0007-two-factor.md for why this is ours
and not a library's.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time
from urllib.parse import quote, urlencode

STEP_SECONDS = 30  # RFC 6238 §4.1 default X; every common authenticator app assumes it
DIGITS = 6
SECRET_BYTES = 20  # 160 bits, the HMAC-SHA-1 block RFC 4226 §4 recommends (R6)
DRIFT_STEPS = 1  # accept the previous and the next time step (RFC 6238 §5.2: clocks and typing delay)

_DIGESTS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha512": hashlib.sha512}


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def b32(secret: bytes) -> str:
    """Base32 without padding, as authenticator apps expect it."""
    return base64.b32encode(secret).decode("ascii").rstrip("=")


def from_b32(text: str) -> bytes:
    cleaned = "".join(text.split()).upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def hotp(secret: bytes, counter: int, *, digits: int = DIGITS, algorithm: str = "sha1") -> str:
    """RFC 4226 §5.3: HMAC of the 8-byte big-endian counter, dynamic truncation, the last ``digits`` digits."""
    mac = hmac.new(secret, struct.pack(">Q", counter), _DIGESTS[algorithm]).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def time_step(at: float | None = None, *, step: int = STEP_SECONDS) -> int:
    """RFC 6238 §4.2: T = floor((unix time − T0) / X), with T0 = 0."""
    return int((time.time() if at is None else at) // step)


def totp(
    secret: bytes,
    at: float | None = None,
    *,
    digits: int = DIGITS,
    algorithm: str = "sha1",
    step: int = STEP_SECONDS,
) -> str:
    return hotp(secret, time_step(at, step=step), digits=digits, algorithm=algorithm)


def matching_step(
    secret: bytes,
    code: str,
    *,
    at: float | None = None,
    after_step: int | None = None,
    drift: int = DRIFT_STEPS,
) -> int | None:
    """The time step within ±``drift`` of ``at`` whose code is ``code``, or None.

    Steps at or before ``after_step`` (the last one used) never match: a code is accepted once (RFC 6238 §5.2).
    Every candidate is compared in constant time.
    """
    code = "".join((code or "").split())  # "123 456" as some apps show it
    # ASCII digits only: str.isdigit() accepts "١٢٣٤٥٦", which compare_digest then refuses with a TypeError.
    if len(code) != DIGITS or not all("0" <= ch <= "9" for ch in code):
        return None
    now = time_step(at)
    found = None
    for candidate in range(now - drift, now + drift + 1):
        if after_step is not None and candidate <= after_step:
            continue
        if hmac.compare_digest(hotp(secret, candidate), code) and found is None:
            found = candidate
    return found


def provisioning_uri(secret: bytes, *, account: str, issuer: str) -> str:
    """The otpauth:// URI of Google Authenticator's "Key Uri Format", which every common app reads."""
    label = quote(f"{issuer}:{account}", safe=":@")
    query = urlencode(
        {
            "secret": b32(secret),
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": DIGITS,
            "period": STEP_SECONDS,
        }
    )
    return f"otpauth://totp/{label}?{query}"


def grouped(secret: bytes, size: int = 4) -> str:
    """The base32 secret in groups of four, for typing it into an app by hand."""
    text = b32(secret)
    return " ".join(text[i : i + size] for i in range(0, len(text), size))
