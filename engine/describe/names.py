"""What a description names outright: model names ("gpt-4o-mini", "claude 3.5 sonnet"), presets
("the support preset"), and `key value` written without '=' ("traffic high"); and, read first,
the everyday phrases that only look like facts ("in terms of", "voice assistant")."""

from adapt.engine.describe.reading import _Found
from adapt.engine.describe.tokens import (
    _JOINED_FAMILY,
    Token,
    _fragment_end,
    _fragment_words,
    _phrase_end,
)
from adapt.engine.describe.words import (
    IGNORED_PHRASES,
    KEY_VALUE_GLUE,
    MODEL_FAMILIES,
    MODEL_VARIANTS,
    PRESET_WORDS,
    REQUIREMENT_WORDS,
    UNREAD_KEYS,
)
from adapt.engine.keys import KEY_BY_NAME, KEY_OF
from adapt.engine.presets import PRESETS
from adapt.engine.readers import ArgumentError
from adapt.engine.units import Cadence


def _ignored(found: _Found) -> None:
    tokens = found.tokens
    for i in range(len(tokens)):
        for phrase in IGNORED_PHRASES:
            if tokens[i].word != phrase[0]:
                continue
            stop = _phrase_end(tokens, i, phrase)
            if stop is not None:
                for token in tokens[i:stop]:
                    token.used = True


def _model_name(tokens: list[Token], i: int) -> tuple[str, int] | None:
    """A model name starting at token i, as genai-prices spells it: ("gpt-4o-mini", end)."""
    first = tokens[i]
    if first.kind == "model":
        parts, versioned = [_JOINED_FAMILY.sub(r"\1-", first.word)], True
    elif first.kind == "word" and first.word in MODEL_FAMILIES:
        parts, versioned = [first.word], False
    else:
        return None
    j = i + 1
    while j < len(tokens) and tokens[j].fragment == first.fragment and not tokens[j].used:
        token = tokens[j]  # "claude 3.5 sonnet", "claude haiku 4.5", "gpt-4o mini"
        is_version = (token.kind == "num" and not token.suffix and token.value < 10) or (
            token.kind == "alnum" and len(token.word) <= 4)
        if not (is_version or (token.kind == "word" and token.word in MODEL_VARIANTS)):
            break
        versioned = versioned or is_version
        parts.append(token.word)
        j += 1
    return ("-".join(parts), j) if versioned else None  # "claude sonnet" names no model


def _models(found: _Found) -> None:
    tokens = found.tokens
    i = 0
    while i < len(tokens):
        named = _model_name(tokens, i) if not tokens[i].used else None
        if named is None:
            i += 1
            continue
        name, stop = named
        found.set("model", name, i, stop)
        i = stop


def _presets(found: _Found) -> None:
    """"the support preset", "preset: routing": a preset only when the word preset is there, so
    "our support bot" stays a support bot."""
    tokens = found.tokens
    for i, token in enumerate(tokens):
        if token.used or token.word not in PRESETS:
            continue
        for j in (i - 2, i - 1, i + 1):
            if 0 <= j < len(tokens) and tokens[j].word in PRESET_WORDS \
                    and tokens[j].fragment == token.fragment:
                found.set("preset", token.word, min(i, j), max(i, j) + 1)
                break


def _key_words(found: _Found) -> None:
    """`key value` written without '=': "traffic high", "problem: tone", "cadence weekly"."""
    tokens = found.tokens
    for i, token in enumerate(tokens):
        key = KEY_OF.get(token.word)
        if token.used or key is None or key in UNREAD_KEYS:
            continue
        j = i + 1
        end = _fragment_end(tokens, i)
        while j < end and tokens[j].word in KEY_VALUE_GLUE:
            j += 1
        if j >= end or tokens[j].used or tokens[j].kind not in ("word", "alnum"):
            continue
        if key == "changes" and _fragment_words(tokens, i) & REQUIREMENT_WORDS:
            continue
        try:
            value = KEY_BY_NAME[key].read(key, tokens[j].word)
        except ArgumentError:
            continue
        found.set(key, str(getattr(value, "value", tokens[j].word)), i, j + 1)
        if isinstance(value, Cadence):
            found.cadences.setdefault(token.fragment, value)
