"""The scenario form: opening and refilling it, the form <-> scenario mapping, and the context a
form carries in private_metadata."""

import json
import logging
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapt.bot.blockkit import modal_view
from adapt.bot.delivery import failure_reason
from adapt.bot.payloads import as_dict, input_text
from adapt.engine import ArgumentError, Scenario, parse_scenario
from adapt.engine.args import arg_value, build_scenario, convert
from adapt.engine.keys import FORM_KEYS
from adapt.engine.presets import PRESETS
from adapt.engine.prices import UnknownModel, input_price_per_mtok

log = logging.getLogger("adapt.flows")

# The form's keys come from the engine's key table; the preset travels in the metadata.
ERROR_FALLBACK_KEY = "requests"  # where a cross-field error shows when no field is to blame


class _Metadata(BaseModel):
    """What a modal carries in private_metadata, as compact JSON; read back like any input."""

    model_config = ConfigDict(extra="ignore")

    response_url: str | None = Field(default=None, max_length=1_000)
    channel_id: str | None = Field(default=None, max_length=50)

    def dump(self) -> str:
        return self.model_dump_json(exclude_defaults=True)

    @classmethod
    def load(cls, metadata: str) -> Self:
        """Parse private_metadata; anything unreadable raises ValueError."""
        try:
            return cls.model_validate(json.loads(metadata or "{}"))
        except (ValidationError, json.JSONDecodeError) as error:
            raise ValueError("unreadable modal metadata") from error


class ModalContext(_Metadata):
    """Where the result goes and which form revision is on screen."""

    user_id: str = Field(max_length=50)
    replace: bool = False
    preset: str | None = Field(default=None, max_length=50)
    shared_tokens: float = 0.0  # not on the form; carried so editing keeps it
    rev: int = Field(default=0, ge=0, le=10_000)


class SaveContext(_Metadata):
    """The Save form's scenario, and where to confirm the save."""

    args: str = Field(default="", max_length=1_800)


def _price_came_from_model(scenario: Scenario) -> bool:
    if not scenario.model:
        return False
    try:
        return input_price_per_mtok(scenario.model)[0] == scenario.price
    except UnknownModel:
        return False


def form_values(scenario: Scenario) -> dict[str, str]:
    """Initial values for every form field, as the text a person would type."""
    values = {key: arg_value(getattr(scenario, key)) for key in FORM_KEYS}
    values["model"] = scenario.model or ""
    if _price_came_from_model(scenario):
        values["price"] = ""  # so changing the model in the form changes the price too
    return values


def read_submission(state: Any, context: ModalContext) -> Scenario | dict[str, str]:
    """The submitted form as a Scenario, or {block_id: message} for Slack to show in place."""
    state = as_dict(state)
    given = {key: value for key in FORM_KEYS
             if (value := input_text(state, f"{key}.{context.rev}")) is not None}
    if context.preset:
        given["preset"] = context.preset
    typed: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, raw in given.items():
        try:
            typed.update(convert({key: raw}))
        except ArgumentError as error:
            errors[f"{key}.{context.rev}"] = error.message
    if errors:
        return errors
    if context.shared_tokens:
        typed["shared_tokens"] = context.shared_tokens
    try:
        return build_scenario(typed)
    except ArgumentError as error:
        key = error.field if error.field in FORM_KEYS else ERROR_FALLBACK_KEY
        return {f"{key}.{context.rev}": error.message}


def open_form(client: WebClient, trigger_id: str, context: ModalContext,
              scenario: Scenario | None) -> bool:
    """Open the modal at once: trigger_id lives 3 seconds and works once."""
    start = scenario or Scenario()
    context = context.model_copy(update={"preset": start.preset,
                                         "shared_tokens": start.shared_tokens})
    view = modal_view(form_values(start), preset=start.preset, metadata=context.dump(),
                      rev=context.rev)
    try:
        client.views_open(trigger_id=trigger_id, view=view)
    except (SlackApiError, OSError) as error:  # OSError: timeouts and connection faults
        log.error("views.open failed: %s", failure_reason(error))
        return False
    return True


def refill_form(client: WebClient, view: dict[str, Any], preset: str) -> None:
    """Swap the form's values for a preset's, keeping where the result goes."""
    context = ModalContext.load(view.get("private_metadata", ""))
    scenario = parse_scenario([preset]) if preset in PRESETS else Scenario()
    context = context.model_copy(update={"rev": context.rev + 1})  # new block_ids: new values
    fresh = modal_view(form_values(scenario), preset=scenario.preset, rev=context.rev,
                       metadata=context.model_copy(update={"preset": scenario.preset}).dump())
    try:
        client.views_update(view_id=view["id"], hash=view.get("hash"), view=fresh)
    except (SlackApiError, OSError) as error:  # hash_conflict: changed again meanwhile
        log.warning("views.update failed: %s", failure_reason(error))
