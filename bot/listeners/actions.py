"""Buttons on results, lists and App Home, and the modal's preset picker. Values are parsed,
never trusted. Buttons on App Home carry no response_url: their answers go by DM."""

import logging
import re
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import saved
from bot.blockkit import (
    help_message,
    inspect_message,
    markdown_message,
    result_message,
    save_modal_view,
    scenario_args,
)
from bot.flows import (
    USER_ID,
    channel_of,
    open_form,
    refill_form,
    reply,
    reply_with_result,
    report_for,
)
from bot.modal import ModalContext, SaveContext
from engine.options import OptionId

log = logging.getLogger("adapt.actions")


def register(app: App) -> None:
    app.action("inspect_option")(inspect_option)
    app.action("back_to_result")(back_to_result)
    app.action("share_result")(share_result)
    app.action("markdown_export")(markdown_export)
    app.action("edit_inputs")(edit_inputs)
    app.action("run_preset")(run_preset)
    app.action("run_scenario")(run_scenario)
    app.action("preset_select")(preset_select)
    app.action("save_scenario")(save_scenario)
    app.action("save_overwrite")(save_overwrite)
    app.action("save_cancel")(save_cancel)
    app.action("open_saved")(open_saved)
    app.action("edit_saved")(edit_saved)
    app.action("list_page")(list_page)
    app.action(re.compile(".*"))(unknown_action)


def _value(body: dict[str, Any]) -> str:
    actions = body.get("actions") or [{}]
    first = actions[0] if isinstance(actions[0], dict) else {}
    selected = first.get("selected_option")
    value = selected.get("value") if isinstance(selected, dict) else first.get("value")
    return value if isinstance(value, str) else ""


def inspect_option(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    option_id, _, args = _value(body).partition(" ")
    report = report_for(args)
    if isinstance(report, str) or option_id not in OptionId.__members__.values():
        reply(client, body, help_message("that button's data could not be read"))
        return
    reply(client, body, inspect_message(report, OptionId(option_id)), replace=True)


def back_to_result(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    reply_with_result(client, body, _value(body), replace=True)


def share_result(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    report = report_for(_value(body))
    user_id = (body.get("user") or {}).get("id", "")
    if isinstance(report, str) or not USER_ID.match(user_id):
        reply(client, body, help_message("that button's data could not be read"))
        return
    if reply(client, body, result_message(report, shared_by=user_id), in_channel=True) == "lost":
        reply(client, body, help_message("the result could not be shared in this conversation"))


def markdown_export(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    report = report_for(_value(body))
    message = help_message(report) if isinstance(report, str) else markdown_message(report)
    reply(client, body, message)


def edit_inputs(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    report = report_for(_value(body))
    if isinstance(report, str):
        reply(client, body, help_message(report))
        return
    context = ModalContext(response_url=body.get("response_url"), user_id=body["user"]["id"],
                           channel_id=(body.get("channel") or {}).get("id"), replace=True)
    if not open_form(client, body["trigger_id"], context, report.scenario):
        reply(client, body, help_message("the form could not be opened; try the button again"))


def run_preset(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    reply_with_result(client, body, f"preset={_value(body)}", context=context)


def run_scenario(ack: Ack, body: dict[str, Any], client: WebClient,
                 context: BoltContext) -> None:
    """"Run again" on App Home's recent results."""
    ack()
    reply_with_result(client, body, _value(body), context=context)


def save_scenario(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    """The Save button on a result: ask for a name in a small form (trigger_id lives 3 s)."""
    ack()
    report = report_for(_value(body))
    if isinstance(report, str):
        reply(client, body, help_message("that button's data could not be read"))
        return
    form = SaveContext(response_url=body.get("response_url"), channel_id=channel_of(body),
                       args=scenario_args(report))
    try:
        client.views_open(trigger_id=body["trigger_id"], view=save_modal_view(
            form.args, report.winner.name, form.dump()))
    except SlackApiError as error:
        log.error("views.open failed: %s", error.response.get("error", "unknown"))
        reply(client, body, help_message("the form could not be opened; try the button again"))


def save_overwrite(ack: Ack, body: dict[str, Any], client: WebClient,
                   context: BoltContext) -> None:
    ack()
    saved.overwrite_button(client, body, context, _value(body))


def save_cancel(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    saved.keep_button(client, body, context, _value(body))


def open_saved(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    saved.load(client, body, context, _value(body))


def edit_saved(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Edit on App Home: the form, prefilled with the saved scenario; the result comes by DM."""
    ack()
    found = saved.find(context, _value(body))
    report = report_for(found.args) if found else "that saved scenario is gone"
    if isinstance(report, str):
        reply(client, body, help_message(report))
        return
    form = ModalContext(response_url=body.get("response_url"), user_id=body["user"]["id"],
                        channel_id=channel_of(body))
    if not open_form(client, body["trigger_id"], form, report.scenario):
        reply(client, body, help_message("the form could not be opened; try the button again"))


def list_page(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    saved.listing(client, body, context, _value(body), replace=True)


def preset_select(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    view = body.get("view")
    if not isinstance(view, dict) or "id" not in view:
        return
    try:
        refill_form(client, view, _value(body))
    except ValueError:
        log.warning("preset_select: unreadable modal metadata")


def unknown_action(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    log.warning("unknown action: %s", str(_action_id(body))[:100])
    if body.get("response_url"):
        reply(client, body, help_message("that button is not one Adapt knows; run /adapt again"))


def _action_id(body: dict[str, Any]) -> str:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("action_id", "")) if isinstance(actions[0], dict) else ""
