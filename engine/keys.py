"""The input keys: one row each. Aliases, converters, help, the Slack form and `to_args` all derive
from KEYS, and a test holds it and `Scenario`'s fields to the same names.

Adding a key is one row here plus its meaning in the engine. Canonical names and aliases are a
public contract: aliases only ever get added.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from adapt.engine.presets import PRESETS
from adapt.engine.readers import (
    Reader,
    count_reader,
    read_changes,
    read_examples,
    read_factor,
    read_horizon,
    read_model,
    read_multiplier,
    read_preset,
    read_problem,
)
from adapt.engine.scenario import Problem
from adapt.engine.units import Cadence


@dataclass(frozen=True)
class FormField:
    """How the Slack form asks for a key. `kind`: a select of the allowed values, a 0-100 number
    input, or free text that the key's reader parses."""

    kind: Literal["select", "factor", "text"]
    label: str
    hint: str = ""
    placeholder: str = ""


@dataclass(frozen=True)
class Key:
    name: str  # the canonical key: a Scenario field, a public contract
    aliases: tuple[str, ...]
    read: Reader
    example: str  # one value the reader accepts, as a person would type it
    meaning: str  # one line for the help screens
    allowed: str  # what may be written, for the help screens
    form: FormField | None = None  # None: not on the Slack form


LEVELS_ALLOWED = "0-100 or low/medium/high"


def _factor(name: str, aliases: tuple[str, ...], meaning: str, label: str, hint: str) -> Key:
    form = FormField("factor", label, hint)
    return Key(name, aliases, read_factor, "high", meaning, LEVELS_ALLOWED, form)


def _text(label: str, hint: str, placeholder: str) -> FormField:
    return FormField("text", label, hint, placeholder)


# Help order; the form shows its fields in the same order.
KEYS: tuple[Key, ...] = (
    _factor("stability", ("stable", "requirements"), "how stable the requirements are",
            "Requirement stability",
            "Stable tasks reward training more than rapidly changing workflows."),
    _factor("data", ("labels", "labeled"), "how much good labeled data exists (examples= sets it)",
            "Labeled-data availability",
            "Training only makes sense when enough good examples already exist."),
    _factor("volume", ("traffic", "usage"), "how high request volume is", "Request volume",
            "High repeat volume increases the payoff from shorter prompts and tighter behavior."),
    _factor("freshness", ("fresh", "churn"), "how fast the facts change", "Freshness need",
            "If facts change often, retrieval matters more than changing weights."),
    _factor("tolerance", ("prompt_tolerance", "long_prompts"), "tolerance for long prompts",
            "Tolerance for long prompts",
            "Lower tolerance increases the appeal of adaptation that trims runtime context."),
    Key("problem", ("failure", "issue"), read_problem, "style",
        "the product failure that started the question", ", ".join(p.value for p in Problem),
        FormField("select", "What is failing?")),
    Key("preset", ("scenario",), read_preset, "support",
        "start from a seed scenario; other keys override it", ", ".join(PRESETS)),
    Key("examples", ("labeled_examples", "samples"), read_examples, "300",
        "good labeled examples you have (sets data)", "a count: 300, 1.5k, 20,000",
        _text("Labeled examples",
              "Good input/output pairs you could train or evaluate on; 0 if none yet.", "0")),
    Key("changes", ("cadence", "updates"), read_changes, "weekly",
        "how often the facts answers depend on change (sets freshness)",
        ", ".join(c.value for c in Cadence), FormField("select", "How often do the facts change?")),
    Key("requests", ("calls", "monthly_requests"), count_reader("120k, 1.2M or 120,000"), "120k",
        "requests per month", "a count: 120k, 1.2M, 120,000",
        _text("Monthly requests",
              "Higher volume increases the payoff from shaving prompt tokens off every call.",
              "120000")),
    Key("extra_tokens", ("tokens", "prompt_tokens", "extra"), count_reader("420 or 1.5k"), "1.5k",
        "extra prompt tokens per call on the prompt-only path", "a count",
        _text("Extra prompt tokens per call",
              "Instructions, examples or retrieved context the prompt-only path carries.", "420")),
    Key("training", ("train", "training_cost"), count_reader("$1,800 or 1.8k"), "$1,800",
        "one-time training run cost, USD", "an amount: 1800, $1,800, 1.8k",
        _text("Training run cost (USD)", "One-time spend for the fine-tune or PEFT training job.",
              "1800")),
    Key("eval", ("evaluation", "eval_cost"), count_reader("400"), "400",
        "one-time evaluation and rollout cost, USD", "an amount",
        _text("Evaluation overhead (USD)", "Building the dataset, testing and rollout checks.",
              "400")),
    Key("reduction", ("saved_tokens", "token_reduction", "cut"), count_reader("260"), "260",
        "prompt tokens removed per call after tuning", "a count <= extra_tokens",
        _text("Prompt tokens removed after tuning",
              "How many prompt tokens disappear once the behavior moves into the model.", "260")),
    Key("shared_tokens", ("shared", "base_tokens"), count_reader("800"), "800",
        "input tokens per call both paths send", "a count"),
    Key("price", ("input_price", "price_per_m"),
        count_reader("2.50 (USD per 1M input tokens)"), "2.50",
        "USD per 1M input tokens (wins over model)", "an amount: 2.50",
        _text("Price per 1M input tokens (USD)", "Leave blank to use the model's price, or 4.00.",
              "4.00")),
    Key("model", ("llm",), read_model, "gpt-4o-mini", "take price from genai-prices' bundled data",
        "name or provider:name",
        _text("Model (price from genai-prices)",
              "e.g. gpt-4o-mini or openai:gpt-4o; a price below wins over it.", "gpt-4o-mini")),
    Key("tuned_multiplier", ("multiplier", "mult"), read_multiplier, "2x",
        "tuned model's price as a multiple of the base", "1.5, 2x",
        _text("Tuned price multiplier",
              "The tuned model's price as a multiple of the base (OpenAI mini fine-tunes: 2x).",
              "1")),
    Key("hosting", ("hosting_fee", "host"), count_reader("$0 or 1.2k"), "$150",
        "monthly hosting fee for the tuned model, USD", "an amount",
        _text("Hosting fee per month (USD)", "For a deployed fine-tune billed by the hour.", "0")),
    Key("horizon", ("months",), read_horizon, "2y", "comparison horizon in months",
        "1-120: 12, 18m, 2y",
        _text("Horizon (months)", "How far ahead to compare the two paths.", "12")),
)

KEY_BY_NAME: dict[str, Key] = {key.name: key for key in KEYS}
ALIASES: dict[str, tuple[str, ...]] = {key.name: key.aliases for key in KEYS}
KEY_OF: dict[str, str] = {alias: key.name for key in KEYS for alias in (key.name, *key.aliases)}

FORM_ORDER = ("select", "factor", "text")  # what is failing, then the factors, then cost inputs


def _form_position(key: Key) -> int:
    return FORM_ORDER.index(key.form.kind) if key.form else len(FORM_ORDER)


FORM_KEYS: tuple[str, ...] = tuple(
    key.name for key in sorted(KEYS, key=_form_position) if key.form is not None)


def in_table_order(pairs: Mapping[str, str]) -> list[str]:
    """Canonical pairs as KEY=VALUE text: the preset first (as to_args writes it), then the key
    table's order, so the same facts always read the same way."""
    order = ("preset", *(key.name for key in KEYS if key.name != "preset"))
    return [f"{name}={pairs[name]}" for name in order if name in pairs]
