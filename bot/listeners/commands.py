"""The /adapt slash command."""

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blockkit import help_message, presets_message
from bot.flows import open_form, reply, reply_with_result
from bot.modal import ModalContext

COMMAND = "/adapt"
HELP_WORDS = frozenset({"help", "-h", "--help", "?", "usage"})


def register(app: App) -> None:
    # Bolt's lazy listeners: the ack runs inside the request, the work after the HTTP response.
    app.command(COMMAND)(ack=acknowledge, lazy=[adapt_command])


def acknowledge(ack: Ack) -> None:
    ack()


def adapt_command(command: dict[str, Any], client: WebClient) -> None:
    text = (command.get("text") or "").strip()
    word = text.lower()
    if not text:
        context = ModalContext(response_url=command.get("response_url"),
                               channel_id=command.get("channel_id"), user_id=command["user_id"])
        if not open_form(client, command["trigger_id"], context, scenario=None):
            reply(client, command, help_message(
                "the form could not be opened (Slack allows 3 seconds); try /adapt again,"
                " or give KEY=VALUE arguments"))
        return
    if word in HELP_WORDS:
        reply(client, command, help_message())
    elif word == "presets":
        reply(client, command, presets_message())
    else:
        reply_with_result(client, command, text)
