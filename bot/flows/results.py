"""Results: reading a scenario from untrusted text, answering the person, and recording the
results people get."""

import logging
from datetime import date

from sqlalchemy.exc import SQLAlchemyError

from adapt.bot.blockkit import error_message, result_message, scenario_args
from adapt.bot.request import Turn
from adapt.engine import ArgumentError, Report, Scenario, evaluate, evaluate_input
from adapt.storage.store import Saved

log = logging.getLogger("adapt.flows")
MAX_ARGS = 4_000  # characters of command text or button value we will read at all


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


def reply_with_result(turn: Turn, text: str, *, record: bool = False,
                      saved: Saved | None = None) -> None:
    """The result for `text`, or the problem and a way out; recorded for App Home when
    `record`."""
    report = report_for(text, tipping=False)  # the first screen shows no tipping point
    if isinstance(report, ArgumentError):
        turn.reply(error_message(report))
        return
    where = turn.reply(result_message(report, saved=saved))
    if record and where != "lost":
        record_result(turn, report)


def record_result(turn: Turn, report: Report) -> None:
    """Remember a delivered result for App Home. Never in the way of the person's answer."""
    storage = turn.storage()
    if storage is None:
        return
    store, team = storage
    try:
        store.record_later(team, turn.user, turn.channel, scenario_args(report),
                           report.winner.option.value)
    except SQLAlchemyError as error:
        log.error("result not recorded: %s", type(error).__name__)
