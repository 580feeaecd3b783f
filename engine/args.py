"""KEY=VALUE arguments -> Scenario, shared by the command line and the Slack command.

Anything that goes wrong becomes an ArgumentError naming the key and what is allowed; nothing else
escapes `parse_scenario`.
"""

import difflib
import math
import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from pydantic import ValidationError

from adapt.engine.presets import PRESETS
from adapt.engine.prices import UnknownModel, input_price_per_mtok
from adapt.engine.scenario import LEVELS, Factor, Problem, Scenario

ECHO_LIMIT = 40  # characters of a bad value echoed back


class ArgumentError(ValueError):
    """A bad argument: `field` names the canonical key (None when no key is to blame)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def echo(raw: str) -> str:
    """A user's text, shortened for an error message (templates escape it for their medium)."""
    flat = " ".join(raw.split())
    return flat if len(flat) <= ECHO_LIMIT else flat[: ECHO_LIMIT - 1] + "…"


# Canonical key -> aliases. Canonical keys are a public contract; aliases only ever get added.
ALIASES: dict[str, tuple[str, ...]] = {
    "stability": ("stable", "requirements"),
    "data": ("labels", "labeled", "examples"),
    "volume": ("traffic", "usage"),
    "freshness": ("fresh", "churn"),
    "tolerance": ("prompt_tolerance", "long_prompts"),
    "problem": ("failure", "issue"),
    "preset": ("scenario",),
    "requests": ("calls", "monthly_requests"),
    "extra_tokens": ("tokens", "prompt_tokens", "extra"),
    "training": ("train", "training_cost"),
    "eval": ("evaluation", "eval_cost"),
    "reduction": ("saved_tokens", "token_reduction", "cut"),
    "shared_tokens": ("shared", "base_tokens"),
    "price": ("input_price", "price_per_m"),
    "model": ("llm",),
    "tuned_multiplier": ("multiplier", "mult"),
    "hosting": ("hosting_fee", "host"),
    "horizon": ("months",),
}
KEY_OF: dict[str, str] = {alias: key for key, names in ALIASES.items() for alias in (key, *names)}

PROBLEM_ALIASES: dict[str, Problem] = {
    "tone": Problem.STYLE, "voice": Problem.STYLE,
    "facts": Problem.KNOWLEDGE, "stale": Problem.KNOWLEDGE,
    "schema": Problem.FORMAT, "json": Problem.FORMAT, "validation": Problem.FORMAT,
    "terms": Problem.DOMAIN, "boundaries": Problem.DOMAIN,
    "expensive": Problem.COST, "tokens": Problem.COST,
    "explore": Problem.EXPLORATION, "prototype": Problem.EXPLORATION,
}
_SUFFIX = {"k": 1e3, "m": 1e6, "b": 1e9}
_NUMBER = re.compile(r"^[+-]?\$?(\d[\d,_]*)?(\.\d+)?(e[+-]?\d+)?([kmb])?$")
_MODEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,99}$")


def _number(key: str, raw: str, example: str) -> float:
    text = raw.strip().lower().replace("usd", "")
    match = _NUMBER.match(text)
    if not match or not (match.group(1) or match.group(2)):
        raise ArgumentError(f"{key}: '{echo(raw)}' is not a number; use e.g. {example}", key)
    suffix = match.group(4)
    body = text[:-1] if suffix else text
    value = float(body.replace("$", "").replace(",", "").replace("_", ""))
    value *= _SUFFIX.get(suffix or "", 1.0)
    if not math.isfinite(value):
        raise ArgumentError(f"{key}: '{echo(raw)}' is too large; use a finite number", key)
    return value


def _factor(key: str, raw: str) -> float:
    word = raw.strip().lower()
    if word in LEVELS:
        return LEVELS[word]
    if word.endswith("%"):
        word = word[:-1]
    try:
        return _number(key, word, "0-100")
    except ArgumentError:
        levels = ", ".join(f"{name} ({value:g})" for name, value in LEVELS.items())
        hint = _did_you_mean(word, LEVELS)
        raise ArgumentError(
            f"{key}: '{echo(raw)}' is not allowed{hint}; use a number 0-100 or {levels}", key
        ) from None


def _problem(key: str, raw: str) -> Problem:
    word = raw.strip().lower()
    if word in Problem.__members__.values():
        return Problem(word)
    if word in PROBLEM_ALIASES:
        return PROBLEM_ALIASES[word]
    allowed = ", ".join(p.value for p in Problem)
    hint = _did_you_mean(word, [p.value for p in Problem])
    raise ArgumentError(f"problem: '{echo(raw)}' is not a problem kind{hint}; use {allowed}", key)


def _preset(key: str, raw: str) -> str:
    word = raw.strip().lower()
    if word in PRESETS:
        return word
    hint = _did_you_mean(word, PRESETS)
    raise ArgumentError(
        f"preset: '{echo(raw)}' is not a preset{hint}; use {', '.join(PRESETS)}", key
    )


def _model(key: str, raw: str) -> str:
    if not _MODEL.match(raw):
        raise ArgumentError(
            f"model: '{echo(raw)}' is not a model name; use e.g. gpt-4o-mini or"
            " openai:gpt-4o (letters, digits and . _ - : /)", key)
    return raw


def _multiplier(key: str, raw: str) -> float:
    text = raw.strip().lower()
    return _number(key, text[:-1] if text.endswith("x") else text, "2x or 1.5")


_HORIZON_UNITS = {"": 1, "m": 1, "mo": 1, "month": 1, "months": 1, "y": 12, "yr": 12,
                  "year": 12, "years": 12}


def _horizon(key: str, raw: str) -> int:
    match = re.match(r"^\s*(\d{1,4})\s*([a-z]*)\s*$", raw.lower())
    if not match or match.group(2) not in _HORIZON_UNITS:
        raise ArgumentError(
            f"horizon: '{echo(raw)}' is not a whole number of months; use e.g. 12, 18m or 2y", key)
    return int(match.group(1)) * _HORIZON_UNITS[match.group(2)]


def _count(example: str) -> Callable[[str, str], float]:
    return lambda key, raw: _number(key, raw, example)


_CONVERT: dict[str, Callable[[str, str], Any]] = {
    **{factor.value: _factor for factor in Factor},
    "problem": _problem,
    "preset": _preset,
    "requests": _count("120k, 1.2M or 120,000"),
    "extra_tokens": _count("420 or 1.5k"),
    "reduction": _count("260"),
    "shared_tokens": _count("800"),
    "training": _count("$1,800 or 1.8k"),
    "eval": _count("400"),
    "hosting": _count("$0 or 1.2k"),
    "price": _count("2.50 (USD per 1M input tokens)"),
    "model": _model,
    "tuned_multiplier": _multiplier,
    "horizon": _horizon,
}


def _did_you_mean(word: str, choices: Sequence[str] | dict[str, Any]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def split_pairs(tokens: Sequence[str]) -> dict[str, str]:
    """KEY=VALUE tokens -> {canonical key: raw value}. A bare preset name means preset=NAME."""
    given: dict[str, str] = {}
    for token in tokens:
        key_text, sep, raw = token.partition("=")
        if not sep and token.lower() in PRESETS:
            key_text, raw = "preset", token
        elif not sep:
            raise ArgumentError(
                f"'{echo(token)}' is not KEY=VALUE; write e.g. volume=high, or a preset name"
                f" ({', '.join(PRESETS)})")
        name = key_text.strip().lower().replace("-", "_")
        if not name:
            raise ArgumentError(f"'{echo(token)}' has no key before '='; write e.g. volume=high")
        key = KEY_OF.get(name)
        if key is None:
            hint = _did_you_mean(name, KEY_OF)
            raise ArgumentError(
                f"unknown key '{echo(key_text)}'{hint}; keys: {', '.join(ALIASES)}")
        if not raw.strip():
            raise ArgumentError(f"{key}: no value after '='; write e.g. {key}=...", key)
        if key in given:
            raise ArgumentError(f"{key} is given twice; give each key once", key)
        given[key] = raw
    return given


def convert(given: dict[str, str]) -> dict[str, Any]:
    """Raw strings -> typed values, each checked by its key's own rules."""
    return {key: _CONVERT[key](key, raw) for key, raw in given.items()}


def _validation_message(error: ValidationError) -> ArgumentError:
    first = error.errors(include_url=False)[0]
    field = str(first["loc"][0]) if first["loc"] else None
    ctx = first.get("ctx") or {}
    got = first.get("input")
    shown = f" (got {got:g})" if isinstance(got, int | float) else ""
    limits = {"greater_than_equal": f"at least {ctx.get('ge', 0):g}",
              "greater_than": f"more than {ctx.get('gt', 0):g}",
              "less_than_equal": f"at most {ctx.get('le', 0):g}",
              "less_than": f"less than {ctx.get('lt', 0):g}"}
    if field and first["type"] in limits:
        return ArgumentError(f"{field} must be {limits[first['type']]}{shown}", field)
    message = str(ctx.get("error") or first["msg"])
    if field is None and message.startswith("reduction"):
        field = "reduction"
    return ArgumentError(f"{field}: {message}" if field and field not in message else message,
                         field)


def build_scenario(values: dict[str, Any]) -> Scenario:
    """Typed values (canonical keys) -> Scenario: preset first, explicit keys over it, price from
    the model unless price is given."""
    merged: dict[str, Any] = {}
    if values.get("preset"):
        merged.update(PRESETS[values["preset"]].values)
    merged.update(values)
    if merged.get("model") and "price" not in values:
        try:
            merged["price"], _ = input_price_per_mtok(merged["model"])
        except UnknownModel:
            raise ArgumentError(
                f"model: '{echo(merged['model'])}' is not in the bundled price list; give its"
                " input price instead, e.g. price=2.50 (USD per 1M input tokens), or name it as"
                " provider:model (e.g. openai:gpt-4o-mini)", "model") from None
    try:
        return Scenario(**merged)
    except ValidationError as error:
        raise _validation_message(error) from None


def parse_scenario(args: str | Sequence[str]) -> Scenario:
    """The whole edge: text or tokens -> Scenario, or ArgumentError with a one-line message."""
    tokens = args.split() if isinstance(args, str) else [t for a in args for t in a.split()]
    try:
        return build_scenario(convert(split_pairs(tokens)))
    except ArgumentError:
        raise
    except Exception as error:  # the contract: nothing but ArgumentError leaves the parser
        raise ArgumentError(f"could not read the arguments: {type(error).__name__}") from None


class KeyHelp(NamedTuple):
    key: str
    aliases: tuple[str, ...]
    meaning: str
    values: str
    default: str


def key_help() -> list[KeyHelp]:
    """Every key with its aliases, meaning, allowed values and default: the help screens' source."""
    defaults = Scenario()
    levels = "0-100 or low/medium/high"
    meaning_values = {
        "stability": ("how stable the requirements are", levels),
        "data": ("how much good labeled data exists", levels),
        "volume": ("how high request volume is", levels),
        "freshness": ("how fast the facts change", levels),
        "tolerance": ("tolerance for long prompts", levels),
        "problem": ("the product failure that started the question",
                    ", ".join(p.value for p in Problem)),
        "preset": ("start from a seed scenario; other keys override it", ", ".join(PRESETS)),
        "requests": ("requests per month", "a count: 120k, 1.2M, 120,000"),
        "extra_tokens": ("extra prompt tokens per call on the prompt-only path", "a count"),
        "training": ("one-time training run cost, USD", "an amount: 1800, $1,800, 1.8k"),
        "eval": ("one-time evaluation and rollout cost, USD", "an amount"),
        "reduction": ("prompt tokens removed per call after tuning", "a count <= extra_tokens"),
        "shared_tokens": ("input tokens per call both paths send", "a count"),
        "price": ("USD per 1M input tokens (wins over model)", "an amount: 2.50"),
        "model": ("take price from genai-prices' bundled data", "name or provider:name"),
        "tuned_multiplier": ("tuned model's price as a multiple of the base", "1.5, 2x"),
        "hosting": ("monthly hosting fee for the tuned model, USD", "an amount"),
        "horizon": ("comparison horizon in months", "1-120: 12, 18m, 2y"),
    }
    rows = []
    for key, (meaning, values) in meaning_values.items():
        default = getattr(defaults, key)
        shown = "none" if default is None else f"{default:g}" if isinstance(default, float) \
            else str(getattr(default, "value", default))
        rows.append(KeyHelp(key, ALIASES[key], meaning, values, shown))
    return rows


def arg_value(value: Any) -> str:
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else f"{value:.0f}"
    return str(getattr(value, "value", value))


def to_args(scenario: Scenario) -> list[str]:
    """The shortest KEY=VALUE list that parses back to exactly this scenario.

    It names the preset and every value that differs from what the preset (or the defaults) would
    give, and always the price when a model is named, so reading it back needs no price lookup.
    """
    baseline = build_scenario({"preset": scenario.preset} if scenario.preset else {})
    args = [f"preset={scenario.preset}"] if scenario.preset else []
    for key in ALIASES:
        if key == "preset":
            continue
        value = getattr(scenario, key)
        if value != getattr(baseline, key) or (key == "price" and scenario.model):
            args.append(f"{key}={arg_value(value)}")
    return args
