"""Modal submissions: field errors in place, then the answer where the person asked.

A form is read once, in its ack (the errors must go back in the response); what it read is kept
in the request's context, which Bolt copies to the lazy listener that answers after the response.
"""

from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple, TypeVar

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from sqlalchemy.exc import SQLAlchemyError

from adapt.bot.blockkit import compare_message, notice_message, result_message
from adapt.bot.flows.modal import (
    COST_FALLBACK_KEY,
    ERROR_FALLBACK_KEY,
    STALE_FORM,
    CostContext,
    ModalContext,
    Said,
    SaveContext,
    Submitted,
    read_cost_submission,
    read_submission,
    update_from_cost_form,
)
from adapt.bot.flows.results import evaluated, record_result, report_for
from adapt.bot.flows.saved import NO_DATABASE, Outcome, save_report
from adapt.bot.ids import Callback
from adapt.bot.payloads import input_state, text_of, view_values
from adapt.bot.request import Turn
from adapt.engine import ArgumentError, Report
from adapt.engine.compare import compared
from adapt.engine.keys import in_table_order
from adapt.storage.store import BadName, scenario_name
from adapt.templates.format import plain_date

Form = TypeVar("Form", bound=ModalContext)
NAME_BLOCK = "name"  # the Save form's name field: where its errors show
READ_KEY = "adapt_form_read"  # what a form's ack read, for its lazy listener
SAVED_KEY = "adapt_save_outcome"  # the Save form's committed outcome, for its lazy confirmation


class Read(NamedTuple):
    """A form that read, as its ack left it in the context."""

    form: ModalContext
    submitted: Submitted


class Saving(NamedTuple):
    """A committed save, as the Save form's ack left it in the context."""

    form: SaveContext
    outcome: Outcome


def register(app: App) -> None:
    # The ack carries field errors, so validation runs in it; the reply runs after the response.
    app.view(Callback.MODAL)(ack=check_form, lazy=[post_result])
    # Done on the cost form: errors in place, else back to the decision form, refreshed after.
    app.view(Callback.COST)(ack=check_costs, lazy=[apply_costs])
    # The save commits in the ack (a taken name is an error in the form); the confirmation is
    # posted after the response, from the outcome the ack left in the context.
    app.view(Callback.SAVE)(ack=submit_save, lazy=[confirm_save])


def _read_as(view: dict[str, Any], kind: type[Form],
             read: Callable[[Any, Form], Submitted | dict[str, str]],
             fallback: str) -> tuple[Form, Submitted | dict[str, str]]:
    """A submitted form and what it reads as; unreadable metadata is a stale form."""
    try:
        form = kind.load(view.get("private_metadata", ""))
    except ValueError:
        return kind(user_id=""), {f"{fallback}.0": STALE_FORM}
    return form, read(view_values(view), form)


def _ack_and_keep(ack: Ack, context: BoltContext, form: ModalContext,
                  outcome: Submitted | dict[str, str]) -> None:
    """Close the form when it reads, keeping what it read for the lazy listener; else show
    each field's problem in place."""
    if isinstance(outcome, Submitted):
        context[READ_KEY] = Read(form, outcome)
        ack()
    else:
        ack(response_action="errors", errors=outcome)


def _kept(context: BoltContext) -> Read | None:
    """What the ack read; None when the form did not read (the person saw why in it)."""
    kept = context.get(READ_KEY)
    return kept if isinstance(kept, Read) else None


def check_form(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
    _ack_and_keep(ack, context, *_read_as(view, ModalContext, read_submission,
                                          ERROR_FALLBACK_KEY))


def check_costs(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
    # closing the cost form shows the decision form again
    _ack_and_keep(ack, context, *_read_as(view, CostContext, read_cost_submission,
                                          COST_FALLBACK_KEY))


def apply_costs(client: WebClient, context: BoltContext) -> None:
    kept = _kept(context)
    if kept is not None and isinstance(kept.form, CostContext) and kept.form.form_view_id:
        update_from_cost_form(client, kept.form, kept.submitted.scenario)


def post_result(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    kept = _kept(context)
    if kept is None:
        return
    form = kept.form
    # The answer goes where the form was opened from, to the person who submitted it.
    turn = Turn.read(body, client, context).going_to(form.response_url, form.channel_id,
                                                     user=form.user_id)
    report = with_sentence_read(evaluated(kept.submitted.scenario), kept.submitted.said)
    if form.compare_with is not None:  # Compare with...: the form's answer beside the first
        first = report_for(form.compare_with)
        if not isinstance(first, ArgumentError):
            turn.reply(compare_message(compared(first, report, date.today())))
            return
    if turn.replacing(form.replace).reply(result_message(report)) != "lost":
        record_result(turn, report)


def with_sentence_read(report: Report, said: Said | None) -> Report:
    """A report from a form whose sentence was read: it says what was read and not used, as an
    answer to a description does."""
    if said is None:
        return report
    return report.model_copy(update={"read_as": in_table_order(said.pairs),
                                     "not_used": list(said.not_used)})


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
    turn = Turn.read(body, client, context)
    if isinstance(report, ArgumentError) or turn.team is None:
        refuse("This scenario could not be read: close the form and run it again.")
        return
    try:
        outcome = None if turn.store is None else save_report(
            turn, turn.store, turn.team, name, report, overwrite=overwrite)
    except SQLAlchemyError:
        outcome = None
    if outcome is None:
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
    context[SAVED_KEY] = Saving(form, outcome)
    ack()


def confirm_save(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    kept = context.get(SAVED_KEY)
    if not isinstance(kept, Saving):
        return  # not saved: the person saw why in the form
    form, outcome = kept
    turn = Turn.read(body, client, context).going_to(form.response_url, form.channel_id)
    turn.reply(notice_message(outcome.kind, outcome.saved.name, outcome.saved,
                              new_args=form.args))
