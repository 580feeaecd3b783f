"""Model names as people type them ("4o mini", "gpt4o-mini", "claude haiku", "gemini flash",
"llama 3.1 8b", "qwen 2.5 7b", "mistral small"), read as the exact model they name, from the
price data's own ids and names (prices.known_models(): the tuning catalogue's rows and
genai-prices' bundled models).

A name and a model's id or display name are compared as words: lowercase, the organisation in
front dropped ("meta-llama/"), versions as one word ("3-5", "3.5", "3p5" are all "3.5"; "2.0" is
"2"), a family joined to its version split ("llama3" is "llama 3", "gpt4o" is "gpt 4o"). A model
fits when every word typed is among its words. Of those that fit, the one read is, in order:
the one with the fewest other words that change what it is ("tts", "lite", "preview"; not
"instruct" or a date), then the best place it is served (words.AGGREGATORS), then not
deprecated, then the newest version ("claude haiku" is the newest Claude Haiku), then the
fewest other words at all, then the data's own order.
"""

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from adapt.engine.describe.words import (
    AGGREGATORS,
    MAKER_OF_FAMILY,
    MAKER_OF_WORD,
    MODEL_NEUTRAL_WORDS,
    OPEN_WEIGHT_HOSTS,
)
from adapt.engine.prices import KnownModel, UnknownModel, known_models, model_prices

_SPLIT = re.compile(r"[\s_:/()\[\],+-]+|(?<=[a-z])\.")
_P_VERSION = re.compile(r"(?<=[0-9])p(?=[0-9])")  # "v3p1" is 3.1 (Fireworks' ids)
_FAMILY_AND_VERSION = re.compile(r"^([a-z]{2,})([0-9].*)$")  # "llama3", "gpt4o", "qwen2.5"
_NUMERIC = re.compile(r"[0-9]+(?:\.[0-9]+)*")
_SIZE = re.compile(r"[0-9.]+[bmk]")  # "8b", "24b": a size, not a different model


def name_words(name: str) -> tuple[str, ...]:
    """A model name as words to compare: "meta-llama/Meta-Llama-3.1-8B-Instruct" ->
    ("meta", "llama", "3.1", "8b", "instruct"), "claude-3-5-haiku" -> ("claude", "3.5",
    "haiku"), "gpt4o-mini" -> ("gpt", "4o", "mini")."""
    low = _P_VERSION.sub(".", name.lower().rsplit("/", 1)[-1])
    words: list[str] = []
    for part in _SPLIT.split(low):
        if len(part) > 1 and part[0] == "v" and part[1].isdigit():
            part = part[1:]  # "v1", "v0.2": a version
        joined = _FAMILY_AND_VERSION.match(part)
        for word in (joined.groups() if joined else (part,)):
            if words and _is_version(word) and _is_version(words[-1]) and "." not in word \
                    and "." not in words[-1]:
                words[-1] = f"{words[-1]}.{word}"  # "3", "5" of "claude-3-5-haiku": 3.5
            elif word:
                words.append(word)
    return tuple(_plain_version(word) for word in words)


def _is_version(word: str) -> bool:
    return bool(_NUMERIC.fullmatch(word)) and all(len(part) <= 2 for part in word.split("."))


def _plain_version(word: str) -> str:
    """"2.0" -> "2", "4.0" -> "4": how people say the version."""
    while _is_version(word) and word.endswith(".0") and word.count("."):
        word = word[:-2]
    return word


def _version(words: tuple[str, ...]) -> tuple[int, ...]:
    versions = [tuple(int(part) for part in word.split(".")) for word in words
                if _is_version(word)]
    return max(versions, default=())


@dataclass(frozen=True)
class _Entry:
    order: int  # its place in known_models()
    model: KnownModel
    words: frozenset[str]
    version: tuple[int, ...]


@dataclass(frozen=True)
class _Index:
    entries: tuple[_Entry, ...]
    by_word: dict[str, tuple[int, ...]]  # word -> indexes into entries

    @property
    def vocabulary(self) -> frozenset[str]:
        return frozenset(self.by_word)


@cache
def _index() -> _Index:
    """Every known model's names as words, and which names have each word: built once."""
    entries: list[_Entry] = []
    by_word: dict[str, list[int]] = {}
    for order, model in enumerate(known_models()):
        named = [name_words(name) for name in model.names]
        version = max((_version(words) for words in named), default=())
        for words in named:
            for word in set(words):
                by_word.setdefault(word, []).append(len(entries))
            entries.append(_Entry(order, model, frozenset(words), version))
    return _Index(tuple(entries), {word: tuple(at) for word, at in by_word.items()})


def vocabulary() -> frozenset[str]:
    """Every word of every known model's names: how far a typed name may run."""
    return _index().vocabulary


def fits(typed: tuple[str, ...]) -> list[_Entry]:
    """The model names that have every typed word."""
    index = _index()
    found: set[int] | None = None
    for word in sorted(set(typed), key=lambda w: len(index.by_word.get(w, ()))):
        at = set(index.by_word.get(word, ()))
        found = at if found is None else found & at
        if not found:
            return []
    return [index.entries[i] for i in sorted(found or ())]


def _rank(entry: _Entry, typed: frozenset[str]) -> tuple[object, ...]:
    extra = entry.words - typed
    changing = [w for w in extra if not (_NUMERIC.fullmatch(w) or _SIZE.fullmatch(w)
                                         or w in MODEL_NEUTRAL_WORDS or w in MAKER_OF_FAMILY)]
    provider = entry.model.ref.split(":", 1)[0]
    makers = {MAKER_OF_WORD[w] for w in entry.words if w in MAKER_OF_WORD}
    served = (0 if entry.model.catalogued else 1 if provider in makers
              else 2 if provider in OPEN_WEIGHT_HOSTS
              else 4 if provider.startswith(AGGREGATORS) else 3)
    padded = (*entry.version, 0, 0, 0)[:4]  # 5 < 5.5: compared part by part
    newest = (0, *(-part for part in padded)) if entry.version else (1,)  # no version: last
    return (len(changing), served, entry.model.deprecated, newest, len(extra), entry.order)


@lru_cache(maxsize=4096)  # a name reads the same every time; servers see the same names again
def model_named(typed: tuple[str, ...]) -> str | None:
    """The exact model ("provider:id") a typed name stands for, or None when none fits. A family
    alone ("claude", "llama") names no model."""
    if all(word in MAKER_OF_FAMILY for word in typed):
        return None
    wanted = frozenset(typed)
    for entry in sorted(fits(typed), key=lambda entry: _rank(entry, wanted)):
        if entry.model.catalogued:  # the catalogue's own row: pricing says what it knows of it
            return entry.model.ref
        try:
            if model_prices(entry.model.ref).ref == entry.model.ref:  # it reads back as itself
                return entry.model.ref
        except UnknownModel:
            continue
    return None
