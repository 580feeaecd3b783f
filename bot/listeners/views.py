"""The modal's submission: field errors in place, the result where /adapt was typed."""

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blockkit import result_message
from bot.delivery import deliver
from bot.modal import ERROR_FALLBACK_KEY, ModalContext, read_submission
from engine import Scenario, evaluate

CALLBACK_ID = "adapt_modal"


def register(app: App) -> None:
    app.view(CALLBACK_ID)(submit_form)


def submit_form(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
    try:
        context = ModalContext.load(view.get("private_metadata", ""))
    except ValueError:
        ack(response_action="errors",
            errors={f"{ERROR_FALLBACK_KEY}.0": "This form is out of date: close it and run /adapt"
                                               " again."})
        return
    outcome = read_submission((view.get("state") or {}).get("values") or {}, context)
    if not isinstance(outcome, Scenario):
        ack(response_action="errors", errors=outcome)
        return
    ack()
    user_id = (body.get("user") or {}).get("id") or context.user_id
    deliver(client, result_message(evaluate(outcome)), response_url=context.response_url,
            user_id=user_id, replace=context.replace)
