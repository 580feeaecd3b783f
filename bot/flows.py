"""What the listeners share: reading a scenario from untrusted text, opening the form, replying,
and recording the results people get."""

import logging
import re
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from adapt.bot.blockkit import help_message, modal_view, result_message, scenario_args
from adapt.bot.delivery import deliver, failure_reason
from adapt.bot.modal import ModalContext, form_values
from adapt.engine import ArgumentError, Report, Scenario, evaluate, parse_scenario
from adapt.engine.presets import PRESETS
from adapt.storage.store import Saved, Store

log = logging.getLogger("adapt.flows")
USER_ID = re.compile(r"^[UW][A-Z0-9]{1,20}$")
TEAM_ID = re.compile(r"^[TE][A-Z0-9]{1,20}$")
CHANNEL_ID = re.compile(r"^[CDG][A-Z0-9]{1,20}$")
MAX_ARGS = 4_000  # characters of command text or button value we will read at all
STORE_KEY = "adapt_store"  # where bot.app puts the Store in each request's context


def store_of(context: BoltContext) -> Store:
    return context[STORE_KEY]  # type: ignore[no-any-return]


def team_of(context: BoltContext) -> str | None:
    """The workspace a signed request came from: the scope of every stored row."""
    team = context.team_id or ""
    return team if TEAM_ID.match(team) else None


def user_of(body: dict[str, Any]) -> str:
    user = body.get("user_id") or (body.get("user") or {}).get("id") or ""
    return str(user)


def channel_of(body: dict[str, Any]) -> str | None:
    channel = body.get("channel_id") or (body.get("channel") or {}).get("id") or ""
    return channel if CHANNEL_ID.match(str(channel)) else None


def report_for(text: str) -> Report | str:
    """The report for KEY=VALUE text from a person or a button, or the message naming the problem.
    Button values are parsed like typed text: they are never trusted to be our own."""
    if len(text) > MAX_ARGS:
        return f"the arguments are {len(text):,} characters long; the limit is {MAX_ARGS:,}"
    try:
        return evaluate(parse_scenario(text))
    except ArgumentError as error:
        return error.message


def reply(client: WebClient, body: dict[str, Any], message: dict[str, Any], *,
          replace: bool = False, in_channel: bool = False) -> str:
    """Answer the person behind an interaction payload or a slash command."""
    return deliver(client, message, response_url=body.get("response_url"), user_id=user_of(body),
                   replace=replace, in_channel=in_channel, context=f"team={_team(body)}")


def reply_with_result(client: WebClient, body: dict[str, Any], text: str, *,
                      context: BoltContext | None = None, saved: Saved | None = None,
                      **how: Any) -> None:
    """The result for `text`, or help naming the problem; recorded when `context` is given."""
    report = report_for(text)
    if isinstance(report, str):
        reply(client, body, help_message(report), **how)
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


def open_form(client: WebClient, trigger_id: str, context: ModalContext,
              scenario: Scenario | None) -> bool:
    """Open the modal at once: trigger_id lives 3 seconds and works once."""
    start = scenario or Scenario()
    context = context.model_copy(update={"preset": start.preset,
                                         "shared_tokens": start.shared_tokens})
    view = modal_view(form_values(start), preset=start.preset, metadata=context.dump(),
                      rev=context.rev)
    try:
        client.views_open(trigger_id=trigger_id, view=view)
    except (SlackApiError, OSError) as error:  # OSError: timeouts and connection faults
        log.error("views.open failed: %s", failure_reason(error))
        return False
    return True


def refill_form(client: WebClient, view: dict[str, Any], preset: str) -> None:
    """Swap the form's values for a preset's, keeping where the result goes."""
    context = ModalContext.load(view.get("private_metadata", ""))
    scenario = parse_scenario([preset]) if preset in PRESETS else Scenario()
    context = context.model_copy(update={"rev": context.rev + 1})  # new block_ids: new values
    fresh = modal_view(form_values(scenario), preset=scenario.preset, rev=context.rev,
                       metadata=context.model_copy(update={"preset": scenario.preset}).dump())
    try:
        client.views_update(view_id=view["id"], hash=view.get("hash"), view=fresh)
    except (SlackApiError, OSError) as error:  # hash_conflict: changed again meanwhile
        log.warning("views.update failed: %s", failure_reason(error))


def _team(body: dict[str, Any]) -> str:
    return str(body.get("team_id") or (body.get("team") or {}).get("id", ""))
