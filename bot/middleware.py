"""Global middleware: drop what Slack did not mean to send twice, refuse payloads Bolt cannot route.

Both run before any listener, after Bolt has checked the request's signature.

A delivery runs once across every process on one database: this process's memory answers for
what it has seen itself, then the store's claim (one insert) for what any process has. When the
database cannot answer in time the delivery goes ahead on this process's word alone, with a log
line: a rare double post beats a command nobody answers. A process that dies between its claim
and its ack loses that delivery (Slack's retry is then a duplicate): at most once, never twice.
"""

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from slack_bolt.response import BoltResponse

from adapt.bot.payloads import first_action, kind_of, trigger_of, view_of
from adapt.storage.store import CLAIMS_KEPT, ClaimFailed

log = logging.getLogger("adapt.middleware")
SEEN_FOR_SECONDS = CLAIMS_KEPT.total_seconds()  # as long as the database keeps its claims
SEEN_AT_MOST = 50_000
Claim = Callable[[str], bool]  # Store.claim_delivery: True the first time any process asks


class SeenRequests:
    """A bounded, thread-safe memory of delivery ids, so a retried request runs once."""

    def __init__(self, ttl: float = SEEN_FOR_SECONDS, size: int = SEEN_AT_MOST) -> None:
        self.ttl, self.size = ttl, size
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            while self._seen and (next(iter(self._seen.values())) < now - self.ttl
                                  or len(self._seen) >= self.size):
                self._seen.popitem(last=False)
            if key in self._seen:
                return False
            self._seen[key] = now
            return True


def delivery_id(body: dict[str, Any]) -> str | None:
    """What identifies one delivery: Slack gives each invocation its own trigger or event id."""
    if body.get("event_id"):
        return f"event:{body['event_id']}"
    view, trigger = view_of(body), trigger_of(body)
    if kind_of(body) == "view_submission" and view.get("id"):
        return f"view:{view['id']}:{view.get('hash', '')}:{trigger}"
    if trigger:
        return f"trigger:{trigger}:{first_action(body).get('action_ts', '')}"
    return None


def _routable(body: dict[str, Any]) -> bool:
    """The shape Bolt's own matchers index into without checking."""
    kind = body.get("type")
    if kind in ("view_submission", "view_closed"):
        view = body.get("view")
        return isinstance(view, dict) and isinstance(view.get("type"), str) \
            and isinstance(view.get("callback_id", ""), str)
    if kind == "block_actions":
        actions = body.get("actions")
        return isinstance(actions, list) and bool(actions) and all(
            isinstance(a, dict) and isinstance(a.get("action_id"), str) for a in actions)
    return True


def first_delivery(key: str, seen: SeenRequests, claim: Claim | None) -> bool:
    """Whether this process should run the delivery `key`: new to its memory, then claimed."""
    if not seen.first_time(key):
        log.info("dropped a duplicate delivery")
        return False
    if claim is None:
        return True
    try:
        claimed = claim(key)
    except ClaimFailed as error:
        log.warning("delivery not claimed in the database (%s); checked in this process only",
                    error)
        return True
    if not claimed:
        log.info("dropped a duplicate delivery (another process took it)")
    return claimed


def build(seen: SeenRequests, claim: Claim | None = None) -> list[Callable[..., Any]]:
    def refuse_unroutable(body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        if not _routable(body):  # the request's log line says so (outcome "refused")
            return BoltResponse(status=400, body="malformed payload")
        next()
        return None

    def drop_duplicates(body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        key = delivery_id(body)
        if key is not None and not first_delivery(key, seen, claim):
            return BoltResponse(status=200, body="")
        next()
        return None

    return [refuse_unroutable, drop_duplicates]
