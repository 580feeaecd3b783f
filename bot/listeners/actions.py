"""Buttons on results, lists and App Home, and the modal's preset picker. Values are parsed,
never trusted. Buttons on App Home carry no response_url: their answers go by DM."""

import logging
import re
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapt.bot import saved
from adapt.bot.blockkit import (
    chart_message,
    help_message,
    inspect_message,
    markdown_message,
    result_message,
    save_modal_view,
    scenario_args,
)
from adapt.bot.charts import reply_with_chart, upload_cost_chart
from adapt.bot.flows import (
    USER_ID,
    channel_of,
    open_form,
    refill_form,
    reply,
    reply_with_result,
    report_for,
)
from adapt.bot.modal import ModalContext, SaveContext
from adapt.engine.options import OptionId

log = logging.getLogger("adapt.actions")


def register(app: App) -> None:
    # Ack inside the request; the work runs after the response (Bolt's lazy listeners).
    handlers = {
        "inspect_option": inspect_option,
        "back_to_result": back_to_result,
        "share_result": share_result,
        "markdown_export": markdown_export,
        "cost_chart": cost_chart,
        "edit_inputs": edit_inputs,
        "run_preset": run_preset,
        "run_scenario": run_scenario,
        "preset_select": preset_select,
        "save_scenario": save_scenario,
        "save_overwrite": save_overwrite,
        "save_cancel": save_cancel,
        "open_saved": open_saved,
        "edit_saved": edit_saved,
        "list_page": list_page,
    }
    for action_id, handler in handlers.items():
        app.action(action_id)(ack=acknowledge, lazy=[handler])
    app.action(re.compile(".*"))(ack=acknowledge, lazy=[unknown_action])


def acknowledge(ack: Ack) -> None:
    ack()


def _value(body: dict[str, Any]) -> str:
    actions = body.get("actions") or [{}]
    first = actions[0] if isinstance(actions[0], dict) else {}
    selected = first.get("selected_option")
    value = selected.get("value") if isinstance(selected, dict) else first.get("value")
    return value if isinstance(value, str) else ""


def inspect_option(body: dict[str, Any], client: WebClient) -> None:
    option_id, _, args = _value(body).partition(" ")
    report = report_for(args)
    if isinstance(report, str) or option_id not in OptionId.__members__.values():
        reply(client, body, help_message("that button's data could not be read"))
        return
    reply(client, body, inspect_message(report, OptionId(option_id)), replace=True)


def back_to_result(body: dict[str, Any], client: WebClient) -> None:
    reply_with_result(client, body, _value(body), replace=True)


def share_result(body: dict[str, Any], client: WebClient) -> None:
    report = report_for(_value(body))
    user_id = (body.get("user") or {}).get("id", "")
    if isinstance(report, str) or not USER_ID.match(user_id):
        reply(client, body, help_message("that button's data could not be read"))
        return
    image = upload_cost_chart(client, report)
    where = reply_with_chart(
        client, body, image, lambda chart, note: result_message(
            report, shared_by=user_id, chart=chart, note=note), in_channel=True)
    if where == "lost":
        reply(client, body, help_message("the result could not be shared in this conversation"))


def cost_chart(body: dict[str, Any], client: WebClient) -> None:
    """The cost-over-time chart as an image, in a new message beside the result."""
    report = report_for(_value(body))
    if isinstance(report, str):
        reply(client, body, help_message("that button's data could not be read"))
        return
    image = upload_cost_chart(client, report)
    reply_with_chart(client, body, image,
                     lambda chart, note: chart_message(report, chart, note=note))


def markdown_export(body: dict[str, Any], client: WebClient) -> None:
    report = report_for(_value(body))
    message = help_message(report) if isinstance(report, str) else markdown_message(report)
    reply(client, body, message)


def edit_inputs(body: dict[str, Any], client: WebClient) -> None:
    report = report_for(_value(body))
    if isinstance(report, str):
        reply(client, body, help_message(report))
        return
    context = ModalContext(response_url=body.get("response_url"), user_id=body["user"]["id"],
                           channel_id=(body.get("channel") or {}).get("id"), replace=True)
    if not open_form(client, body["trigger_id"], context, report.scenario):
        reply(client, body, help_message("the form could not be opened; try the button again"))


def run_preset(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    reply_with_result(client, body, f"preset={_value(body)}", context=context)


def run_scenario(body: dict[str, Any], client: WebClient,
                 context: BoltContext) -> None:
    """"Run again" on App Home's recent results."""
    reply_with_result(client, body, _value(body), context=context)


def save_scenario(body: dict[str, Any], client: WebClient) -> None:
    """The Save button on a result: ask for a name in a small form (trigger_id lives 3 s)."""
    report = report_for(_value(body))
    if isinstance(report, str):
        reply(client, body, help_message("that button's data could not be read"))
        return
    form = SaveContext(response_url=body.get("response_url"), channel_id=channel_of(body),
                       args=scenario_args(report))
    try:
        client.views_open(trigger_id=body["trigger_id"], view=save_modal_view(
            form.args, report.winner.name, form.dump()))
    except (SlackApiError, OSError) as error:
        log.error("views.open failed: %s", getattr(error, "response", {}).get("error", "unknown")
                  if isinstance(error, SlackApiError) else type(error).__name__)
        reply(client, body, help_message("the form could not be opened; try the button again"))


def save_overwrite(body: dict[str, Any], client: WebClient,
                   context: BoltContext) -> None:
    saved.overwrite_button(client, body, context, _value(body))


def save_cancel(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    saved.keep_button(client, body, context, _value(body))


def open_saved(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    saved.load(client, body, context, _value(body))


def edit_saved(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Edit on App Home: the form, prefilled with the saved scenario; the result comes by DM."""
    found = saved.find(context, _value(body))
    report = report_for(found.args) if found else "that saved scenario is gone"
    if isinstance(report, str):
        reply(client, body, help_message(report))
        return
    form = ModalContext(response_url=body.get("response_url"), user_id=body["user"]["id"],
                        channel_id=channel_of(body))
    if not open_form(client, body["trigger_id"], form, report.scenario):
        reply(client, body, help_message("the form could not be opened; try the button again"))


def list_page(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    saved.listing(client, body, context, _value(body), replace=True)


def preset_select(body: dict[str, Any], client: WebClient) -> None:
    view = body.get("view")
    if not isinstance(view, dict) or "id" not in view:
        return
    try:
        refill_form(client, view, _value(body))
    except ValueError:
        log.warning("preset_select: unreadable modal metadata")


def unknown_action(body: dict[str, Any], client: WebClient) -> None:
    log.warning("unknown action: %s", str(_action_id(body))[:100])
    if body.get("response_url"):
        reply(client, body, help_message("that button is not one Adapt knows; run /adapt again"))


def _action_id(body: dict[str, Any]) -> str:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("action_id", "")) if isinstance(actions[0], dict) else ""
