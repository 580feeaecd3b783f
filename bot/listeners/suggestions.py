"""Options for the form's model picker (an external_select): Slack sends what the person typed,
and the app answers at once with the matching models of the bundled price list."""

import logging
from typing import Any

from slack_bolt import Ack, App

from adapt.bot.ids import INPUT_VALUE
from adapt.bot.payloads import text_of
from adapt.engine.price_list import search

log = logging.getLogger("adapt.suggestions")
MODEL_BLOCK = "model."  # the model field's block id, before the form's revision
QUERY_MOST = 100  # characters of a search we read
OPTIONS_MOST = 100  # Slack shows at most 100 options


def register(app: App) -> None:
    # Every input element's action id is INPUT_VALUE; only the model picker asks for options.
    app.options(INPUT_VALUE)(suggest_models)


def model_options(query: str) -> list[dict[str, Any]]:
    """The picker's options for `query`: tunable models (the tuning catalogue's) first."""
    return [{"text": {"type": "plain_text", "text": choice.label, "emoji": True},
             "value": choice.ref} for choice in search(query[:QUERY_MOST], OPTIONS_MOST)]


def suggest_models(ack: Ack, body: dict[str, Any]) -> None:
    if not text_of(body.get("block_id")).startswith(MODEL_BLOCK):
        log.warning("options asked for an unknown field")
        ack(options=[])
        return
    ack(options=model_options(text_of(body.get("value"))))
