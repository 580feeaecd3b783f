"""The product failure (scenario.Problem): the strongest word wins, then the first; a word read
through a typo, said not to fail ("the tone is fine") or the subject of a slow change counts
for less or nothing."""

import math

from adapt.engine.describe.reading import _Found
from adapt.engine.describe.tokens import Token, _fragment_end, _fragment_start, _phrase_end
from adapt.engine.describe.words import (
    CADENCE_DAYS,
    DENIALS,
    FINE_WORDS,
    FUZZY,
    KNOWLEDGE_SUBJECTS,
    PROBLEM_WORDS,
    WEAK,
)
from adapt.engine.scenario import Problem
from adapt.engine.units import Cadence

_PROBLEMS_BY_FIRST: dict[str, list[tuple[tuple[str, ...], Problem, float]]] = {}
for _problem, _phrases in PROBLEM_WORDS.items():
    for _phrase, _strength in _phrases.items():
        _PROBLEMS_BY_FIRST.setdefault(_phrase[0], []).append((_phrase, _problem, _strength))
for _listed in _PROBLEMS_BY_FIRST.values():
    _listed.sort(key=lambda entry: -len(entry[0]))  # the longest phrase first


def _problems(found: _Found) -> None:
    """The product failure: the strongest word wins, and the first of equally strong ones."""
    tokens = found.tokens
    for i, token in enumerate(tokens):
        for phrase, problem, strength in _PROBLEMS_BY_FIRST.get(token.word, ()):
            stop = _phrase_end(tokens, i, phrase)
            if stop is None:
                continue
            strength = _in_context(found, i, phrase, problem, strength)
            if any(t.fuzzy for t in tokens[i:stop]):
                strength = min(strength, FUZZY)
            if _denied(tokens, i, stop):
                strength = 0.0
            if strength > 0:
                found.problems.append((strength, i, problem))
            found.claim(i, stop)
            break
    if found.problems and "problem" not in found.pairs:  # (pairs given as KEY=VALUE win later)
        best = max(found.problems, key=lambda hit: (hit[0], -hit[1]))
        found.pairs["problem"] = best[2].value


def _denied(tokens: list[Token], start: int, stop: int) -> bool:
    """"no JSON issues", "not the tone", "the tone is fine": a failure word said not to fail."""
    first, end = _fragment_start(tokens, start), _fragment_end(tokens, start)
    if start > first and tokens[start - 1].word in DENIALS:
        return True
    return any(tokens[j].word in FINE_WORDS for j in range(stop, min(end, stop + 3)))


def _in_context(found: _Found, i: int, phrase: tuple[str, ...], problem: Problem,
                strength: float) -> float:
    """A word's strength where it stands. What changes in a change statement ("facts never
    change", "policies change weekly") is its subject, not the failure: slow changes say
    knowledge is no problem (0), fast ones only lean towards it (WEAK)."""
    if problem is not Problem.KNOWLEDGE or phrase[0] not in KNOWLEDGE_SUBJECTS:
        return strength
    cadence = found.cadences.get(found.tokens[i].fragment)
    if cadence is None:
        return strength
    return 0.0 if CADENCE_DAYS.get(cadence, math.inf) >= CADENCE_DAYS[Cadence.QUARTERLY] \
        else min(strength, WEAK)
