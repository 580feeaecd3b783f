"""The /adapt slash command. The first word decides what it is: help, presets, compare, canvas, a
saved-scenario subcommand (save, load or open, list, delete), or else KEY=VALUE arguments or a
description for a result."""

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from adapt.bot.blockkit import error_message, help_message, keys_message, presets_message
from adapt.bot.flows import compare, saved
from adapt.bot.flows.canvas import create_canvas
from adapt.bot.flows.modal import ModalContext, open_form
from adapt.bot.flows.results import reply, reply_with_result, report_for
from adapt.bot.payloads import channel_of, response_url_of, trigger_of, typed_text, user_of
from adapt.engine import ArgumentError

COMMAND = "/adapt"
HELP_WORDS = frozenset({"help", "-h", "--help", "?", "usage"})
KEY_WORDS = frozenset({"keys", "key", "all"})  # /adapt help keys: every key, on request


def register(app: App) -> None:
    # Bolt's lazy listeners: the ack runs inside the request, the work after the HTTP response.
    app.command(COMMAND)(ack=acknowledge, lazy=[adapt_command])


def acknowledge(ack: Ack) -> None:
    ack()


def adapt_command(command: dict[str, Any], client: WebClient,
                  context: BoltContext | None = None) -> None:
    """Bolt passes `context` (the store, the workspace); without it only results are given."""
    text = typed_text(command.get("text")).strip()
    word = text.lower()
    first, _, rest = text.partition(" ")
    verb, rest = first.lower(), rest.strip()
    if not text:
        form = ModalContext(response_url=response_url_of(command), channel_id=channel_of(command),
                            user_id=user_of(command))
        if not open_form(client, trigger_of(command), form, scenario=None):
            reply(client, command, error_message(
                "the form could not be opened (Slack allows 3 seconds); try `/adapt` again,"
                " or give `KEY=VALUE` arguments"))
        return
    if word in HELP_WORDS:
        reply(client, command, help_message())
    elif verb in HELP_WORDS and rest.lower() in KEY_WORDS:
        reply(client, command, keys_message())
    elif word == "presets":
        reply(client, command, presets_message())
    elif verb == "compare":
        compare.compare_command(client, command, context, rest)
    elif verb == "canvas":
        report = report_for(rest)
        if isinstance(report, ArgumentError):
            reply(client, command, error_message(report))
        else:
            create_canvas(client, command, report)
    elif verb in ("save", "load", "open", "list", "delete") and context is None:
        reply(client, command, error_message("saved scenarios need the app's database"))
    elif verb == "save":
        saved.save_command(client, command, context, rest)
    elif verb in ("load", "open"):
        if not rest or " " in rest:
            reply(client, command, error_message(f"{verb} takes one name: write `/adapt {verb}"
                                                 " NAME`; `/adapt list` shows the names"))
        else:
            saved.load(client, command, context, rest)
    elif verb == "list":
        saved.listing(client, command, context, rest)
    elif verb == "delete":
        if not rest or " " in rest:
            reply(client, command, error_message("delete takes one name: write `/adapt delete"
                                                 " NAME`"))
        else:
            saved.remove(client, command, context, rest)
    else:
        reply_with_result(client, command, text, context=context)
