"""Getting a reply to the person: the response_url first (no channel membership needed), then a DM.

response_url works in public and private channels the bot is not in, DMs and group DMs, for 30
minutes and up to 5 posts; when it has expired or fails, the bot writes to the person directly.
Each delivery that does not go as planned is logged once, with what was tried and why it failed.
"""

import logging
import random
import time
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry import RetryHandler, RetryState
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.webhook import WebhookClient

log = logging.getLogger("adapt.delivery")

RETRIES = 2  # bounded: a reply that cannot go out in a few seconds goes by DM instead
MAX_RETRY_WAIT = 5.0  # seconds; a longer Retry-After is cut short rather than holding a worker


class CappedBackoff(BackoffRetryIntervalCalculator):
    """slack_sdk's backoff with jitter (0.5-1.5 s, then 1-2 s: below the default cap), never
    longer than `max_wait`."""

    def __init__(self, max_wait: float) -> None:
        super().__init__()
        self.max_wait = max_wait

    def calculate_sleep_duration(self, current_attempt: int) -> float:
        return min(super().calculate_sleep_duration(current_attempt), self.max_wait)


class BoundedRateLimitRetry(RetryHandler):
    """Retry a 429 after its Retry-After, but never wait longer than `max_wait` seconds."""

    def __init__(self, max_retry_count: int = RETRIES,
                 max_wait: float = MAX_RETRY_WAIT) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait

    def _can_retry(self, *, state: RetryState, request: HttpRequest,
                   response: HttpResponse | None = None, error: Exception | None = None) -> bool:
        return response is not None and response.status_code == 429

    def prepare_for_next_attempt(self, *, state: RetryState, request: HttpRequest,
                                 response: HttpResponse | None = None,
                                 error: Exception | None = None) -> None:
        headers = {k.lower(): v for k, v in (response.headers if response else {}).items()}
        wait = _seconds(headers.get("retry-after"))
        state.next_attempt_requested = True
        time.sleep(min(max(wait, 0.0), self.max_wait) + random.random() / 10)
        state.increment_current_attempt()


def _seconds(header: list[str] | None) -> float:
    """Retry-After as seconds; 1 when it is missing or not a number."""
    try:
        return float((header or ["1"])[0])
    except (TypeError, ValueError, IndexError):
        return 1.0


def retry_handlers(max_wait: float = MAX_RETRY_WAIT) -> list[RetryHandler]:
    """For the Web API client (a response_url is posted with its client's: `deliver`); no wait
    before a retry is longer than `max_wait` seconds (ADAPT_MAX_RETRY_WAIT)."""
    backoff = CappedBackoff(max_wait)
    return [ConnectionErrorRetryHandler(max_retry_count=RETRIES, interval_calculator=backoff),
            BoundedRateLimitRetry(max_retry_count=RETRIES, max_wait=max_wait),
            ServerErrorRetryHandler(max_retry_count=1, interval_calculator=backoff)]


def post_to_response_url(url: str, message: dict[str, Any], *, timeout: int,
                         retries: list[RetryHandler], replace: bool = False,
                         in_channel: bool = False) -> str | None:
    """None when Slack took the message, else why not."""
    body = {**message, "replace_original": replace,
            "response_type": "in_channel" if in_channel else "ephemeral"}
    try:
        response = WebhookClient(url, timeout=timeout,
                                 retry_handlers=retries).send_dict(body)
    except Exception as error:  # network faults and timeouts: fall back, never crash the worker
        return type(error).__name__
    if response.status_code != 200:
        return f"HTTP {response.status_code} {(response.body or '')[:60]}".strip()
    return None


def failure_reason(error: Exception) -> str:
    """Why a Slack call failed, for a log line: Slack's error code or the exception's type,
    never a URL or a token."""
    if isinstance(error, SlackApiError):
        return str(error.response.get("error", "unknown"))
    return type(error).__name__


def direct_message(client: WebClient, user_id: str, message: dict[str, Any]) -> str | None:
    """None when the DM went out, else why not."""
    try:
        client.chat_postMessage(channel=user_id, text=message["text"],
                                blocks=message.get("blocks"))
    except Exception as error:  # Slack's refusals; timeouts and connection faults after retries
        return failure_reason(error)
    return None


def deliver(client: WebClient, message: dict[str, Any], *, response_url: str | None,
            user_id: str, replace: bool = False, in_channel: bool = False,
            context: str = "") -> str:
    """Send `message` where the person asked; returns "response_url", "dm" or "lost"."""
    webhook_failure = "no response_url"
    if response_url:
        webhook_failure = post_to_response_url(response_url, message, timeout=client.timeout,
                                                retries=client.retry_handlers,
                                                replace=replace, in_channel=in_channel) or ""
        if not webhook_failure:
            return "response_url"
    if in_channel:  # sharing must not silently turn into a private DM
        log.error("share lost: %s; user=%s %s", webhook_failure, user_id, context)
        return "lost"
    dm_failure = direct_message(client, user_id, message)
    if dm_failure is None:
        if response_url:
            log.warning("response_url failed (%s); sent by DM; user=%s %s", webhook_failure,
                        user_id, context)
        return "dm"
    log.error("reply lost: response_url: %s; DM: %s; user=%s %s", webhook_failure, dm_failure,
              user_id, context)
    return "lost"
