"""The input keys: one row each. Aliases, converters, help, the Slack form and `to_args` all derive
from KEYS, and a test holds it and `Scenario`'s fields to the same names.

Adding a key is one row here plus its meaning in the engine. Canonical names and aliases are a
public contract: aliases only ever get added.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from adapt.engine.presets import PRESETS
from adapt.engine.readers import (
    Reader,
    count_reader,
    price_reader,
    read_changes,
    read_examples,
    read_factor,
    read_horizon,
    read_model,
    read_multiplier,
    read_preset,
    read_problem,
    read_share,
    whole_reader,
)
from adapt.engine.scenario import Problem
from adapt.engine.units import (
    Cadence,
    changes_told,
    compact_count,
    data_for_examples,
    examples_told,
    freshness_for_changes,
    money,
    requests_told,
    volume_for_requests,
)


@dataclass(frozen=True)
class FormField:
    """How the Slack form asks for a key. `kind`: a select of the allowed values, a select of a
    factor's levels in words ("level": the form shows no 0-100 number), a model from the price
    list ("model"), or free text that the key's reader parses. `section`: the decision form
    itself, or the cost inputs one click away from it (issue 23: at most 7 and 8 inputs; every
    other key is shown as the value it takes and changed with keys)."""

    kind: Literal["select", "level", "model", "text"]
    label: str
    hint: str = ""
    placeholder: str = ""
    section: Literal["decision", "cost"] = "decision"


# How a key's value reads back to a person (Key.shown): a 0-100 level, a count ("120k"), a whole
# number of examples ("20,000"), an amount of USD ("$1,800"), a share ("90%"), a price or any
# other plain number ("2.5"), or a choice (a problem, a cadence, a model: its name).
Kind = Literal["level", "count", "whole", "amount", "share", "price", "number", "choice"]


class Sets(NamedTuple):
    """A fact that sets a factor: the factor, the factor's value for the fact, and the fact as
    a person says it ("300 labeled examples", "2M requests a month", "facts change weekly")."""

    factor: str
    reads: Callable[[Any], float]
    told: Callable[[Any], str]
    mutual: bool = False  # the factor sets the fact too when only it is given (volume: requests)


@dataclass(frozen=True)
class Key:
    name: str  # the canonical key: a Scenario field, a public contract
    aliases: tuple[str, ...]
    read: Reader
    example: str  # one value the reader accepts, as a person would type it
    meaning: str  # one line for the help screens
    allowed: str  # what may be written, for the help screens
    form: FormField | None = None  # None: not on the Slack form
    kind: Kind = field(default="number", kw_only=True)  # how its value reads back (shown)
    sets: Sets | None = field(default=None, kw_only=True)  # a fact: the factor it sets

    def shown(self, value: Any) -> str:
        """The value as a comparison or a summary says it: 120k, $1,800, 90%, weekly, none."""
        if value is None:
            return "none"
        if self.kind == "count":
            return compact_count(float(value))
        if self.kind == "amount":
            return money(float(value))
        if self.kind == "share":
            return f"{float(value):.0%}"
        if self.kind == "whole":
            return f"{int(value):,}"
        if isinstance(value, float):
            return f"{value:.4g}"
        return str(getattr(value, "value", value))


LEVELS_ALLOWED = "low/medium/high or 0-100"


def _factor(name: str, aliases: tuple[str, ...], meaning: str, form: FormField | None) -> Key:
    """A 0-100 factor. The form asks for one only in words, and only where no fact sets it
    (data, volume and freshness come from examples, requests and changes). Its reader names the
    fact that sets it when a count is typed for the level (`traffic=2M`: use requests=)."""
    def read(key: str, raw: str) -> float:
        fact = KEY_BY_NAME.get(FACT_OF_FACTOR.get(name, ""))
        return read_factor(key, raw, fact=fact.name if fact else None,
                           fact_counts=fact is not None and fact.kind in ("count", "whole"))
    return Key(name, aliases, read, "high", meaning, LEVELS_ALLOWED, form, kind="level")


def _text(label: str, hint: str, placeholder: str) -> FormField:
    return FormField("text", label, hint, placeholder)


def _cost(label: str, hint: str, default: str) -> FormField:
    return FormField("text", label, hint, f"{default} (the default)", section="cost")


# Help order. The decision form lays its fields out itself (the template); the cost form shows
# its fields in this order.
KEYS: tuple[Key, ...] = (
    _factor("stability", ("stable", "requirements"), "how stable the requirements are",
            FormField("level", "Are the requirements settled?",
                      "Settled requirements reward training; moving ones favour a prompt you can"
                      " change in minutes.")),
    _factor("data", ("labels", "labeled"), "how much good labeled data exists (examples= sets it)",
            None),
    _factor("volume", ("traffic", "usage"), "how high request volume is (requests= sets it)",
            None),
    _factor("freshness", ("fresh", "churn"), "how fast the facts change (changes= sets it)",
            None),
    _factor("tolerance", ("prompt_tolerance", "long_prompts"), "tolerance for long prompts",
            None),
    Key("problem", ("failure", "issue"), read_problem, "style",
        "the product failure that started the question", ", ".join(p.value for p in Problem),
        FormField("select", "What is failing?"), kind="choice"),
    Key("preset", ("scenario",), read_preset, "support",
        "start from a seed scenario; other keys override it", ", ".join(PRESETS), kind="choice"),
    Key("examples", ("labeled_examples", "samples"), read_examples, "300",
        "good labeled examples you have (sets data)", "a count: 300, 1.5k, 20,000",
        _text("Labeled examples",
              "Good input/output pairs you could train or evaluate on; 0 if none yet.",
              "e.g. 300"),
        kind="whole", sets=Sets("data", data_for_examples, examples_told)),
    Key("changes", ("cadence", "updates"), read_changes, "weekly",
        "how often the facts answers depend on change (sets freshness)",
        ", ".join(c.value for c in Cadence),
        FormField("select", "How often do the facts it needs change?",
                  "Weekly or faster calls for retrieval beside any other path.", "Choose one"),
        kind="choice", sets=Sets("freshness", freshness_for_changes, changes_told)),
    Key("requests", ("calls", "monthly_requests"), count_reader("120k, 1.2M or 120,000"), "120k",
        "requests per month", "a count: 120k, 1.2M, 120,000",
        _text("Requests a month",
              "Higher volume increases the payoff from shaving prompt tokens off every call.",
              "e.g. 120k or 2M"),
        kind="count", sets=Sets("volume", volume_for_requests, requests_told, mutual=True)),
    Key("extra_tokens", ("tokens", "prompt_tokens", "extra"), count_reader("420 or 1.5k"), "1.5k",
        "extra prompt tokens per call on the prompt-only path", "a count",
        _cost("Extra prompt tokens per call",
              "Instructions, examples or retrieved context the prompt-only path carries.", "420"),
        kind="count"),
    Key("training", ("train", "training_cost"), count_reader("$1,800 or 1.8k"), "$1,800",
        "one-time training run cost, USD", "an amount: 1800, $1,800, 1.8k",
        _cost("Training run cost (USD)", "One-time spend for the fine-tune or PEFT training job.",
              "1800"), kind="amount"),
    Key("eval", ("evaluation", "eval_cost"), count_reader("400"), "400",
        "one-time evaluation and rollout cost, USD", "an amount",
        _cost("Evaluation overhead (USD)", "Building the dataset, testing and rollout checks.",
              "400"), kind="amount"),
    Key("reduction", ("saved_tokens", "token_reduction", "cut"), count_reader("260"), "260",
        "prompt tokens removed per call after tuning", "a count <= extra_tokens",
        _cost("Prompt tokens removed after tuning",
              "How many prompt tokens disappear once the behavior moves into the model.", "260"),
        kind="count"),
    Key("shared_tokens", ("shared", "base_tokens"), count_reader("800"), "800",
        "input tokens per call both paths send", "a count", kind="count"),
    Key("output_tokens", ("output", "completion_tokens"), count_reader("300"), "300",
        "output tokens per call, on every path (priced at output_price)", "a count", kind="count"),
    Key("cached", ("cache_hits", "cache_share"), read_share, "90%",
        "share of the prompt-only path's extra tokens served from the provider's prompt cache"
        " (adds the cached path)", "0-1 or a percentage: 0.9, 90%", kind="share"),
    Key("batch", ("batched", "batch_share"), read_share, "30%",
        "share of calls sent through the provider's batch API, at its batch prices, on every"
        " path", "0-1 or a percentage: 0.3, 30%", kind="share"),
    Key("price", ("input_price", "price_per_m"),
        price_reader("2.50 (USD per 1M input tokens)"), "2.50",
        "USD per 1M input tokens (wins over model)", "an amount: 2.50",
        _cost("Price per 1M input tokens (USD)",
              "Blank: the model's price when the form names one, else 4.00. A price typed here"
              " wins over the model's.", "4.00"), kind="price"),
    Key("model", ("llm",), read_model, "gpt-4o-mini",
        "prices from genai-prices' bundled data and the tuning catalogue, and whether the model"
        " can still be tuned",
        "name or provider:name",
        FormField("model", "Which model?", "From the bundled price list: it sets the prices"
                  " (input, output, cache, tuned, training) unless you type them, and says"
                  " whether it can still be tuned.", "Type to search, e.g. gpt-4o-mini"),
        kind="choice"),
    Key("output_price", ("price_out", "output_price_per_m"),
        price_reader("1.60 (USD per 1M output tokens)"), "1.60",
        "USD per 1M output tokens (wins over model)", "an amount: 1.60", kind="price"),
    Key("cache_price", ("cached_price", "cache_read_price"),
        price_reader("0.10 (USD per 1M cached input tokens)"), "0.10",
        "USD per 1M cached input tokens (wins over model)", "an amount: 0.10", kind="price"),
    Key("batch_price", ("batch_input_price",),
        price_reader("1.25 (USD per 1M input tokens in the batch API)"), "1.25",
        "USD per 1M input tokens in the batch API (wins over model)", "an amount: 1.25",
        kind="price"),
    Key("batch_output_price", ("batch_price_out",),
        price_reader("5.00 (USD per 1M output tokens in the batch API)"), "5.00",
        "USD per 1M output tokens in the batch API (wins over model)", "an amount: 5.00",
        kind="price"),
    Key("batch_cache_price", ("batch_cached_price",),
        price_reader("0.125 (USD per 1M cached input tokens in the batch API)"), "0.125",
        "USD per 1M cached input tokens in the batch API (wins over model)", "an amount",
        kind="price"),
    Key("tuned_multiplier", ("multiplier", "mult"), read_multiplier, "2x",
        "tuned model's price as a multiple of the base", "1.5, 2x",
        _cost("Tuned price multiplier",
              "The tuned model's price as a multiple of the base (OpenAI mini fine-tunes: 2x)."
              " Blank: the model's, when the form names one, else 1.", "1"), kind="number"),
    Key("hosting", ("hosting_fee", "host"), count_reader("$0 or 1.2k"), "$150",
        "monthly hosting fee for the tuned model, USD", "an amount",
        _cost("Hosting fee per month (USD)", "For a deployed fine-tune billed by the hour.", "0"),
        kind="amount"),
    Key("gpu_price", ("gpu_hourly", "hourly_price"), price_reader("2.69 (USD an hour)"), "2.69",
        "USD an hour for one GPU (or model unit) serving the tuned model, billed by the hour"
        " instead of per token; self-hosting, or Bedrock's Provisioned Throughput",
        "an amount: 2.69", kind="price"),
    Key("gpu_throughput", ("throughput", "tokens_per_second"),
        count_reader("27k (tokens a second, input and output)"), "27k",
        "tokens a second one GPU (or model unit) serves, input and output; sets how many the"
        " tuned path needs", "a count: 27k, 2,500", kind="count"),
    Key("gpu_hours", ("hours_a_month", "gpu_hours_month"), count_reader("730 (hours a month)"),
        "200", "hours a month the GPUs run (730 when not given)", "1-744", kind="number"),
    Key("tokens_per_example", ("example_tokens", "tokens_each"), count_reader("800"), "800",
        "tokens per training example; with examples, training is computed from the data",
        "a count", kind="count"),
    Key("epochs", ("training_epochs", "n_epochs"), whole_reader("3", 1, 100), "3",
        "passes over the training data (3 when not given)", "1-100", kind="number"),
    Key("training_price", ("train_price", "training_price_per_m"),
        price_reader("5.00 (USD per 1M training tokens)"), "5.00",
        "USD per 1M training tokens (wins over model)", "an amount: 5.00", kind="price"),
    Key("horizon", ("months",), read_horizon, "2y", "comparison horizon in months",
        "1-120: 12, 18m, 2y",
        _cost("Horizon (months)", "How far ahead to compare the two paths.", "12"), kind="number"),
)

KEY_BY_NAME: dict[str, Key] = {key.name: key for key in KEYS}
ALIASES: dict[str, tuple[str, ...]] = {key.name: key.aliases for key in KEYS}
KEY_OF: dict[str, str] = {alias: key.name for key in KEYS for alias in (key.name, *key.aliases)}

FORM_KEYS: tuple[str, ...] = tuple(  # the decision form's keys first, then the cost form's
    key.name for section in ("decision", "cost") for key in KEYS
    if key.form is not None and key.form.section == section)
DECISION_KEYS: tuple[str, ...] = tuple(
    k for k in FORM_KEYS if KEY_BY_NAME[k].form.section == "decision")  # type: ignore[union-attr]
COST_KEYS: tuple[str, ...] = tuple(k for k in FORM_KEYS if k not in DECISION_KEYS)


def in_table_order(pairs: Mapping[str, str]) -> list[str]:
    """Canonical pairs as KEY=VALUE text: the preset first (as to_args writes it), then the key
    table's order, so the same facts always read the same way."""
    order = ("preset", *(key.name for key in KEYS if key.name != "preset"))
    return [f"{name}={pairs[name]}" for name in order if name in pairs]

# Which fact sets which factor (examples sets data, changes freshness, requests volume), from the
# fact rows: the parser, compare, the descriptions and the reports derive theirs from it.
FACT_OF_FACTOR: dict[str, str] = {key.sets.factor: key.name for key in KEYS if key.sets}
FACT_KEYS: tuple[Key, ...] = tuple(key for key in KEYS if key.sets)
