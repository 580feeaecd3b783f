"""The modal's submission: field errors in place, the result where /adapt was typed."""

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blockkit import result_message
from bot.delivery import deliver
from bot.modal import ERROR_FALLBACK_KEY, ModalContext, as_dict, read_submission
from engine import Scenario, evaluate

CALLBACK_ID = "adapt_modal"
STALE_FORM = "This form is out of date: close it and run /adapt again."


def register(app: App) -> None:
    # The ack carries field errors, so validation runs in it; the reply runs after the response.
    app.view(CALLBACK_ID)(ack=check_form, lazy=[post_result])


def _read(view: dict[str, Any]) -> tuple[ModalContext, Scenario | dict[str, str]]:
    try:
        context = ModalContext.load(view.get("private_metadata", ""))
    except ValueError:
        return ModalContext(user_id=""), {f"{ERROR_FALLBACK_KEY}.0": STALE_FORM}
    return context, read_submission(as_dict(as_dict(view.get("state")).get("values")), context)


def check_form(ack: Ack, view: dict[str, Any]) -> None:
    _, outcome = _read(view)
    if isinstance(outcome, Scenario):
        ack()
    else:
        ack(response_action="errors", errors=outcome)


def post_result(body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
    context, outcome = _read(view)
    if not isinstance(outcome, Scenario):
        return  # the person saw the errors in the form
    user_id = str(as_dict(body.get("user")).get("id") or context.user_id)
    deliver(client, result_message(evaluate(outcome)), response_url=context.response_url,
            user_id=user_id, replace=context.replace)
