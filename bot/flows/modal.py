"""The scenario form: the decision form (what is failing, the facts, two factors) and the cost
inputs one click away in a pushed view; opening, refilling and reading them; and the context each
carries in private_metadata.

A form starts from a scenario's canonical KEY=VALUE text (`args`, carried in the metadata) and is
read back as changes to it: a field the person left as it was restates nothing, so a preset's or
an earlier answer's values survive a submit untouched. A fact typed in the form replaces the
factor it sets (examples -> data, changes -> freshness, requests -> volume), and a model named in
the form sets the price unless a price is typed too.
"""

import json
import logging
from dataclasses import dataclass
from typing import Any, NamedTuple, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapt.bot.blockkit import SENTENCE_BLOCK, cost_view, modal_view
from adapt.bot.delivery import failure_reason
from adapt.bot.payloads import as_dict, input_text
from adapt.bot.request import Turn
from adapt.engine import ArgumentError, Scenario, parse_scenario
from adapt.engine.args import FACT_SETS, arg_value, build_scenario, convert, split_pairs, to_args
from adapt.engine.keys import COST_KEYS, DECISION_KEYS, FORM_KEYS, KEY_BY_NAME
from adapt.engine.presets import PRESETS
from adapt.engine.prices import MODEL_PRICED, fill_from_model
from adapt.engine.scenario import DEFAULT_PRICE_PER_MTOK, level_word

log = logging.getLogger("adapt.flows")

ARGS_MOST = 1_300  # characters of a scenario's KEY=VALUE text a form carries: two fit in the
# 3,000 characters of private_metadata with room for where the answer goes
ERROR_FALLBACK_KEY = "requests"  # where a cross-field error shows when no field is to blame
COST_FALLBACK_KEY = "reduction"  # likewise on the cost form (reduction cannot exceed extra)
STALE_FORM = "This form is out of date: close it and run /adapt again."
LEVEL_KEYS = tuple(key for key in FORM_KEYS
                   if KEY_BY_NAME[key].form.kind == "level")  # type: ignore[union-attr]

__all__ = ["ERROR_FALLBACK_KEY", "FORM_KEYS", "CostContext", "ModalContext", "SaveContext",
           "Submitted", "apply_changes", "form_values", "open_form", "push_cost_form",
           "read_cost_submission", "read_submission", "refill_form", "update_from_cost_form"]


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
    """Where the result goes, the scenario the form starts from, and which revision of the form
    is on screen (block ids carry it, so a refilled form shows its new values)."""

    user_id: str = Field(max_length=50)
    replace: bool = False
    args: str = Field(default="", max_length=ARGS_MOST)
    rev: int = Field(default=0, ge=0, le=10_000)
    compare_with: str | None = Field(default=None, max_length=ARGS_MOST)  # Compare with...: the
    # scenario the form's answer is compared against, instead of answered alone


class CostContext(ModalContext):
    """The cost form, pushed over a decision form: which view to refresh when it is done."""

    form_view_id: str = Field(default="", max_length=50)
    form_hash: str | None = Field(default=None, max_length=100)


class SaveContext(_Metadata):
    """The Save form's scenario, and where to confirm the save."""

    args: str = Field(default="", max_length=1_800)


def model_supplied(scenario: Scenario) -> set[str]:
    """Which of the scenario's prices are its model's own, not typed."""
    if not scenario.model:
        return set()
    rest = {key: value for key, value in scenario.model_dump().items()
            if key not in MODEL_PRICED and value is not None}
    try:
        filled = fill_from_model(rest, given=set(rest))
    except ArgumentError:
        return set()
    return {key for key in MODEL_PRICED
            if key in filled and filled[key] == getattr(scenario, key)}


def form_values(scenario: Scenario) -> dict[str, str]:
    """What every form field shows for a scenario, as the text a person would type; facts that
    were never stated show empty."""
    values = {key: "" if getattr(scenario, key) is None else arg_value(getattr(scenario, key))
              for key in FORM_KEYS}
    values["examples"] = "" if scenario.examples is None else str(scenario.examples)
    values["changes"] = "" if scenario.changes is None else scenario.changes.value
    values["model"] = scenario.model or ""
    for key in LEVEL_KEYS:  # asked in words: the level it reads as, so an untouched select
        values[key] = level_word(getattr(scenario, key)).lower()  # restates nothing
    if scenario.requests.is_integer():
        values["requests"] = f"{scenario.requests:,.0f}"
    for key in model_supplied(scenario):
        values[key] = ""  # not typed: the model's own, so naming another model changes it
    if not scenario.model and scenario.price == DEFAULT_PRICE_PER_MTOK:
        values["price"] = ""  # the default: blank, so a model named later sets it
    return values


def apply_changes(values: dict[str, Any], start: Scenario,
                  changed: dict[str, str | None]) -> Scenario | dict[str, str]:
    """`start`, the scenario of the typed `values` a form started from, with the form's changed
    fields applied (None: cleared), or {key: message} naming each field that does not read."""
    if not changed:
        return start  # nothing to apply: the same values build the same scenario
    supplied = model_supplied(start) if "model" in changed else set()
    values = dict(values)
    errors: dict[str, str] = {}
    for key, raw in changed.items():
        values.pop(key, None)
        if raw is None:
            continue
        try:
            values.update(convert({key: raw}))
        except ArgumentError as error:
            errors[key] = error.message
    if errors:
        return errors
    for fact, factor in FACT_SETS.items():  # a fact typed now replaces the factor it sets
        if fact in changed and factor not in changed:
            values.pop(factor, None)
    for key in supplied - set(changed):
        values.pop(key, None)  # the old model's price: the new model's replaces it
    try:
        return build_scenario(values)
    except ArgumentError as error:
        return {error.field if error.field in changed else "": error.message}


def _changed(state: dict[str, Any], keys: tuple[str, ...], start: dict[str, str],
             rev: int) -> dict[str, str | None]:
    """The fields whose submitted text differs from what the form showed."""
    found: dict[str, str | None] = {}
    for key in keys:
        typed = input_text(state, f"{key}.{rev}")
        if (typed or "") != start[key]:
            found[key] = typed
    return found


def sentence_of(state: Any, rev: int) -> str | None:
    """The decision form's free-text sentence, as typed (None: left empty)."""
    return input_text(as_dict(state), f"{SENTENCE_BLOCK}.{rev}")


class Said(NamedTuple):
    """What the form's sentence states: {key: value as written}, and what was not used."""

    pairs: dict[str, str]
    not_used: tuple[str, ...]


def read_sentence(sentence: str) -> Said | str:
    """What a sentence on the form states, read as `/adapt` reads a description (KEY=VALUE
    pairs in it taken as written, and winning), or the problem in one line, for the field."""
    # The description reader loads when a sentence is first read, not at the server's start.
    from adapt.engine.describe import EXAMPLE_SENTENCES, MAX_DESCRIPTION_CHARS, describe

    if len(sentence) > MAX_DESCRIPTION_CHARS:
        return f"At most {MAX_DESCRIPTION_CHARS:,} characters, please."
    tokens = sentence.split()
    try:
        given = split_pairs([token for token in tokens if "=" in token])
    except ArgumentError as error:
        message = error.message.partition("; keys: ")[0]  # the field has no room for them all
        return message[:1].upper() + message[1:]
    words = " ".join(token for token in tokens if "=" not in token)
    reading = describe(words) if words else None
    pairs = {**(reading.pairs if reading else {}), **given}
    if not pairs:
        return (f"Nothing here names a fact Adapt knows; e.g. “{EXAMPLE_SENTENCES[0]}”. Or leave"
                " it empty and use the fields above.")
    return Said(pairs, tuple(reading.not_used) if reading else ())


@dataclass(frozen=True)
class Submitted:
    """A submitted form that reads: its scenario, and what its sentence stated (None: no
    sentence), which the answer shows as read."""

    scenario: Scenario
    said: Said | None = None


def _read(state: Any, context: ModalContext, keys: tuple[str, ...],
          fallback: str) -> Submitted | dict[str, str]:
    """A submitted form that reads, or {block_id: message} for Slack to show in place. The
    arguments the form started from are parsed once; the decision form's sentence is read
    first, and a field changed by hand wins over it."""
    try:  # the form's own arguments (canonical to_args text, so split on spaces)
        values = convert(split_pairs(context.args.split()))
        start = build_scenario(values)
    except ArgumentError:
        return {f"{fallback}.{context.rev}": STALE_FORM}
    changed = _changed(as_dict(state), keys, form_values(start), context.rev)
    said: dict[str, str] = {}
    reading: Said | None = None
    sentence = sentence_of(state, context.rev) if keys == DECISION_KEYS else None
    if sentence:
        found = read_sentence(sentence)
        if isinstance(found, str):
            return {f"{SENTENCE_BLOCK}.{context.rev}": found}
        reading = found
        said = {key: raw for key, raw in reading.pairs.items() if key not in changed}
    outcome = apply_changes(values, start, {**said, **changed})
    if isinstance(outcome, Scenario):
        return Submitted(outcome, reading)
    return {f"{SENTENCE_BLOCK if key in said else key if key in keys else fallback}"
            f".{context.rev}": message for key, message in outcome.items()}


def read_submission(state: Any, context: ModalContext) -> Submitted | dict[str, str]:
    """The decision form as submitted, over the scenario it started from."""
    return _read(state, context, DECISION_KEYS, ERROR_FALLBACK_KEY)


def read_cost_submission(state: Any, context: CostContext) -> Submitted | dict[str, str]:
    """The cost form as submitted, over the scenario its decision form carries."""
    return _read(state, context, COST_KEYS, COST_FALLBACK_KEY)


def _decision_view(scenario: Scenario, context: ModalContext) -> dict[str, Any]:
    return modal_view(form_values(scenario), scenario=scenario, metadata=context.dump(),
                      rev=context.rev, comparing=context.compare_with is not None)


def open_form(turn: Turn, context: ModalContext, scenario: Scenario | None) -> bool:
    """Open the modal at once: trigger_id lives 3 seconds and works once."""
    start = scenario or Scenario()
    try:
        context = ModalContext.model_validate({**context.model_dump(),
                                               "args": " ".join(to_args(start))})
        turn.client.views_open(trigger_id=turn.trigger_id, view=_decision_view(start, context))
    except ValidationError:
        log.warning("views.open skipped: the scenario is too long to carry in a form")
        return False
    except (SlackApiError, OSError) as error:  # OSError: timeouts and connection faults
        log.error("views.open failed: %s", failure_reason(error))
        return False
    return True


def refill_form(client: WebClient, view: dict[str, Any], preset: str) -> None:
    """Swap the form's values for a preset's (or the defaults'), keeping where the result goes."""
    context = ModalContext.load(view.get("private_metadata", ""))
    scenario = parse_scenario([preset]) if preset in PRESETS else Scenario()
    context = context.model_copy(update={"rev": context.rev + 1,  # new block ids: new values
                                         "args": " ".join(to_args(scenario))})
    try:
        client.views_update(view_id=view["id"], hash=view.get("hash"),
                            view=_decision_view(scenario, context))
    except (SlackApiError, OSError) as error:  # hash_conflict: changed again meanwhile
        log.warning("views.update failed: %s", failure_reason(error))


def push_cost_form(turn: Turn, view: dict[str, Any]) -> bool:
    """The cost inputs, pushed over the decision form they belong to."""
    context = ModalContext.load(view.get("private_metadata", ""))
    scenario = parse_scenario(context.args)
    cost = CostContext(**context.model_dump(), form_view_id=str(view.get("id") or ""),
                       form_hash=view.get("hash") if isinstance(view.get("hash"), str) else None)
    try:
        turn.client.views_push(trigger_id=turn.trigger_id,
                               view=cost_view(form_values(scenario), metadata=cost.dump(),
                                              rev=cost.rev, scenario=scenario))
    except (SlackApiError, OSError) as error:
        log.error("views.push failed: %s", failure_reason(error))
        return False
    return True


def update_from_cost_form(client: WebClient, context: CostContext, scenario: Scenario) -> None:
    """Refresh the decision form under the cost form with the new cost inputs. Its block ids stay
    the same, so what the person typed there meanwhile stays too."""
    form = ModalContext(**context.model_dump(exclude={"form_view_id", "form_hash"}))
    form = form.model_copy(update={"args": " ".join(to_args(scenario))})
    try:
        client.views_update(view_id=context.form_view_id, hash=context.form_hash,
                            view=_decision_view(scenario, form))
    except (SlackApiError, OSError) as error:
        log.warning("views.update after the cost form failed: %s", failure_reason(error))
