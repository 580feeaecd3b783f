"""Factor phrases: a subject and a level word in one fragment ("high traffic", "little data"),
and how long a prompt may be ("long prompts are fine", "the prompt is too long")."""

from adapt.engine.describe.reading import _Found
from adapt.engine.describe.tokens import Token, _fragment_end, _fragment_start, _phrase_at, _words
from adapt.engine.describe.words import (
    FINE_WORDS,
    LEVEL_SUBJECTS,
    LEVEL_WORDS,
    LONG_PROMPTS,
    SCALE_WORDS,
    STRONG,
)
from adapt.engine.keys import FACT_OF_FACTOR
from adapt.engine.scenario import Problem


def _level_near(tokens: list[Token], i: int, levels: dict[str, frozenset[str]]
                ) -> tuple[str, int] | None:
    start, end = _fragment_start(tokens, i), _fragment_end(tokens, i)
    for j in sorted(range(max(start, i - 3), min(end, i + 4)), key=lambda j: abs(j - i)):
        if tokens[j].used or j == i:
            continue
        for level, words in levels.items():
            if tokens[j].word in words and not (
                    tokens[j].word == "few" and j + 1 < end
                    and tokens[j + 1].word in SCALE_WORDS):
                return level, j
    return None


def _levels(found: _Found) -> None:
    """"high traffic", "lots of labeled data", "little data": a factor's level word."""
    tokens = found.tokens
    for factor, levels in LEVEL_WORDS.items():
        if FACT_OF_FACTOR[factor] in found.pairs or factor in found.pairs:
            continue
        for i, token in enumerate(tokens):
            if token.used or token.word not in LEVEL_SUBJECTS[factor]:
                continue
            level = _level_near(tokens, i, levels)
            if level is not None:
                found.set(factor, level[0], min(i, level[1]), max(i, level[1]) + 1)
                break


def _tolerance(found: _Found) -> None:
    """"long prompts are fine" -> tolerance=high; "the prompt is too long" -> low."""
    tokens = found.tokens
    for i in range(len(tokens)):
        for phrase in LONG_PROMPTS:
            if tokens[i].word == phrase[0] and _phrase_at(tokens, i, phrase):
                end = _fragment_end(tokens, i)
                fine = [j for j in range(i + 2, min(end, i + 6)) if tokens[j].word in FINE_WORDS]
                if fine:
                    found.set("tolerance", "high", i, fine[0] + 1)
                    return
    for i, token in enumerate(tokens):
        if token.word in ("prompt", "prompts") and not token.used:
            end = _fragment_end(tokens, i)
            words = _words(tokens, i + 1, min(end, i + 5))
            if "too" in words and "long" in words:
                found.set("tolerance", "low", i, i + 1)
                found.problems.append((STRONG, i, Problem.COST))
                return
