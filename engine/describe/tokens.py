"""Tokens: a description cut into model names, numbers, words and symbols, each in its fragment
(a clause, split at punctuation and "and", "but", ...), with a typo of a table word corrected;
and the helpers every rule uses to look along the tokens of one fragment."""

import re
from dataclasses import dataclass
from functools import lru_cache

from adapt.engine.describe.words import (
    _SEPARATOR_WORDS,
    APPROX_WORDS,
    BOUND_AFTER,
    CADENCE_ADVERBS,
    CHANGE_WORDS,
    CURRENCY_WORDS,
    EXAMPLE_NOUNS,
    FILLER,
    HORIZON_LEADS,
    HORIZON_WORDS,
    MODEL_FAMILIES,
    MONEY_CONTEXT,
    PERIOD_OF,
    PRESET_WORDS,
    PROBLEM_WORDS,
    REDUCTION_VERBS,
    REQUEST_NOUNS,
    REQUIREMENT_WORDS,
    SCALE_WORDS,
    STABLE_WORDS,
    TOKEN_NOUNS,
    UNSTABLE_WORDS,
)
from adapt.engine.keys import KEY_OF
from adapt.engine.numbers import NUMBER_WORDS, NUMERAL, SUFFIX_SCALE, continues, numeral_value
from adapt.engine.presets import PRESETS

_FAMILY = "|".join(MODEL_FAMILIES)
_SUFFIXES = "|".join(sorted(SUFFIX_SCALE, key=len, reverse=True))
_TOKEN = re.compile(
    rf"""
    (?P<model>(?<![\w.-])(?:[a-z][a-z0-9_-]*:)?
        (?:(?:{_FAMILY})(?:-[a-z0-9]+(?:\.[a-z0-9]+)*)+
          |(?:gpt|llama|qwen|phi|gemma|grok)[0-9][a-z0-9]*(?:\.[0-9]+)?(?:-[a-z0-9]+)*
          |o[134](?:-[a-z0-9]+)*)
        (?![\w-]))
    | (?P<num>{NUMERAL})(?P<suffix>{_SUFFIXES})?(?![a-z0-9])
    | (?P<alnum>[0-9]+(?:\.[0-9]+)?[a-z][a-z0-9]*)
    | (?P<word>[a-z](?:[a-z0-9'&]*[a-z0-9])?)
    | (?P<sym>[$~/%+=:-])
    | (?P<sep>[,;\n\u2013\u2014|]|[.!?](?=\s|$))  # "<!here>", "e.g.", "(~40k)" do not split
    """, re.IGNORECASE | re.VERBOSE)
_JOINED_FAMILY = re.compile(rf"^((?:[a-z0-9_-]+:)?(?:{_FAMILY}))(?=[0-9])")


@dataclass(slots=True)
class Token:
    start: int  # character span in the description
    end: int
    text: str  # as written
    word: str  # lowercase, with a typo of a table word corrected ("labled" -> "labeled")
    kind: str  # "model", "num", "alnum", "word", "sym"
    fragment: int = 0  # which clause it is in (split at punctuation and "and", "but", ...)
    value: float = 0.0  # num: the number, suffix applied ("2M" -> 2e6)
    suffix: str = ""  # num: the suffix as written, lowercase ("m" of "2M")
    fuzzy: bool = False  # `word` is a correction of what was written
    used: bool = False  # a rule has read it (or set it aside)
    first: int = 0  # the index of its fragment's first token
    stop: int = 0  # one past the index of its fragment's last token
    splits: bool = False  # a separator word ("and", "but") that starts a new fragment
    clause: frozenset[str] = frozenset()  # the words of its fragment (one set per fragment)


_NUMBER_AND_UNIT = re.compile(r"^([0-9]+(?:\.[0-9]+)?)([a-z]+)$")


@dataclass(frozen=True, slots=True)
class _Mark:
    """A punctuation mark: a clause ends before it."""

    start: int
    end: int


def _tokens(text: str) -> tuple[list[Token], list[tuple[int, int]]]:
    """The tokens, and each fragment's span of the text (between separators). Two passes, each
    linear in the text: the tokens and punctuation marks, then the fragments."""
    items: list[Token | _Mark] = []
    for match in _TOKEN.finditer(text.replace("\u2019", "'")):
        kind = "num" if match.group("num") else match.lastgroup or "sep"  # not "suffix"
        if kind == "sep":
            items.append(_Mark(match.start(), match.end()))
        else:
            items.extend(_made(match, kind))
    tokens = [item for item in items if isinstance(item, Token)]
    return tokens, _fragments(items, tokens, len(text))


def _made(match: re.Match[str], kind: str) -> list[Token]:
    raw, start = match.group(0), match.start()
    low = raw.lower()
    joined = _NUMBER_AND_UNIT.match(low) if kind == "alnum" else None
    if joined and joined.group(2) in PERIOD_OF:  # "2y", "18mo": a number and its unit
        cut = len(joined.group(1))
        return [Token(start, start + cut, raw[:cut], low[:cut], "num", value=float(low[:cut])),
                Token(start + cut, match.end(), raw[cut:], low[cut:], "word")]
    token = Token(start, match.end(), raw, low, kind)
    if kind == "num":
        token.suffix = (match.group("suffix") or "").lower()
        numeral = low[: len(low) - len(token.suffix)]
        token.value = numeral_value(numeral) * SUFFIX_SCALE.get(token.suffix, 1.0)
    elif kind == "word":
        token.word, token.fuzzy = _vocabulary(low)
        token.splits = low in _SEPARATOR_WORDS
    return [token]


def _fragments(items: list[Token | _Mark], tokens: list[Token], length: int
               ) -> list[tuple[int, int]]:
    """Number the fragments: a new one at each punctuation mark and at each separator word,
    except a separator word that opens the text ("So basically...") or joins a number's words
    ("one and a half million", "two hundred and fifty"). Returns each fragment's text span."""
    bounds: list[tuple[int, int]] = [(0, length)]

    def cut(end: int, begin: int) -> None:
        bounds[-1] = (bounds[-1][0], end)
        bounds.append((begin, length))

    seen = 0  # tokens numbered so far
    for item in items:
        if isinstance(item, _Mark):
            cut(item.start, item.end)
            continue
        if item.splits and seen and not _joins_number(tokens, seen) and not _bound(tokens, seen):
            cut(item.start, item.end)
        item.fragment = len(bounds) - 1
        seen += 1
    first = 0
    for i in range(1, len(tokens) + 1):  # each fragment's indexes and words, once: O(1) later
        if i == len(tokens) or tokens[i].fragment != tokens[i - 1].fragment:
            clause = frozenset(token.word for token in tokens[first:i])
            for token in tokens[first:i]:
                token.first, token.stop, token.clause = first, i, clause
            first = i
    return bounds


def _bound(tokens: list[Token], i: int) -> bool:
    """"so far", "since launch", "since 2023": a separator word bound to the next word."""
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    bound = BOUND_AFTER.get(tokens[i].word)
    return bool(bound and after and (after.word in bound or (
        tokens[i].word == "since" and after.kind == "num")))


def _joins_number(tokens: list[Token], i: int) -> bool:
    """"and" inside a number: "one and a half million", "two hundred and fifty thousand"."""
    before = tokens[i - 1]
    numeric = before.kind == "num" or before.word in NUMBER_WORDS
    return tokens[i].word == "and" and numeric and continues(
        [token.word for token in tokens[i + 1:i + 3]], 0)


# ---------------------------------------------------------------------------------------------
# Typos: a word one slip away from a table word reads as that word: one letter wrong, missing,
# extra, or two neighbours swapped (Damerau's single edit; deterministic). Only for words of five
# letters or more that no table knows, against table words with the same first letter, so it
# stays cheap and rarely surprising: "friend" is two letters short of "friendly", not a typo.

FUZZY_MIN_LENGTH = 5
NEVER_CORRECTED = frozenset({  # real words one typo away from a table word
    "formal", "former", "forms", "stake", "states", "tonal", "toner", "label", "table",
    "labor", "later", "latest", "voices", "facet", "faction", "domains", "coast", "posts",
    "costs", "cast", "sample", "simple", "legacy", "legit", "media", "medic", "parse",
    "phrase", "reset", "format", "daily", "dairy", "weekly", "weakly", "early", "yearly",
    "nearly", "clearly", "rarely", "barely", "never", "clever", "fever", "calls", "walls",
    "categories", "category", "classes", "clauses", "tonight", "totals", "stage", "stages",
    "state", "scale", "stable",
})


def _table_words() -> frozenset[str]:
    words: set[str] = set()
    for table in (EXAMPLE_NOUNS, REQUEST_NOUNS, TOKEN_NOUNS, CURRENCY_WORDS, REDUCTION_VERBS,
                  CHANGE_WORDS, REQUIREMENT_WORDS, STABLE_WORDS, UNSTABLE_WORDS,
                  HORIZON_LEADS, HORIZON_WORDS, PRESET_WORDS, set(PERIOD_OF),
                  set(CADENCE_ADVERBS), set(SCALE_WORDS), *MONEY_CONTEXT.values()):
        words |= table
    for phrases in PROBLEM_WORDS.values():
        words |= {word for phrase in phrases for word in phrase}
    return frozenset(words)


TABLE_WORDS = _table_words()
_READ_WORDS = (TABLE_WORDS | FILLER | APPROX_WORDS | NUMBER_WORDS | set(KEY_OF)  # words a rule uses
               | set(PRESETS))
_KNOWN = _READ_WORDS | NEVER_CORRECTED  # words never corrected
_BY_INITIAL: dict[str, tuple[str, ...]] = {}
for _word in sorted(TABLE_WORDS):
    if len(_word) >= FUZZY_MIN_LENGTH - 1:
        _BY_INITIAL[_word[0]] = (*_BY_INITIAL.get(_word[0], ()), _word)


@lru_cache(maxsize=8192)  # a word's reading never changes; a server sees the same words again
def _vocabulary(low: str) -> tuple[str, bool]:
    """(the table word `low` stands for, whether it was corrected)."""
    if low in _KNOWN or len(low) < FUZZY_MIN_LENGTH or not low.isalpha():
        return low, False
    for word in _BY_INITIAL.get(low[0], ()):
        if abs(len(word) - len(low)) <= 1 and _one_slip(low, word):
            return word, True
    return low, False


def _one_slip(typed: str, word: str) -> bool:
    """Whether `typed` is `word` with one letter wrong, missing or extra, or two swapped."""
    if len(typed) == len(word):
        wrong = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
        return len(wrong) == 1 or (len(wrong) == 2 and wrong[1] == wrong[0] + 1
                                   and typed[wrong[0]] == word[wrong[1]]
                                   and typed[wrong[1]] == word[wrong[0]])
    longer, shorter = (typed, word) if len(typed) > len(word) else (word, typed)
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


# ---------------------------------------------------------------------------------------------
# Looking along the tokens: a fragment's ends, its words, and phrases in it


def _fragment_end(tokens: list[Token], i: int) -> int:
    return tokens[i].stop


def _fragment_start(tokens: list[Token], i: int) -> int:
    return tokens[i].first


def _words(tokens: list[Token], start: int, stop: int) -> list[str]:
    return [token.word for token in tokens[start:stop]]


def _phrase_end(tokens: list[Token], i: int, phrase: tuple[str, ...], *, claimed: bool = False
                ) -> int | None:
    """Where `phrase` ends if it starts at token i, unclaimed (or, with `claimed`, claimed or
    not) and in one fragment; hyphens between its words are skipped ("off-brand")."""
    fragment, j = tokens[i].fragment, i
    for n, word in enumerate(phrase):
        while n and j < len(tokens) and tokens[j].word == "-":
            j += 1
        if j >= len(tokens) or (tokens[j].used and not claimed) or tokens[j].word != word \
                or tokens[j].fragment != fragment:
            return None
        j += 1
    return j


def _phrase_at(tokens: list[Token], i: int, phrase: tuple[str, ...]) -> bool:
    return _phrase_end(tokens, i, phrase) is not None


def _fragment_words(tokens: list[Token], i: int) -> frozenset[str]:
    return tokens[i].clause
