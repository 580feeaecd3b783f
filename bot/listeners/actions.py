"""Buttons on results and the modal's preset picker. Values are parsed, never trusted."""

import logging
import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blockkit import (
    chart_message,
    help_message,
    inspect_message,
    markdown_message,
    result_message,
)
from bot.charts import reply_with_chart, upload_cost_chart
from bot.flows import USER_ID, open_form, refill_form, reply, reply_with_result, report_for
from bot.modal import ModalContext
from engine.options import OptionId

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
        "preset_select": preset_select,
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


def run_preset(body: dict[str, Any], client: WebClient) -> None:
    reply_with_result(client, body, f"preset={_value(body)}")


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
