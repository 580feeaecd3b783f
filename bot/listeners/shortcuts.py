"""Shortcuts: the form from anywhere (global), and a message read as the scenario (message)."""

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from adapt.bot.blockkit import error_message
from adapt.bot.flows.modal import ModalContext, open_form
from adapt.bot.flows.results import reply_with_result
from adapt.bot.ids import Shortcut
from adapt.bot.payloads import as_dict, typed_text
from adapt.bot.request import Turn, acknowledge

NO_FORM = "the form could not be opened (Slack allows 3 seconds); try the shortcut again"
NO_TEXT = ("that message has no text to read: run the shortcut on a message that describes the"
           " job, e.g. \"our support bot's tone drifts, about 300 labeled examples\"")


def register(app: App) -> None:
    # Ack inside the request; the form or the answer comes after the response (lazy listeners).
    app.shortcut(Shortcut.DECIDE)(ack=acknowledge, lazy=[open_decision_form])
    app.shortcut(Shortcut.EVALUATE)(ack=acknowledge, lazy=[evaluate_message])


def open_decision_form(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """"Adapt: decide how to adapt a model": the form, from anywhere. A global shortcut has no
    conversation, so the answer comes as a direct message from the app."""
    turn = Turn.read(body, client, context)
    form = ModalContext(user_id=turn.user, response_url=turn.response_url)
    if not open_form(turn, form, scenario=None):
        turn.reply(error_message(NO_FORM))


def evaluate_message(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """"Adapt: evaluate this message": its text read as a description or KEY=VALUE text, and the
    answer to the person alone (ephemeral, through the shortcut's response_url)."""
    turn = Turn.read(body, client, context)
    text = typed_text(as_dict(body.get("message")).get("text")).strip()
    if not text:
        turn.reply(error_message(NO_TEXT))
        return
    reply_with_result(turn, text, record=True)
