"""The /adapt slash command. The first word decides what it is: help, presets, compare, canvas, a
saved-scenario subcommand (save, load or open, list, delete), or else KEY=VALUE arguments or a
description for a result."""

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from adapt.bot.blockkit import error_message, help_message, keys_message, presets_message
from adapt.bot.flows import compare, saved
from adapt.bot.flows.canvas import create_canvas
from adapt.bot.flows.modal import ModalContext, open_form
from adapt.bot.flows.results import reply_with_result, report_for
from adapt.bot.payloads import typed_text
from adapt.bot.request import Turn, acknowledge
from adapt.engine import ArgumentError

COMMAND = "/adapt"
HELP_WORDS = frozenset({"help", "-h", "--help", "?", "usage"})
KEY_WORDS = frozenset({"keys", "key", "all"})  # /adapt help keys: every key, on request
SAVED_VERBS = frozenset({"save", "load", "open", "list", "delete"})


def register(app: App) -> None:
    # Bolt's lazy listeners: the ack runs inside the request, the work after the HTTP response.
    app.command(COMMAND)(ack=acknowledge, lazy=[adapt_command])


def adapt_command(command: dict[str, Any], client: WebClient,
                  context: BoltContext | None = None) -> None:
    """Bolt passes `context` (the store, the workspace); without it only results are given."""
    answer(Turn.read(command, client, context), typed_text(command.get("text")).strip())


def answer(turn: Turn, text: str) -> None:
    """What `/adapt TEXT` asks for, answered."""
    word = text.lower()
    first, _, rest = text.partition(" ")
    verb, rest = first.lower(), rest.strip()
    if not text:
        form = ModalContext(response_url=turn.response_url, channel_id=turn.channel,
                            user_id=turn.user)
        if not open_form(turn, form, scenario=None):
            turn.reply(error_message(
                "the form could not be opened (Slack allows 3 seconds); try `/adapt` again,"
                " or give `KEY=VALUE` arguments"))
        return
    if word in HELP_WORDS:
        turn.reply(help_message())
    elif verb in HELP_WORDS and rest.lower() in KEY_WORDS:
        turn.reply(keys_message())
    elif word == "presets":
        turn.reply(presets_message())
    elif verb == "compare":
        compare.compare_command(turn, rest)
    elif verb == "canvas":
        report = report_for(rest)
        if isinstance(report, ArgumentError):
            turn.reply(error_message(report))
        else:
            create_canvas(turn, report)
    elif verb in SAVED_VERBS:
        saved_command(turn, verb, rest)
    else:
        reply_with_result(turn, text, record=True)


def saved_command(turn: Turn, verb: str, rest: str) -> None:
    """save, load (or open), list and delete: the workspace's saved scenarios."""
    if turn.store is None:
        turn.reply(error_message(saved.NO_STORE))
    elif verb == "save":
        saved.save_command(turn, rest)
    elif verb in ("load", "open"):
        if not rest or " " in rest:
            turn.reply(error_message(f"{verb} takes one name: write `/adapt {verb} NAME`;"
                                     " `/adapt list` shows the names"))
        else:
            saved.load(turn, rest)
    elif verb == "list":
        saved.listing(turn, rest)
    elif not rest or " " in rest:  # delete
        turn.reply(error_message("delete takes one name: write `/adapt delete NAME`"))
    else:
        saved.remove(turn, rest)
