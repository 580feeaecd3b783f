"""Buttons on results, lists and App Home, and the modal's preset picker. Values are parsed,
never trusted. Buttons on App Home carry no response_url: their answers go by DM."""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from slack_bolt import App, BoltContext
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
from adapt.bot.flows.results import reply_with_result, report_for
from adapt.bot.ids import Action
from adapt.bot.payloads import USER_ID, action_id_of, action_value, in_ephemeral, view_of
from adapt.bot.request import Turn, acknowledge
from adapt.engine import ArgumentError, Report
from adapt.engine.options import OptionId

log = logging.getLogger("adapt.actions")

UNREADABLE = "that button's data could not be read; run /adapt again"
NO_FORM = "the form could not be opened; try the button again"


@dataclass(frozen=True)
class Click:
    """What was clicked: the button's value (or the chosen option's), its action id, whether
    the message clicked is the person's own (ephemeral: only then may an answer replace it), and
    the view it sits in (a form's, App Home's, or none)."""

    value: str
    action_id: str
    own_message: bool
    view: dict[str, Any]

    @classmethod
    def read(cls, body: dict[str, Any]) -> "Click":
        return cls(value=action_value(body), action_id=action_id_of(body),
                   own_message=in_ephemeral(body), view=view_of(body))


Handler = Callable[[Turn, Click], None]


def on_click(handler: Handler) -> Callable[..., None]:
    """`handler` as a Bolt lazy listener: the request and the click read once, then handed on."""
    def listener(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        handler(Turn.read(body, client, context), Click.read(body))

    # Bolt tells lazy listeners apart by their names (and logs them).
    listener.__name__ = listener.__qualname__ = handler.__name__
    return listener


def register(app: App) -> None:
    # Ack inside the request; the work runs after the response (Bolt's lazy listeners).
    for action_id, handler in HANDLERS.items():
        app.action(action_id)(ack=acknowledge, lazy=[on_click(handler)])
    app.action(re.compile(".*"))(ack=acknowledge, lazy=[on_click(unknown_action)])


def clicked_report(turn: Turn, click: Click) -> Report | None:
    """The report a button's value describes; None, the person told, when it does not read."""
    report = report_for(click.value)
    if isinstance(report, ArgumentError):
        turn.reply(error_message(UNREADABLE))
        return None
    return report


def open_form_from(turn: Turn, report: Report, **context: Any) -> None:
    """The form, prefilled with `report`'s scenario, its answer going where the click came
    from (`context`: how it answers, see ModalContext)."""
    form = ModalContext(response_url=turn.response_url, user_id=turn.user,
                        channel_id=turn.channel, **context)
    if not open_form(turn, form, report.scenario):
        turn.reply(error_message(NO_FORM))


def show_details(turn: Turn, click: Click) -> None:
    """The full analysis: in place of the person's own answer, or privately beside a shared one."""
    report = clicked_report(turn, click)
    if report is not None:
        turn.replacing(click.own_message).reply(details_message(report))


def back_to_summary(turn: Turn, click: Click) -> None:
    reply_with_result(turn.replacing(click.own_message), click.value)


def inspect_option(turn: Turn, click: Click) -> None:
    """An option's card in place of the analysis; "choose": which option, as buttons."""
    option_id, _, args = click.value.partition(" ")
    report = report_for(args)
    if option_id == CHOOSE and not isinstance(report, ArgumentError):
        turn.reply(choose_message(report))
        return
    if isinstance(report, ArgumentError) or option_id not in OptionId.__members__.values():
        turn.reply(error_message(UNREADABLE))
        return
    turn.replacing(click.own_message).reply(inspect_message(report, OptionId(option_id)))


HELP_PAGES: dict[str, Callable[[], dict[str, Any]]] = {
    "": help_message, "keys": keys_message, "presets": presets_message}


def show_help(turn: Turn, click: Click) -> None:
    """Help, or the page its button names (every key, the presets)."""
    turn.reply(HELP_PAGES.get(click.value, help_message)())


def open_form_button(turn: Turn, click: Click) -> None:
    """Open the form (App Home, help, an error): blank, its answer where the click came from,
    or by DM from App Home."""
    form = ModalContext(response_url=turn.response_url, user_id=turn.user,
                        channel_id=turn.channel)
    if not open_form(turn, form, scenario=None):
        turn.reply(error_message(NO_FORM))


def result_menu(turn: Turn, click: Click) -> None:
    """The menu under an answer: its option's value is "verb args"; the verb's button does
    the rest."""
    verb, _, args = click.value.partition(" ")
    handler = MENU.get(verb)
    if handler is None:
        unknown_action(turn, click)
        return
    handler(turn, replace(click, value=args))


def more_actions(turn: Turn, click: Click) -> None:
    """More… under an answer too long for the menu: the rest of its actions, as buttons."""
    turn.reply(more_message(click.value))


def share_result(turn: Turn, click: Click) -> None:
    report = report_for(click.value)
    if isinstance(report, ArgumentError) or not USER_ID.match(turn.user):
        turn.reply(error_message(UNREADABLE))
        return
    image = upload_cost_chart(turn.client, report)
    where = reply_with_chart(
        turn, image, lambda chart, note: result_message(
            report, shared_by=turn.user, chart=chart, note=note),
        missing=NOT_ATTACHED_SHARED, in_channel=True)
    if where == "lost":
        turn.reply(error_message("the result could not be shared in this conversation"))


def cost_chart(turn: Turn, click: Click) -> None:
    """The cost-over-time chart as an image, in a new message beside the result."""
    report = clicked_report(turn, click)
    if report is None:
        return
    image = upload_cost_chart(turn.client, report)
    reply_with_chart(turn, image, lambda chart, note: chart_message(report, chart, note=note))


def markdown_export(turn: Turn, click: Click) -> None:
    report = report_for(click.value)
    turn.reply(error_message(report) if isinstance(report, ArgumentError)
               else markdown_message(report))


def edit_inputs(turn: Turn, click: Click) -> None:
    """The form, prefilled; its result replaces the person's own answer (never a shared one)."""
    report = report_for(click.value)
    if isinstance(report, ArgumentError):
        turn.reply(error_message(report))
        return
    open_form_from(turn, report, replace=click.own_message)


def create_canvas_button(turn: Turn, click: Click) -> None:
    report = clicked_report(turn, click)
    if report is not None:
        create_canvas(turn, report)


def compare_with(turn: Turn, click: Click) -> None:
    """Compare with...: the form, prefilled with this result's scenario; its answer compares."""
    report = clicked_report(turn, click)
    if report is not None:
        open_form_from(turn, report, compare_with=scenario_args(report))


def compare_markdown_button(turn: Turn, click: Click) -> None:
    compare.compare_markdown(turn, click.value)


def run_preset(turn: Turn, click: Click) -> None:
    reply_with_result(turn, f"preset={click.value}", record=True)


def run_scenario(turn: Turn, click: Click) -> None:
    """"Run again" on App Home's recent results, and the corrected command under an error."""
    reply_with_result(turn, click.value, record=True)


def save_scenario(turn: Turn, click: Click) -> None:
    """The Save button on a result: ask for a name in a small form (trigger_id lives 3 s)."""
    report = clicked_report(turn, click)
    if report is None:
        return
    form = SaveContext(response_url=turn.response_url, channel_id=turn.channel,
                       args=scenario_args(report))
    try:
        turn.client.views_open(trigger_id=turn.trigger_id, view=save_modal_view(
            form.args, report.winner.name, form.dump()))
    except (SlackApiError, OSError) as error:
        log.error("views.open failed: %s", failure_reason(error))
        turn.reply(error_message(NO_FORM))


MENU: dict[str, Handler] = {
    "markdown": markdown_export,
    "chart": cost_chart,
    "save": save_scenario,
}


def save_overwrite(turn: Turn, click: Click) -> None:
    saved.overwrite_button(turn, click.value)


def save_cancel(turn: Turn, click: Click) -> None:
    saved.keep_button(turn, click.value)


def open_saved(turn: Turn, click: Click) -> None:
    saved.load(turn, click.value)


def edit_saved(turn: Turn, click: Click) -> None:
    """Edit on App Home: the form, prefilled with the saved scenario; the result comes by DM."""
    found = saved.find(turn, click.value)
    if found is None:
        turn.reply(error_message("that saved scenario is gone: `/adapt list` shows the saved"
                                 " ones"))
        return
    report = report_for(found.args)
    if isinstance(report, ArgumentError):
        turn.reply(error_message(report))
        return
    open_form_from(turn, report)


def list_page(turn: Turn, click: Click) -> None:
    saved.listing(turn.replacing(), click.value)


def edit_costs(turn: Turn, click: Click) -> None:
    """Cost inputs... on the decision form: the cost form, pushed over it (trigger_id: 3 s)."""
    try:
        pushed = push_cost_form(turn, click.view)
    except (ValueError, ArgumentError):
        log.warning("edit_costs: unreadable form metadata")
        return
    if not pushed:
        log.warning("edit_costs: the cost form could not be opened")


def preset_select(turn: Turn, click: Click) -> None:
    if "id" not in click.view:
        return
    try:
        refill_form(turn.client, click.view, click.value)
    except ValueError:
        log.warning("preset_select: unreadable modal metadata")


def unknown_action(turn: Turn, click: Click) -> None:
    log.warning("unknown action: %s", click.action_id[:100])
    if turn.response_url:
        turn.reply(error_message("that button is not one Adapt knows; run /adapt again"))


# Every action a template can put on a button or select, and what answers it.
HANDLERS: dict[Action, Handler] = {
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
