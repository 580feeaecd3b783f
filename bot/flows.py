"""What the listeners share: reading a scenario from untrusted text, opening the form, replying."""

import logging
import re
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blockkit import help_message, modal_view, result_message
from bot.delivery import deliver
from bot.modal import ModalContext, form_values
from engine import ArgumentError, Report, Scenario, evaluate, parse_scenario
from engine.presets import PRESETS

log = logging.getLogger("adapt.flows")
USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
MAX_ARGS = 4_000  # characters of command text or button value we will read at all


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
    user_id = body.get("user_id") or (body.get("user") or {}).get("id", "")
    where = deliver(client, message, response_url=body.get("response_url"), user_id=user_id,
                    replace=replace, in_channel=in_channel)
    if where == "lost":
        log.error("reply lost: user=%s team=%s", user_id, _team(body))
    return where


def reply_with_result(client: WebClient, body: dict[str, Any], text: str, **how: Any) -> None:
    report = report_for(text)
    message = help_message(report) if isinstance(report, str) else result_message(report)
    reply(client, body, message, **how)


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
    except SlackApiError as error:
        log.error("views.open failed: %s", error.response.get("error", "unknown"))
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
    except SlackApiError as error:  # hash_conflict: the person changed it again meanwhile
        log.warning("views.update failed: %s", error.response.get("error", "unknown"))


def _team(body: dict[str, Any]) -> str:
    return str(body.get("team_id") or (body.get("team") or {}).get("id", ""))
