"""Results: reading a scenario from untrusted text, answering the person, and recording the
results people get."""

import logging
from datetime import date
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from adapt.bot.blockkit import error_message, result_message, scenario_args
from adapt.bot.delivery import deliver
from adapt.bot.payloads import USER_ID, channel_of, response_url_of, team_in, team_of, user_of
from adapt.engine import ArgumentError, Report, Scenario, evaluate, evaluate_input
from adapt.storage.store import Saved, Store

log = logging.getLogger("adapt.flows")
MAX_ARGS = 4_000  # characters of command text or button value we will read at all
STORE_KEY = "adapt_store"  # where bot.app puts the Store in each request's context


def store_of(context: BoltContext) -> Store:
    return context[STORE_KEY]  # type: ignore[no-any-return]


def evaluated(scenario: Scenario) -> Report:
    """The engine's report as of today: whether tuning a named model is still offered depends on
    the date, and the engine takes it from its caller."""
    return evaluate(scenario, today=date.today())


def report_for(text: str, *, tipping: bool = True) -> Report | ArgumentError:
    """The report for KEY=VALUE text or a description, from a person or a button, or the error
    naming the problem. Button values are parsed like typed text: never trusted to be our own.
    `tipping=False`: without the tipping points, for the first screen (see engine evaluate)."""
    if len(text) > MAX_ARGS:
        return ArgumentError(f"the arguments are {len(text):,} characters long; the limit is"
                             f" {MAX_ARGS:,}")
    try:  # KEY=VALUE or a description
        return evaluate_input(text, today=date.today(), tipping=tipping)
    except ArgumentError as error:
        return error


def reply(client: WebClient, body: dict[str, Any], message: dict[str, Any], *,
          replace: bool = False, in_channel: bool = False) -> str:
    """Answer the person behind an interaction payload or a slash command."""
    return deliver(client, message, response_url=response_url_of(body), user_id=user_of(body),
                   replace=replace, in_channel=in_channel, context=f"team={team_in(body)}")


def reply_with_result(client: WebClient, body: dict[str, Any], text: str, *,
                      context: BoltContext | None = None, saved: Saved | None = None,
                      **how: Any) -> None:
    """The result for `text`, or the problem and a way out; recorded when `context` is given."""
    report = report_for(text, tipping=False)  # the first screen shows no tipping point
    if isinstance(report, ArgumentError):
        reply(client, body, error_message(report), **how)
        return
    where = reply(client, body, result_message(report, saved=saved), **how)
    if context is not None and where != "lost":
        record_result(context, user_of(body), channel_of(body), report)


def record_result(context: BoltContext, user_id: str, channel_id: str | None,
                  report: Report) -> None:
    """Remember a delivered result for App Home. Never in the way of the person's answer."""
    team = team_of(context)
    if team is None or not USER_ID.match(user_id):
        return
    try:
        store_of(context).record_later(team, user_id, channel_id, scenario_args(report),
                                       report.winner.option.value)
    except SQLAlchemyError as error:
        log.error("result not recorded: %s", type(error).__name__)
