"""What a description names outright: model names ("gpt-4o-mini", "claude 3.5 sonnet"), presets
("the support preset"), and `key value` written without '=' ("traffic high"); and, read first,
the everyday phrases that only look like facts ("in terms of", "voice assistant")."""

import re

from adapt.engine.describe.models import model_named, name_words, vocabulary
from adapt.engine.describe.reading import _Found
from adapt.engine.describe.tokens import (
    _JOINED_FAMILY,
    Token,
    _fragment_end,
    _fragment_words,
    _phrase_end,
)
from adapt.engine.describe.words import (
    CLAUDE_TIERS,
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

MODEL_WORDS_MOST = 8  # tokens a model's name runs over at most ("llama 3.1 8b instruct turbo")
_OPENAI_OMNI = re.compile(r"[0-9](?:\.[0-9])?o")  # "4o" of "we're on 4o mini"


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
    """A model name starting at token i as written, joined the way model ids are
    ("claude-3.5-sonnet", "gpt-99-ultra"): what is read when no known model fits it."""
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


def _starts_model(tokens: list[Token], i: int) -> bool:
    """A model's name may start here: a joined name ("gpt-4o-mini"), a family ("claude"),
    OpenAI's "4o", or a Claude tier before its version ("sonnet 4.5")."""
    token = tokens[i]
    if token.kind == "model" or token.word in MODEL_FAMILIES:
        return True
    if token.kind == "alnum" and _OPENAI_OMNI.fullmatch(token.word):
        return True
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    return token.word in CLAUDE_TIERS and after is not None and after.kind == "num" \
        and after.fragment == token.fragment and not after.suffix


def _typed_run(tokens: list[Token], i: int, words: frozenset[str]) -> list[int]:
    """The tokens a model name may run over from token i: in its clause, unclaimed, each a
    version, a size or a word some model's name has ("llama 3.1 8b", "4o mini")."""
    run = [i]
    for j in range(i + 1, min(tokens[i].stop, i + MODEL_WORDS_MOST)):
        token = tokens[j]
        if token.used:
            break
        if token.word == "-":
            continue
        fits_name = (token.kind == "num" and (token.suffix in ("", "b") and token.value < 1e12))
        if not (fits_name or token.kind == "alnum" or (name_words(token.text)[:1] and all(
                word in words for word in name_words(token.text)))):
            break
        run.append(j)
    return run


def _read_model(tokens: list[Token], i: int) -> tuple[str, int] | None:
    """The model named from token i: the exact known model the longest run of typed words fits
    ("provider:id"), a "provider:name" written out, or the name as written when it has a version
    and no known model fits (pricing then says what it knows of it)."""
    first = tokens[i]
    if first.kind == "model" and ":" in first.word:
        return first.word, i + 1  # "openai:gpt-4o": as written
    run = _typed_run(tokens, i, vocabulary())
    for end in range(len(run), 0, -1):
        typed = name_words(" ".join(tokens[j].text for j in run[:end]))
        ref = model_named(typed)
        if ref is not None:
            return ref, run[end - 1] + 1
    return _model_name(tokens, i)


def _models(found: _Found) -> None:
    tokens = found.tokens
    i = 0
    while i < len(tokens):
        named = _read_model(tokens, i) if not tokens[i].used and _starts_model(tokens, i) \
            else None
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
        while j < min(end, i + 4) and tokens[j].word in KEY_VALUE_GLUE:  # "problem is: tone"
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
