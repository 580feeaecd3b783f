"""KEY=VALUE arguments or a description -> Scenario, shared by the command line and the Slack
command.

`parse_scenario` reads KEY=VALUE (and bare preset names) only. `parse_input` also reads a
description ("our support bot's tone drifts, about 300 labeled examples") through
engine/describe/, and says what it read. Anything that goes wrong becomes an ArgumentError
naming the key and what is allowed; nothing else escapes either.
"""

import itertools
import re
from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple

from pydantic import ValidationError

from adapt.engine.keys import (
    ALIASES,
    FACT_KEYS,
    FACT_OF_FACTOR,
    FORM_KEYS,
    KEY_BY_NAME,
    KEY_OF,
    KEYS,
    in_table_order,
)
from adapt.engine.numbers import ARTICLES, NUMBER_WORDS, read_value
from adapt.engine.presets import PRESETS
from adapt.engine.prices import fill_from_model
from adapt.engine.readers import (
    MAX_DESCRIPTION_CHARS,
    ArgumentError,
    Fix,
    closest,
    echo,
    suggestion,
)
from adapt.engine.scenario import Scenario, reduction_default
from adapt.engine.units import requests_for_volume, volume_for_requests

__all__ = [
    "ALIASES",
    "FORM_KEYS",
    "KEYS",
    "KEY_OF",
    "ArgumentError",
    "Parsed",
    "build_scenario",
    "convert",
    "is_pairs",
    "key_help",
    "parse_input",
    "parse_scenario",
    "split_pairs",
    "to_args",
]

MAX_INPUT_CHARS = MAX_DESCRIPTION_CHARS  # refused before any pattern runs (issue 21)

# A fact and the factor it sets (requests and volume set each other: see Scenario); the data
# a training run is priced from sets its cost.
FACT_SETS = {**{fact: factor for factor, fact in FACT_OF_FACTOR.items()},
             "tokens_per_example": "training"}


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
            close = closest(name, KEY_OF)
            raise ArgumentError(
                f"unknown key '{echo(key_text)}'{suggestion(close)}; keys:"
                f" {', '.join(ALIASES)}", fix=Fix(key_text, close, in_key=True) if close else None)
        if not raw.strip():
            raise ArgumentError(f"{key}: no value after '='; write e.g. {key}=...", key)
        if key in given:
            raise ArgumentError(f"{key} is given twice; give each key once", key)
        given[key] = raw
    return given


def convert(given: dict[str, str]) -> dict[str, Any]:
    """Raw strings -> typed values, each checked by its key's own rules."""
    return {key: KEY_BY_NAME[key].read(key, raw) for key, raw in given.items()}


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
    if field is None:  # a rule across keys: its message starts with the key to blame
        field = next((key for key in KEY_BY_NAME if message.startswith((f"{key}:", f"{key} "))),
                     None)
    return ArgumentError(f"{field}: {message}" if field and field not in message else message,
                         field)


def build_scenario(values: dict[str, Any]) -> Scenario:
    """Typed values (canonical keys) -> Scenario: preset first, explicit keys over it, price from
    the model unless price is given."""
    merged: dict[str, Any] = {}
    if values.get("preset"):
        merged.update(PRESETS[values["preset"]].values)
        for fact, factor in FACT_SETS.items():  # a stated fact replaces the preset's reading of it
            if fact in values and factor not in values:
                merged.pop(factor, None)
        if "volume" in values and "requests" not in values:
            merged.pop("requests", None)
        if "extra_tokens" in values and "reduction" not in values and "reduction" in merged:
            merged["reduction"] = reduction_default(values["extra_tokens"], merged["reduction"])
    merged.update(values)
    merged = fill_from_model(merged, given=values)
    try:
        return Scenario(**merged)
    except ValidationError as error:
        raise _validation_message(error) from None


_WORD = re.compile(r"\S+")
_GROUP = re.compile(r"[0-9]{3}[,;.!?]*")  # "000" of "examples=20 000"
_SENTENCE_END = ",;.!?"
_TYPOGRAPHIC_SPACES = ("\u00a0", "\u202f", "\u2009")  # only ever between a number's groups
_NUMBER_JOINERS = NUMBER_WORDS | ARTICLES | {"and", "of"}
_PAIR_WORDS_MOST = 8  # words a pair's number may run over ("two hundred and fifty thousand")


class _Piece(NamedTuple):
    """A whitespace-separated token of the arguments (a pair with the rest of its number) and
    where it is in their text."""

    text: str
    start: int
    end: int


def _text(args: str | Sequence[str]) -> str:
    return args if isinstance(args, str) else " ".join(args)


def _pieces(text: str) -> list[_Piece]:
    """The whitespace-separated tokens, a pair's number kept whole when it runs over spaces:
    "examples=20 000", "requests=2 mil", "requests=half a million" (see _pair_number)."""
    matches = list(_WORD.finditer(text))
    pieces: list[_Piece] = []
    n = 0
    while n < len(matches):
        piece = _Piece(matches[n].group(), matches[n].start(), matches[n].end())
        if "=" in piece.text:
            piece, n = _pair_number(text, matches, n, piece)
        pieces.append(piece)
        n += 1
    return pieces


def _pair_number(text: str, matches: list[re.Match[str]], n: int, pair: _Piece
                 ) -> tuple[_Piece, int]:
    """The pair at matches[n] with the words that go on with its number: the longest run of
    number words ("a", "million", "and") and thousands groups that reads as one number. A space
    between groups joins them only where the group would otherwise stand alone (last, before a
    pair, or ending a clause), so "horizon=12 300 examples" stays a pair and "300 examples"; a
    no-break, narrow or thin space always does ("20\u202f000")."""
    best, words, m = (pair, n), [pair.text], n + 1
    while m < min(len(matches), n + _PAIR_WORDS_MOST):
        run = _group_run(text, matches, m) if _GROUP.fullmatch(matches[m].group()) else 0
        if not run and matches[m].group().rstrip(_SENTENCE_END).lower() not in _NUMBER_JOINERS:
            break
        taken = matches[m:m + max(run, 1)]
        words += [match.group() for match in taken]
        m += len(taken)
        joined = " ".join(words)
        if _reads_as_number(joined):
            best = (_Piece(joined, pair.start, taken[-1].end()), m - 1)
        if taken[-1].group()[-1] in _SENTENCE_END:
            break  # the clause ended
    return best


def _reads_as_number(pair: str) -> bool:
    """Whether a pair's value, with the words joined to it, is a number its key reads."""
    key_text, _, raw = pair.partition("=")
    key = KEY_OF.get(key_text.strip().lower().replace("-", "_"))
    raw = raw.rstrip(_SENTENCE_END)
    if key is None or read_value(raw) is None:
        return False
    try:
        KEY_BY_NAME[key].read(key, raw)
    except ArgumentError:
        return False  # "model=a b" is no number of a model's
    return True


def _group_run(text: str, matches: list[re.Match[str]], m: int) -> int:
    """How many thousands groups from matches[m] join the number before them (0: none)."""
    run = m
    while run + 1 < len(matches) and _GROUP.fullmatch(matches[run].group()) \
            and matches[run].group()[-1] not in _SENTENCE_END \
            and _GROUP.fullmatch(matches[run + 1].group()):
        run += 1
    last = matches[run].group()
    spaces = {text[a.end():b.start()] for a, b in itertools.pairwise(matches[m - 1:run + 1])}
    alone = run + 1 == len(matches) or "=" in matches[run + 1].group() \
        or last[-1] in _SENTENCE_END
    return run - m + 1 if alone or spaces <= set(_TYPOGRAPHIC_SPACES) else 0


def _split(args: str | Sequence[str]) -> list[str]:
    return [piece.text for piece in _pieces(_text(args))]


def parse_scenario(args: str | Sequence[str]) -> Scenario:
    """The whole edge: text or tokens -> Scenario, or ArgumentError with a one-line message."""
    tokens = _split(args)
    try:
        return _scenario_of(tokens)
    except ArgumentError as error:
        error.fixed_args = fixed_args(tokens, error)
        raise
    except Exception as error:  # the contract: nothing but ArgumentError leaves the parser
        raise ArgumentError(f"could not read the arguments: {type(error).__name__}") from None


def _scenario_of(tokens: Sequence[str]) -> Scenario:
    return build_scenario(convert(split_pairs(tokens)))


FIXES_MOST = 3  # typos corrected in one go (`volum=hihg` is two)


def fixed_args(tokens: Sequence[str], error: ArgumentError, depth: int = 1) -> str | None:
    """The arguments with the error's likely typo corrected, when that makes them read (a
    second typo the corrected text shows is corrected too, up to FIXES_MOST); None when the
    error offers no correction or the corrected text still fails."""
    fix = error.fix
    if fix is None:
        return None
    fixed, changed = [], False
    for token in tokens:
        key_text, sep, raw = token.partition("=")
        canonical = KEY_OF.get(key_text.strip().lower().replace("-", "_"))
        if not changed and sep and fix.in_key and fix.wrong in (key_text, canonical):
            token, changed = f"{fix.right}={raw}", True
        elif (not changed and sep and not fix.in_key and raw == fix.wrong
              and KEY_OF.get(key_text.strip().lower().replace("-", "_")) == error.field):
            token, changed = f"{key_text}={fix.right}", True
        fixed.append(token)
    if not changed:
        return None
    try:
        _scenario_of(fixed)
    except ArgumentError as next_error:  # another typo: correct it too, or offer nothing
        return fixed_args(fixed, next_error, depth + 1) if depth < FIXES_MOST else None
    except Exception:  # still wrong somewhere else: offer nothing rather than another error
        return None
    return " ".join(fixed)


class Parsed(NamedTuple):
    """What `parse_input` read. `read_as` and `not_used` are None for KEY=VALUE input and lists
    for a description: `read_as` the canonical KEY=VALUE list (parse_scenario(read_as) gives
    this scenario again), `not_used` the parts of the description nothing was read from."""

    scenario: Scenario
    read_as: list[str] | None = None
    not_used: list[str] | None = None

    @property
    def was_description(self) -> bool:
        return self.read_as is not None


def is_pairs(tokens: Sequence[str]) -> bool:
    """KEY=VALUE input: every token has an '=' or is a preset name (as parse_scenario reads)."""
    return all("=" in token or token.lower() in PRESETS for token in tokens)


def parse_input(args: str | Sequence[str]) -> Parsed:
    """KEY=VALUE or a description -> Parsed, or ArgumentError with a one-line message.

    Input longer than MAX_INPUT_CHARS is refused before any pattern looks at it. KEY=VALUE input
    (every token a pair or a preset name, or nothing) is parse_scenario's, with the same errors.
    Otherwise the words are read as a description; tokens with '=' in them are still KEY=VALUE
    pairs, read strictly (a typo'd key is the unknown-key error), and win over what the words
    say (which "not used" then notes). Callers route subcommands (the first word) before this.
    """
    text = _text(args)
    if len(text) > MAX_INPUT_CHARS:
        raise ArgumentError(f"the input is {len(text):,} characters long; the limit is"
                            f" {MAX_INPUT_CHARS:,}")
    pieces = _pieces(text)
    if is_pairs([piece.text for piece in pieces]):
        return Parsed(parse_scenario([piece.text for piece in pieces]))
    try:
        return _parse_description(pieces, text)
    except ArgumentError:
        raise
    except Exception as error:  # the contract: nothing but ArgumentError leaves the parser
        raise ArgumentError(f"could not read the arguments: {type(error).__name__}") from None


def _parse_description(pieces: list[_Piece], text: str) -> Parsed:
    """Pairs in a sentence end where the sentence's punctuation starts ("examples=300,")."""
    # The description reader is loaded only for a description: KEY=VALUE input never needs it,
    # and loading it was a third of the command line's start-up.
    from adapt.engine.describe import describe, nothing_read

    pairs = [piece for piece in pieces if "=" in piece.text]
    given = split_pairs([piece.text.rstrip(_SENTENCE_END) or piece.text for piece in pairs])
    description = _blanked(text, pairs)
    reading = describe(description, given=given)
    if not reading.pairs and given:  # pairs beside words that state no fact: as KEY=VALUE
        parse_scenario([piece.text for piece in pieces])  # raises its error about a word
    if not reading.pairs:
        raise ArgumentError(nothing_read(echo(description)))
    merged = {**reading.pairs, **given}  # pairs are taken as written: they win
    scenario = build_scenario(convert(merged))
    shown = {key: raw if key not in given else "".join(raw.split()) for key, raw in merged.items()}
    return Parsed(scenario, in_table_order(shown), list(reading.not_used))


def _blanked(text: str, pairs: list[_Piece]) -> str:
    """The text with the pairs replaced by spaces: positions stay where they were, and so does
    the punctuation that ends a pair's clause ("examples=300, tone drifts")."""
    parts, at = [], 0
    for piece in pairs:
        written = text[piece.start:piece.end]
        length = len(written.rstrip(_SENTENCE_END)) or len(written)
        parts += [text[at:piece.start], " " * length]
        at = piece.start + length
    return "".join([*parts, text[at:]])


class KeyHelp(NamedTuple):
    key: str
    aliases: tuple[str, ...]
    meaning: str
    values: str
    default: str


def key_help() -> list[KeyHelp]:
    """Every key with its aliases, meaning, allowed values and default: the help screens' source."""
    defaults = Scenario()
    rows = []
    for key in KEYS:
        default = getattr(defaults, key.name)
        shown = "none" if default is None else f"{default:g}" if isinstance(default, float) \
            else str(getattr(default, "value", default))
        rows.append(KeyHelp(key.name, key.aliases, key.meaning, key.allowed, shown))
    return rows


def arg_value(value: Any) -> str:
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else f"{value:.0f}"
    return str(getattr(value, "value", value))


def to_args(scenario: Scenario) -> list[str]:
    """The shortest KEY=VALUE list that parses back to exactly this scenario.

    It names the preset, every value that differs from what the preset (or the defaults) would
    give, a fact rather than the factor it sets where the fact explains it, and always the price
    when a model is named, so reading it back needs no price lookup.
    """
    baseline = _baseline(scenario.preset)
    written = _written_facts(scenario, baseline)
    args = [f"preset={scenario.preset}"] if scenario.preset else []
    for key in ALIASES:  # table order
        value = getattr(scenario, key)
        if key == "preset":
            continue
        if key in _PAIRED:
            wanted = key in written
        elif key == "training" and scenario.training_from_data():
            wanted = False  # tokens_per_example, examples and the price say it
        elif key == "reduction":  # its default follows extra_tokens
            wanted = value != reduction_default(scenario.extra_tokens, baseline.reduction)
        else:
            wanted = value != getattr(baseline, key) or (key == "price" and bool(scenario.model))
        if wanted:
            args.append(f"{key}={arg_value(value)}")
    return args


@cache
def _baseline(preset: str | None) -> Scenario:
    """What a preset (or nothing) gives on its own: one of seven fixed scenarios, built once
    (frozen, so shared safely) instead of on every answer's to_args."""
    return build_scenario({"preset": preset} if preset else {})


_PAIRED = {*FACT_OF_FACTOR, *FACT_OF_FACTOR.values()}


def _written_facts(scenario: Scenario, baseline: Scenario) -> set[str]:
    """Which of each fact and the factor it sets to_args must write (see Scenario)."""
    written: set[str] = set()
    for fact in FACT_KEYS:
        assert fact.sets is not None
        if fact.sets.mutual:  # requests and volume set each other: below
            continue
        told, factor = getattr(scenario, fact.name), fact.sets.factor
        if told is not None:
            written.add(fact.name)
        expected = fact.sets.reads(told) if told is not None else getattr(baseline, factor)
        if getattr(scenario, factor) != expected:
            written.add(factor)
    requests, volume = scenario.requests, scenario.volume
    if (requests, volume) == (baseline.requests, baseline.volume):
        return written
    typed_volume = round(volume, 1) == volume  # a value a person typed, not one derived
    if requests == requests_for_volume(volume) and typed_volume:
        return written | {"volume"}
    if volume == volume_for_requests(requests):
        return written | {"requests"}
    if requests == requests_for_volume(volume):
        return written | {"volume"}
    return written | {"requests", "volume"}
