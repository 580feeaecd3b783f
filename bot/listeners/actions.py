"""Buttons on results, lists and App Home, and the modal's preset picker. Values are parsed,
never trusted. Buttons on App Home carry no response_url: their answers go by DM."""

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapt.bot.blockkit import (
    CHOOSE,
    chart_message,
    choose_message,
    details_message,
    error_message,
    help_message,
    inspect_message,
    keys_message,
    markdown_message,
    more_message,
    presets_message,
    result_message,
    save_modal_view,
    scenario_args,
)
from adapt.bot.delivery import failure_reason
from adapt.bot.flows import compare, saved
from adapt.bot.flows.canvas import create_canvas
from adapt.bot.flows.charts import NOT_ATTACHED_SHARED, reply_with_chart, upload_cost_chart
from adapt.bot.flows.modal import (
    ModalContext,
    SaveContext,
    open_form,
    push_cost_form,
    refill_form,
)
from adapt.bot.flows.results import reply, reply_with_result, report_for
from adapt.bot.ids import Action
from adapt.bot.payloads import (
    USER_ID,
    action_id_of,
    action_value,
    channel_of,
    first_action,
    in_ephemeral,
    response_url_of,
    trigger_of,
    user_of,
    view_of,
)
from adapt.engine import ArgumentError, Report
from adapt.engine.options import OptionId

log = logging.getLogger("adapt.actions")


def register(app: App) -> None:
    # Ack inside the request; the work runs after the response (Bolt's lazy listeners).
    for action_id, handler in HANDLERS.items():
        app.action(action_id)(ack=acknowledge, lazy=[handler])
    app.action(re.compile(".*"))(ack=acknowledge, lazy=[unknown_action])


def acknowledge(ack: Ack) -> None:
    ack()


UNREADABLE = "that button's data could not be read; run /adapt again"
NO_FORM = "the form could not be opened; try the button again"


def clicked_report(body: dict[str, Any], client: WebClient) -> Report | None:
    """The report a button's value describes; None, the person told, when it does not read."""
    report = report_for(action_value(body))
    if isinstance(report, ArgumentError):
        reply(client, body, error_message(UNREADABLE))
        return None
    return report


def open_form_from(body: dict[str, Any], client: WebClient, report: Report,
                   **context: Any) -> None:
    """The form, prefilled with `report`'s scenario, its answer going where the click came
    from (`context`: how it answers, see ModalContext)."""
    form = ModalContext(response_url=response_url_of(body), user_id=user_of(body),
                        channel_id=channel_of(body), **context)
    if not open_form(client, trigger_of(body), form, report.scenario):
        reply(client, body, error_message(NO_FORM))


def show_details(body: dict[str, Any], client: WebClient) -> None:
    """The full analysis: in place of the person's own answer, or privately beside a shared one."""
    report = clicked_report(body, client)
    if report is not None:
        reply(client, body, details_message(report), replace=in_ephemeral(body))


def back_to_summary(body: dict[str, Any], client: WebClient) -> None:
    reply_with_result(client, body, action_value(body), replace=in_ephemeral(body))


def inspect_option(body: dict[str, Any], client: WebClient) -> None:
    """An option's card in place of the analysis; "choose": which option, as buttons."""
    option_id, _, args = action_value(body).partition(" ")
    report = report_for(args)
    if option_id == CHOOSE and not isinstance(report, ArgumentError):
        reply(client, body, choose_message(report))
        return
    if isinstance(report, ArgumentError) or option_id not in OptionId.__members__.values():
        reply(client, body, error_message(UNREADABLE))
        return
    reply(client, body, inspect_message(report, OptionId(option_id)), replace=in_ephemeral(body))


HELP_PAGES: dict[str, Callable[[], dict[str, Any]]] = {
    "": help_message, "keys": keys_message, "presets": presets_message}


def show_help(body: dict[str, Any], client: WebClient) -> None:
    """Help, or the page its button names (every key, the presets)."""
    reply(client, body, HELP_PAGES.get(action_value(body), help_message)())


def open_form_button(body: dict[str, Any], client: WebClient) -> None:
    """Open the form (App Home, help, an error): blank, its answer where the click came from,
    or by DM from App Home."""
    form = ModalContext(response_url=response_url_of(body), user_id=user_of(body),
                        channel_id=channel_of(body))
    if not open_form(client, trigger_of(body), form, scenario=None):
        reply(client, body, error_message(NO_FORM))


def _as_button(body: dict[str, Any], value: str) -> dict[str, Any]:
    """The payload as if a button carrying `value` had been clicked: what the handlers read."""
    action = {**first_action(body), "value": value}
    action.pop("selected_option", None)
    return {**body, "actions": [action]}


def result_menu(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The menu under an answer: its option's value is "verb args"; the verb's button does
    the rest."""
    verb, _, args = action_value(body).partition(" ")
    handler = MENU.get(verb)
    if handler is None:
        unknown_action(body, client)
        return
    handler(_as_button(body, args), client, context)


def more_actions(body: dict[str, Any], client: WebClient) -> None:
    """More… under an answer too long for the menu: the rest of its actions, as buttons."""
    reply(client, body, more_message(action_value(body)))


def share_result(body: dict[str, Any], client: WebClient) -> None:
    report = report_for(action_value(body))
    user_id = user_of(body)
    if isinstance(report, ArgumentError) or not USER_ID.match(user_id):
        reply(client, body, error_message(UNREADABLE))
        return
    image = upload_cost_chart(client, report)
    where = reply_with_chart(
        client, body, image, lambda chart, note: result_message(
            report, shared_by=user_id, chart=chart, note=note),
        missing=NOT_ATTACHED_SHARED, in_channel=True)
    if where == "lost":
        reply(client, body, error_message("the result could not be shared in this"
                                          " conversation"))


def cost_chart(body: dict[str, Any], client: WebClient) -> None:
    """The cost-over-time chart as an image, in a new message beside the result."""
    report = clicked_report(body, client)
    if report is None:
        return
    image = upload_cost_chart(client, report)
    reply_with_chart(client, body, image,
                     lambda chart, note: chart_message(report, chart, note=note))


def markdown_export(body: dict[str, Any], client: WebClient) -> None:
    report = report_for(action_value(body))
    reply(client, body, error_message(report) if isinstance(report, ArgumentError)
          else markdown_message(report))


def edit_inputs(body: dict[str, Any], client: WebClient) -> None:
    """The form, prefilled; its result replaces the person's own answer (never a shared one)."""
    report = report_for(action_value(body))
    if isinstance(report, ArgumentError):
        reply(client, body, error_message(report))
        return
    open_form_from(body, client, report, replace=in_ephemeral(body))


def create_canvas_button(body: dict[str, Any], client: WebClient) -> None:
    report = clicked_report(body, client)
    if report is not None:
        create_canvas(client, body, report)


def compare_with(body: dict[str, Any], client: WebClient) -> None:
    """Compare with...: the form, prefilled with this result's scenario; its answer compares."""
    report = clicked_report(body, client)
    if report is not None:
        open_form_from(body, client, report, compare_with=scenario_args(report))


def compare_markdown_button(body: dict[str, Any], client: WebClient) -> None:
    compare.compare_markdown(client, body, action_value(body))


MENU: dict[str, Callable[[dict[str, Any], WebClient, BoltContext], None]] = {
    "markdown": lambda body, client, _: markdown_export(body, client),
    "chart": lambda body, client, _: cost_chart(body, client),
    "save": lambda body, client, _: save_scenario(body, client),
}


def run_preset(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    reply_with_result(client, body, f"preset={action_value(body)}", context=context)


def run_scenario(body: dict[str, Any], client: WebClient,
                 context: BoltContext) -> None:
    """"Run again" on App Home's recent results, and the corrected command under an error."""
    reply_with_result(client, body, action_value(body), context=context)


def save_scenario(body: dict[str, Any], client: WebClient) -> None:
    """The Save button on a result: ask for a name in a small form (trigger_id lives 3 s)."""
    report = clicked_report(body, client)
    if report is None:
        return
    form = SaveContext(response_url=response_url_of(body), channel_id=channel_of(body),
                       args=scenario_args(report))
    try:
        client.views_open(trigger_id=trigger_of(body), view=save_modal_view(
            form.args, report.winner.name, form.dump()))
    except (SlackApiError, OSError) as error:
        log.error("views.open failed: %s", failure_reason(error))
        reply(client, body, error_message(NO_FORM))


def save_overwrite(body: dict[str, Any], client: WebClient,
                   context: BoltContext) -> None:
    saved.overwrite_button(client, body, context, action_value(body))


def save_cancel(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    saved.keep_button(client, body, context, action_value(body))


def open_saved(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    saved.load(client, body, context, action_value(body))


def edit_saved(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Edit on App Home: the form, prefilled with the saved scenario; the result comes by DM."""
    found = saved.find(context, action_value(body))
    if found is None:
        reply(client, body, error_message("that saved scenario is gone: `/adapt list` shows the"
                                          " saved ones"))
        return
    report = report_for(found.args)
    if isinstance(report, ArgumentError):
        reply(client, body, error_message(report))
        return
    open_form_from(body, client, report)


def list_page(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    saved.listing(client, body, context, action_value(body), replace=True)


def edit_costs(body: dict[str, Any], client: WebClient) -> None:
    """Cost inputs... on the decision form: the cost form, pushed over it (trigger_id: 3 s)."""
    view = view_of(body)
    try:
        pushed = push_cost_form(client, trigger_of(body), view)
    except (ValueError, ArgumentError):
        log.warning("edit_costs: unreadable form metadata")
        return
    if not pushed:
        log.warning("edit_costs: the cost form could not be opened")


def preset_select(body: dict[str, Any], client: WebClient) -> None:
    view = view_of(body)
    if "id" not in view:
        return
    try:
        refill_form(client, view, action_value(body))
    except ValueError:
        log.warning("preset_select: unreadable modal metadata")


def unknown_action(body: dict[str, Any], client: WebClient) -> None:
    log.warning("unknown action: %s", action_id_of(body)[:100])
    if response_url_of(body):
        reply(client, body, error_message("that button is not one Adapt knows; run /adapt again"))



# Every action a template can put on a button or select, and what answers it.
HANDLERS: dict[Action, Callable[..., None]] = {
    Action.SHOW_DETAILS: show_details,
    Action.BACK_TO_SUMMARY: back_to_summary,
    Action.INSPECT_OPTION: inspect_option,
    Action.BACK_TO_RESULT: show_details,  # from an option's card back to the full analysis
    Action.SHARE_RESULT: share_result,
    Action.MARKDOWN_EXPORT: markdown_export,
    Action.COST_CHART: cost_chart,
    Action.EDIT_INPUTS: edit_inputs,
    Action.RUN_PRESET: run_preset,
    Action.RUN_SCENARIO: run_scenario,
    Action.PRESET_SELECT: preset_select,
    Action.EDIT_COSTS: edit_costs,
    Action.SAVE_SCENARIO: save_scenario,
    Action.SAVE_OVERWRITE: save_overwrite,
    Action.SAVE_CANCEL: save_cancel,
    Action.OPEN_SAVED: open_saved,
    Action.EDIT_SAVED: edit_saved,
    Action.LIST_PAGE: list_page,
    Action.SHOW_HELP: show_help,
    Action.CREATE_CANVAS: create_canvas_button,
    Action.COMPARE_WITH: compare_with,
    Action.COMPARE_MARKDOWN: compare_markdown_button,
    Action.RESULT_MENU: result_menu,
    Action.MORE_ACTIONS: more_actions,
    Action.OPEN_FORM: open_form_button,
}
