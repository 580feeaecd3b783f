"""Slack's request signature, checked before anything reads the body as Slack's.

Slack signs every request: `X-Slack-Signature` is `v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}`
with the signing secret, and `X-Slack-Request-Timestamp` must be within five minutes of now
(https://docs.slack.dev/authentication/verifying-requests-from-slack/). The headers are checked
before the body is read, so a request without them is refused unread; the HMAC once the body has
arrived, before it is parsed. Bolt checks again afterwards; by then only signed bodies reach it.
"""

import hashlib
import hmac
import time
from collections.abc import Iterable

MAX_SKEW_SECONDS = 5 * 60
_PREFIX = b"v0="
_SIGNATURE_LENGTH = len(_PREFIX) + 64  # hex digits of a SHA-256
_TIMESTAMP_DIGITS = 12  # far beyond any Unix time Slack sends; bounds int() of the header


class Unsigned(Exception):
    """The request does not carry a valid signature; the message says why (no secrets)."""


def signed_headers(headers: Iterable[tuple[bytes, bytes]], now: float | None = None
                   ) -> tuple[bytes, bytes]:
    """The timestamp and signature headers (ASGI's lower-case names), or Unsigned when either is
    missing or malformed, or the timestamp is more than five minutes from `now`."""
    stamp = signature = None
    for name, value in headers:
        if name == b"x-slack-request-timestamp" and stamp is None:
            stamp = value
        elif name == b"x-slack-signature" and signature is None:
            signature = value
    if stamp is None or signature is None:
        raise Unsigned("no signature")
    if not (stamp.isdigit() and len(stamp) <= _TIMESTAMP_DIGITS):
        raise Unsigned("timestamp not a number")
    if abs((time.time() if now is None else now) - int(stamp)) > MAX_SKEW_SECONDS:
        raise Unsigned("timestamp too old or too new")
    if not (signature.startswith(_PREFIX) and len(signature) == _SIGNATURE_LENGTH):
        raise Unsigned("signature malformed")
    return stamp, signature


def sign(secret: bytes, stamp: bytes, body: bytes) -> bytes:
    """Slack's signature of `body` at `stamp`: v0= + HMAC-SHA256 of v0:{stamp}:{body}."""
    return _PREFIX + hmac.new(secret, b"v0:" + stamp + b":" + body,
                              hashlib.sha256).hexdigest().encode()


def verify(secret: bytes, stamp: bytes, signature: bytes, body: bytes) -> None:
    """Unsigned unless `signature` is the body's HMAC under `secret` (compared in constant time)."""
    if not hmac.compare_digest(sign(secret, stamp, body), signature):
        raise Unsigned("signature does not match")


_WORD = b"payload"


def bolt_readable(secret: bytes, stamp: bytes, body: bytes) -> tuple[bytes, bytes | None]:
    """A signed form body as slack_bolt reads it right, and its signature when it changed.

    slack_bolt's parse_body reads any form body in which the word "payload" appears as an
    interactive payload, and as {} when it has no payload field: `/adapt our JSON payload
    breaks` reached no listener (404). In such a body the word is written %70ayload, which the
    form decoding reads back as the same text, and re-signed for Bolt's own check (this layer
    has just verified the original)."""
    if _WORD not in body or body.startswith((b"{", _WORD + b"=")) or b"&" + _WORD + b"=" in body:
        return body, None
    readable = body.replace(_WORD, b"%70ayload")
    return readable, sign(secret, stamp, readable)
