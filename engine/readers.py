"""Readers: raw text -> typed value for one key, or an ArgumentError that names the key and what
is allowed. Shared by the command line, the Slack command and the Slack form."""


import math
import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from adapt.engine.numbers import read_value
from adapt.engine.presets import PRESETS
from adapt.engine.scenario import LEVELS, Problem
from adapt.engine.units import MAX_EXAMPLES, Cadence

ECHO_LIMIT = 40  # characters of a bad value echoed back

# As much as the Slack command reads at all (bot/flows.MAX_ARGS). Here, not in describe/, so
# args.py refuses longer input without loading the description reader.
MAX_DESCRIPTION_CHARS = 4_000


class Fix(NamedTuple):
    """A likely typo and what was probably meant: in a key (`volum=`) or in a value."""

    wrong: str  # as typed
    right: str
    in_key: bool


class ArgumentError(ValueError):
    """A bad argument: `field` names the canonical key (None when no key is to blame); `fix`, a
    likely correction; `fixed_args`, the whole argument text with it applied (set by the parser,
    so a reply can offer to run it)."""

    def __init__(self, message: str, field: str | None = None, *, fix: Fix | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.fix = fix
        self.fixed_args: str | None = None


def echo(raw: str) -> str:
    """A user's text, shortened for an error message (templates escape it for their medium)."""
    flat = " ".join(raw.split())
    return flat if len(flat) <= ECHO_LIMIT else flat[: ECHO_LIMIT - 1] + "…"


def closest(word: str, choices: Sequence[str] | dict[str, Any]) -> str | None:
    import difflib  # here: only a mistake needs it, and loading it is a cost every run paid

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def suggestion(close: str | None) -> str:
    """" (did you mean 'volume'?)" for a close match, else nothing."""
    return f" (did you mean '{close}'?)" if close else ""


def did_you_mean(word: str, choices: Sequence[str] | dict[str, Any]) -> str:
    return suggestion(closest(word, choices))


def fix_hint(fix: Fix | None) -> str:
    return suggestion(fix.right if fix else None)


def value_fix(raw: str, choices: Sequence[str] | dict[str, Any]) -> Fix | None:
    close = closest(raw.strip().lower(), choices)
    return Fix(raw, close, in_key=False) if close else None


# Each reader takes (key, raw text) and returns the typed value or raises ArgumentError.

Reader = Callable[[str, str], Any]

PROBLEM_ALIASES: dict[str, Problem] = {
    "tone": Problem.STYLE, "voice": Problem.STYLE,
    "facts": Problem.KNOWLEDGE, "stale": Problem.KNOWLEDGE,
    "schema": Problem.FORMAT, "json": Problem.FORMAT, "validation": Problem.FORMAT,
    "terms": Problem.DOMAIN, "boundaries": Problem.DOMAIN,
    "expensive": Problem.COST, "tokens": Problem.COST,
    "explore": Problem.EXPLORATION, "prototype": Problem.EXPLORATION,
}
_MODEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,99}$")
_HORIZON_UNITS = {"": 1, "m": 1, "mo": 1, "month": 1, "months": 1, "y": 12, "yr": 12,
                  "year": 12, "years": 12}


def read_number(key: str, raw: str, example: str, *, decimal_point: bool = False) -> float:
    """A number as engine/numbers.py reads one (the grammar descriptions use too): "2mn",
    "20 000", "$1,800", "1.2M", "two thousand" (`decimal_point`: as numbers.read_value)."""
    value = read_value(raw, decimal_point=decimal_point)
    if value is None:
        raise ArgumentError(f"{key}: '{echo(raw)}' is not a number; use e.g. {example}", key)
    if not math.isfinite(value):
        raise ArgumentError(f"{key}: '{echo(raw)}' is too large; use a finite number", key)
    return value


def read_factor(key: str, raw: str, *, fact: str | None = None,
                fact_counts: bool = False) -> float:
    """A 0-100 level. `fact`: the key of the fact that sets this factor (keys.Sets), named when
    a value past 100 was typed; `fact_counts`: that fact is a count (examples, requests)."""
    word = raw.strip().lower()
    if word in LEVELS:
        return LEVELS[word]
    if word.endswith("%"):
        word = word[:-1]
    try:
        value = read_number(key, word, "0-100")
    except ArgumentError:
        levels = ", ".join(f"{name} ({value:g})" for name, value in LEVELS.items())
        hint = did_you_mean(word, LEVELS)
        raise ArgumentError(
            f"{key}: '{echo(raw)}' is not allowed{hint}; use {levels}, or a number 0-100", key,
            fix=value_fix(raw, LEVELS)) from None
    if value < 0:
        raise ArgumentError(f"{key} is a level: use low, medium or high", key)
    if value > 100:
        raise _not_a_level(key, raw, fact, fact_counts)
    return value


def _not_a_level(key: str, raw: str, fact: str | None, fact_counts: bool) -> ArgumentError:
    """A factor given a count (`traffic=2M`): say which fact takes it, and offer that key
    (issue 23: "Volume must be at most 100 (got 2e+06)" named no way out)."""
    if fact is not None and fact_counts:
        return ArgumentError(
            f"{key} is a level (low, medium or high), and '{echo(raw)}' reads as a count: give"
            f" the count as {fact}={echo(raw)}", key,
            fix=Fix(key, fact, in_key=True))
    if fact is not None:  # a fact in words: how often the facts change
        return ArgumentError(f"{key} is a level (low, medium or high); say how often the facts"
                             " change with changes=weekly (or daily, monthly...)", key)
    return ArgumentError(f"{key} is a level: use low, medium or high", key)


def read_problem(key: str, raw: str) -> Problem:
    word = raw.strip().lower()
    if word in Problem.__members__.values():
        return Problem(word)
    if word in PROBLEM_ALIASES:
        return PROBLEM_ALIASES[word]
    allowed = ", ".join(p.value for p in Problem)
    fix = value_fix(raw, [p.value for p in Problem])
    raise ArgumentError(
        f"problem: '{echo(raw)}' is not a problem kind{fix_hint(fix)}; use {allowed}", key,
        fix=fix)


def read_preset(key: str, raw: str) -> str:
    word = raw.strip().lower()
    if word in PRESETS:
        return word
    fix = value_fix(raw, PRESETS)
    raise ArgumentError(
        f"preset: '{echo(raw)}' is not a preset{fix_hint(fix)}; use {', '.join(PRESETS)}", key,
        fix=fix)


def read_model(key: str, raw: str) -> str:
    if not _MODEL.match(raw):
        raise ArgumentError(
            f"model: '{echo(raw)}' is not a model name; use e.g. gpt-4o-mini or"
            " openai:gpt-4o (letters, digits and . _ - : /)", key)
    return raw


def read_multiplier(key: str, raw: str) -> float:
    text = raw.strip().lower()
    return read_number(key, text[:-1] if text.endswith("x") else text, "2x or 1.5")


def read_horizon(key: str, raw: str) -> int:
    match = re.match(r"^\s*(\d{1,4})\s*([a-z]*)\s*$", raw.lower())
    if not match or match.group(2) not in _HORIZON_UNITS:
        raise ArgumentError(
            f"horizon: '{echo(raw)}' is not a whole number of months; use e.g. 12, 18m or 2y", key)
    return int(match.group(1)) * _HORIZON_UNITS[match.group(2)]


def read_share(key: str, raw: str) -> float:
    """A share as 0-1 or a percentage: "0.9", "90%". A bare number above 1 is refused rather than
    guessed at (is "90" 90% or a typo?)."""
    text = raw.strip().lower()
    percent = text.endswith("%")
    value = read_number(key, text[:-1] if percent else text, "0.9 or 90%")
    share = value / 100 if percent else value
    if not 0 <= share <= 1:
        raise ArgumentError(
            f"{key}: '{echo(raw)}' is not a share; use a number from 0 to 1 or a percentage,"
            " e.g. 0.9 or 90%", key)
    return share


def whole_reader(example: str, low: int, high: int) -> Reader:
    """A whole number from `low` to `high`, e.g. epochs."""
    def read(key: str, raw: str) -> int:
        value = read_number(key, raw, example)
        if not value.is_integer() or not low <= value <= high:
            raise ArgumentError(
                f"{key}: '{echo(raw)}' is not allowed; use a whole number from {low} to {high}",
                key)
        return int(value)
    return read


def count_reader(example: str) -> Reader:
    return lambda key, raw: read_number(key, raw, example)


def price_reader(example: str) -> Reader:
    """A price per unit: "1.000" is one dollar, never a thousand (a dot is a decimal point)."""
    return lambda key, raw: read_number(key, raw, example, decimal_point=True)


def read_examples(key: str, raw: str) -> int:
    value = read_number(key, raw, "300, 1.5k or 20,000 (labeled examples)")
    if not value.is_integer() or not 0 <= value <= MAX_EXAMPLES:
        raise ArgumentError(
            f"{key}: '{echo(raw)}' is not a count of examples; use a whole number from 0 to"
            f" {MAX_EXAMPLES:,}", key)
    return int(value)


CADENCE_ALIASES: dict[str, Cadence] = {
    "hour": Cadence.HOURLY, "realtime": Cadence.HOURLY, "live": Cadence.HOURLY,
    "day": Cadence.DAILY, "week": Cadence.WEEKLY, "month": Cadence.MONTHLY,
    "quarter": Cadence.QUARTERLY, "year": Cadence.YEARLY, "annually": Cadence.YEARLY,
    "yearly": Cadence.YEARLY, "rarely": Cadence.YEARLY, "static": Cadence.NEVER,
}


def read_changes(key: str, raw: str) -> Cadence:
    word = raw.strip().lower()
    if word in Cadence.__members__.values():
        return Cadence(word)
    if word in CADENCE_ALIASES:
        return CADENCE_ALIASES[word]
    allowed = ", ".join(c.value for c in Cadence)
    fix = value_fix(raw, [c.value for c in Cadence])
    raise ArgumentError(
        f"changes: '{echo(raw)}' is not a cadence{fix_hint(fix)}; use {allowed}", key, fix=fix)
