"""Getting a reply to the person: the response_url first (no channel membership needed), then a DM.

response_url works in public and private channels the bot is not in, DMs and group DMs, for 30
minutes and up to 5 posts; when it has expired or fails, the bot writes to the person directly.
"""

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from slack_sdk.webhook import WebhookClient

log = logging.getLogger("adapt.delivery")

RETRIES = 2  # bounded: a reply that cannot go out in a few seconds goes by DM instead
WEBHOOK_TIMEOUT = 10


def retry_handlers() -> list[Any]:
    return [ConnectionErrorRetryHandler(max_retry_count=RETRIES),
            RateLimitErrorRetryHandler(max_retry_count=RETRIES)]


def post_to_response_url(url: str, message: dict[str, Any], *, replace: bool = False,
                         in_channel: bool = False) -> bool:
    """True when Slack took the message."""
    body = {**message, "replace_original": replace,
            "response_type": "in_channel" if in_channel else "ephemeral"}
    try:
        response = WebhookClient(url, timeout=WEBHOOK_TIMEOUT,
                                 retry_handlers=retry_handlers()).send_dict(body)
    except Exception as error:  # network faults: fall back, never crash the worker
        log.warning("response_url post failed: %s", type(error).__name__)
        return False
    if response.status_code != 200:
        log.warning("response_url post refused: HTTP %s %s", response.status_code,
                    (response.body or "")[:100])
        return False
    return True


def direct_message(client: WebClient, user_id: str, message: dict[str, Any]) -> bool:
    try:
        client.chat_postMessage(channel=user_id, text=message["text"],
                                blocks=message.get("blocks"))
    except (SlackApiError, OSError) as error:
        log.error("DM to %s failed: %s", user_id, _reason(error))
        return False
    return True


def deliver(client: WebClient, message: dict[str, Any], *, response_url: str | None,
            user_id: str, replace: bool = False, in_channel: bool = False) -> str:
    """Send `message` where the person asked; returns "response_url", "dm" or "lost"."""
    if response_url and post_to_response_url(response_url, message, replace=replace,
                                             in_channel=in_channel):
        return "response_url"
    if in_channel:
        return "lost"  # sharing must not silently turn into a private DM
    if direct_message(client, user_id, message):
        return "dm"
    return "lost"


def _reason(error: Exception) -> str:
    if isinstance(error, SlackApiError):
        return str(error.response.get("error", "unknown"))
    return type(error).__name__
