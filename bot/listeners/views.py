"""Modal submissions: field errors in place, then the answer where the person asked."""

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from adapt.bot.blockkit import compare_message, notice_message, result_message
from adapt.bot.delivery import deliver
from adapt.bot.flows.modal import (
    COST_FALLBACK_KEY,
    ERROR_FALLBACK_KEY,
    STALE_FORM,
    CostContext,
    ModalContext,
    Said,
    SaveContext,
    read_cost_submission,
    read_sentence,
    read_submission,
    sentence_of,
    update_from_cost_form,
)
from adapt.bot.flows.results import evaluated, record_result, report_for
from adapt.bot.flows.saved import NO_DATABASE, Outcome, save_report
from adapt.bot.ids import Callback
from adapt.bot.payloads import input_state, team_of, text_of, user_of, view_values
from adapt.engine import ArgumentError, Report, Scenario
from adapt.engine.compare import compared
from adapt.engine.keys import in_table_order
from adapt.storage.store import BadName, scenario_name
from adapt.templates.format import plain_date

Form = TypeVar("Form", bound=ModalContext)
NAME_BLOCK = "name"  # the Save form's name field: where its errors show
SAVED_KEY = "adapt_save_outcome"  # the Save form's committed outcome, for its lazy confirmation


def register(app: App) -> None:
    # The ack carries field errors, so validation runs in it; the reply runs after the response.
    app.view(Callback.MODAL)(ack=check_form, lazy=[post_result])
    # Done on the cost form: errors in place, else back to the decision form, refreshed after.
    app.view(Callback.COST)(ack=check_costs, lazy=[apply_costs])
    # The save commits in the ack (a taken name is an error in the form); the confirmation is
    # posted after the response, from the outcome the ack left in the context.
    app.view(Callback.SAVE)(ack=submit_save, lazy=[confirm_save])


def _read_as(view: dict[str, Any], kind: type[Form],
             read: Callable[[Any, Form], Scenario | dict[str, str]],
             fallback: str) -> tuple[Form, Scenario | dict[str, str]]:
    """A submitted form and what it reads as; unreadable metadata is a stale form."""
    try:
        form = kind.load(view.get("private_metadata", ""))
    except ValueError:
        return kind(user_id=""), {f"{fallback}.0": STALE_FORM}
    return form, read(view_values(view), form)


def _read(view: dict[str, Any]) -> tuple[ModalContext, Scenario | dict[str, str]]:
    return _read_as(view, ModalContext, read_submission, ERROR_FALLBACK_KEY)


def _read_costs(view: dict[str, Any]) -> tuple[CostContext, Scenario | dict[str, str]]:
    return _read_as(view, CostContext, read_cost_submission, COST_FALLBACK_KEY)


def _ack(ack: Ack, outcome: Scenario | dict[str, str]) -> None:
    """Close the form when it reads; else show each field's problem in place."""
    if isinstance(outcome, Scenario):
        ack()
    else:
        ack(response_action="errors", errors=outcome)


def check_form(ack: Ack, view: dict[str, Any]) -> None:
    _ack(ack, _read(view)[1])


def check_costs(ack: Ack, view: dict[str, Any]) -> None:
    _ack(ack, _read_costs(view)[1])  # closing the cost form shows the decision form again


def apply_costs(view: dict[str, Any], client: WebClient) -> None:
    form, outcome = _read_costs(view)
    if isinstance(outcome, Scenario) and form.form_view_id:
        update_from_cost_form(client, form, outcome)


def post_result(body: dict[str, Any], view: dict[str, Any], client: WebClient,
                context: BoltContext) -> None:
    form, outcome = _read(view)
    if not isinstance(outcome, Scenario):
        return  # the person saw the errors in the form
    user_id = user_of(body) or form.user_id
    report = with_sentence_read(evaluated(outcome), view, form)
    if form.compare_with is not None:  # Compare with...: the form's answer beside the first
        first = report_for(form.compare_with)
        if not isinstance(first, ArgumentError):
            deliver(client, compare_message(compared(first, report, date.today())),
                    response_url=form.response_url, user_id=user_id)
            return
    where = deliver(client, result_message(report), response_url=form.response_url,
                    user_id=user_id, replace=form.replace)
    if where != "lost":
        record_result(context, user_id, form.channel_id, report)


def with_sentence_read(report: Report, view: dict[str, Any], form: ModalContext) -> Report:
    """A report from a form whose sentence was read: it says what was read and not used, as an
    answer to a description does."""
    sentence = sentence_of(view_values(view), form.rev)
    reading = read_sentence(sentence) if sentence else None
    if not isinstance(reading, Said):
        return report
    return report.model_copy(update={"read_as": in_table_order(reading.pairs),
                                     "not_used": list(reading.not_used)})


def submit_save(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                context: BoltContext) -> None:
    """The Save form: a bad or taken name is reported in place; the save is committed before the
    form closes and before the confirmation is posted."""

    def refuse(message: str) -> None:
        ack(response_action="errors", errors={NAME_BLOCK: message})

    try:
        form = SaveContext.load(view.get("private_metadata", ""))
    except ValueError:
        refuse("This form is out of date: close it and press Save again.")
        return
    values = view_values(view)
    ticked = input_state(values, "replace").get("selected_options") or []
    overwrite = any(isinstance(o, dict) and o.get("value") == "replace" for o in ticked)
    try:
        name = scenario_name(text_of(input_state(values, NAME_BLOCK).get("value")))
    except BadName as error:
        refuse(str(error).replace("'", '"'))
        return
    report = report_for(form.args)
    team = team_of(context)
    user = user_of(body)
    if isinstance(report, ArgumentError) or team is None:
        refuse("This scenario could not be read: close the form and run it again.")
        return
    try:
        outcome = save_report(client, context, team, user, name, report, overwrite=overwrite)
    except SQLAlchemyError:
        refuse(NO_DATABASE + ".")
        return
    if outcome.kind == "exists":
        refuse(f'"{outcome.saved.name}" is taken (saved {plain_date(outcome.saved.saved_at)}):'
               " tick Replace below to overwrite it, or choose another name.")
        return
    if outcome.kind == "refused":
        refuse(f'"{outcome.saved.name}" was saved by someone else: only they or a workspace'
               " admin can replace it. Choose another name.")
        return
    context[SAVED_KEY] = outcome
    ack()


def confirm_save(body: dict[str, Any], view: dict[str, Any], client: WebClient,
                 context: BoltContext) -> None:
    outcome = context.get(SAVED_KEY)
    if not isinstance(outcome, Outcome):
        return  # not saved: the person saw why in the form
    form = SaveContext.load(view.get("private_metadata", ""))
    deliver(client, notice_message(outcome.kind, outcome.saved.name, outcome.saved,
                                   new_args=form.args),
            response_url=form.response_url, user_id=user_of(body))
