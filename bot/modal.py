"""The modal form <-> scenario mapping, and the context a modal carries in private_metadata."""

import json
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from adapt.engine import ArgumentError, Scenario
from adapt.engine.args import arg_value, build_scenario, convert
from adapt.engine.keys import FORM_KEYS
from adapt.engine.prices import UnknownModel, input_price_per_mtok

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


def as_dict(value: Any) -> dict[str, Any]:
    """Payload parts are only ever read through this: a missing or mistyped part reads as empty."""
    return value if isinstance(value, dict) else {}


def _field_value(state: dict[str, Any], key: str, rev: int) -> str | None:
    element = as_dict(as_dict(state.get(f"{key}.{rev}")).get("value"))
    raw = as_dict(element["selected_option"]).get("value") if "selected_option" in element \
        else element.get("value")
    if not isinstance(raw, str | int | float) or isinstance(raw, bool):
        return None
    return str(raw).strip() or None


def read_submission(state: Any, context: ModalContext) -> Scenario | dict[str, str]:
    """The submitted form as a Scenario, or {block_id: message} for Slack to show in place."""
    state = as_dict(state)
    given = {key: value for key in FORM_KEYS
             if (value := _field_value(state, key, context.rev)) is not None}
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
