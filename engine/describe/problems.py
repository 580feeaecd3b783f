"""The product failure (scenario.Problem): the strongest word wins, then the first; a word read
through a typo, said not to fail ("the tone is fine", "not worried about style", "no issues with
JSON") or the subject of a slow change counts for less or nothing, and its clause can say it is
the main failure ("mostly hallucinated facts") or a lesser one ("sometimes bad JSON"), which the
reply then notes."""

import math

from adapt.engine.describe.reading import _Found
from adapt.engine.describe.tokens import Token, _fragment_end, _fragment_start, _phrase_end
from adapt.engine.describe.words import (
    CADENCE_DAYS,
    DENIALS,
    DENYING_PHRASES,
    DETERMINERS,
    FINE_WORDS,
    FUZZY,
    JOINING_WORDS,
    KNOWLEDGE_SUBJECTS,
    LESSER,
    LESSER_WORDS,
    MAIN_WORDS,
    NEGATORS,
    PROBLEM_NOUNS,
    PROBLEM_WORDS,
    STRONG,
    WEAK,
    WRONG_GAP,
    WRONG_WHAT,
)
from adapt.engine.scenario import Problem
from adapt.engine.units import Cadence

_PROBLEMS_BY_FIRST: dict[str, list[tuple[tuple[str, ...], Problem, float]]] = {}
for _problem, _phrases in PROBLEM_WORDS.items():
    for _phrase, _strength in _phrases.items():
        _PROBLEMS_BY_FIRST.setdefault(_phrase[0], []).append((_phrase, _problem, _strength))
for _listed in _PROBLEMS_BY_FIRST.values():
    _listed.sort(key=lambda entry: -len(entry[0]))  # the longest phrase first


_SUBJECT_MOST = 4  # words of a clause that is only a subject ("the style")


def _problems(found: _Found) -> None:
    """The product failure: the strongest word wins, and the first of equally strong ones."""
    tokens = found.tokens
    lesser: list[tuple[int, Problem]] = []
    denials: dict[int, int | None] = {}  # fragment's first token -> its first denying phrase
    for i, token in enumerate(tokens):
        for phrase, problem, strength in _PROBLEMS_BY_FIRST.get(token.word, ()):
            stop = _phrase_end(tokens, i, phrase)
            if stop is None:
                continue
            strength = _in_context(found, i, phrase, problem, strength)
            if any(t.fuzzy for t in tokens[i:stop]):
                strength = min(strength, FUZZY)
            if _denied(tokens, i, stop, denials):
                strength = 0.0
            emphasis = _emphasis(tokens, i)
            if strength > 0 and emphasis < 0:
                strength *= LESSER
                lesser.append((i, problem))
            elif strength > 0 and emphasis > 0:
                strength += STRONG
            if strength > 0:
                found.problems.append((strength, i, problem))
            found.claim(i, stop)
            break
    _wrong_what(found)
    if found.problems and "problem" not in found.pairs:  # (pairs given as KEY=VALUE win later)
        best = max(found.problems, key=lambda hit: (hit[0], -hit[1]))
        found.pairs["problem"] = best[2].value
        found.where["problem"] = best[1]
        for i, problem in lesser:
            if problem is not best[2]:
                found.notes.append((i, f"noted: a lesser failure, {problem.value}"))


def _wrong_what(found: _Found) -> None:
    """"the wrong plan limits" (knowledge), "to the wrong team" (domain): "wrong" and, a few
    words on in its clause, what is wrong (words.WRONG_WHAT)."""
    tokens = found.tokens
    for i, token in enumerate(tokens):
        if token.word != "wrong" or token.used:
            continue
        for j in range(i + 1, min(token.stop, i + WRONG_GAP + 2)):
            problem = next((p for p, nouns in WRONG_WHAT.items() if tokens[j].word in nouns), None)
            if problem is not None:
                found.problems.append((STRONG, i, problem))
                found.claim(i, j + 1)
                break


def _emphasis(tokens: list[Token], i: int) -> int:
    """+1 in a clause that says it is the main failure ("mostly", "mainly", "the biggest"), -1
    in one that says it is a lesser one ("sometimes", "occasionally", "minor"), else 0."""
    words = tokens[i].clause
    return (1 if words & MAIN_WORDS else 0) - (1 if words & LESSER_WORDS else 0)


def _denied(tokens: list[Token], start: int, stop: int, denials: dict[int, int | None]) -> bool:
    """"no JSON issues", "not the tone", "not worried about style", "no issues with JSON",
    "the tone is fine", "tone isn't the issue", "style and format are fine": a failure word
    said not to fail (see words.DENYING_PHRASES)."""
    first = _fragment_start(tokens, start)
    j = start - 1
    while j > first and tokens[j].word in DETERMINERS:
        j -= 1
    if j >= first and tokens[j].word in DENIALS:
        return True
    if first not in denials:  # once per fragment, so a long clause is read in linear time
        denials[first] = _first_denial(tokens, first)
    denial = denials[first]
    if denial is not None and denial < start:
        return True
    return _denied_after(tokens, stop)


def _first_denial(tokens: list[Token], first: int) -> int | None:
    """Where the fragment starting at token `first` first says "not worried about", "no issues
    with"... (words.DENYING_PHRASES), or None."""
    return next((k for k in range(first, tokens[first].stop) for phrase in DENYING_PHRASES
                 if tokens[k].word == phrase[0]
                 and _phrase_end(tokens, k, phrase, claimed=True) is not None), None)


def _denied_after(tokens: list[Token], stop: int, joins: int = 3) -> bool:
    """What the clause says after the failure word: "is fine" (not "is not good"), "isn't the
    issue"; and for a clause that is only a subject, what is said of the subject "and" joins it
    to ("style and format are fine", not "answers are stale and the tone is ok")."""
    end = _fragment_end(tokens, stop - 1)
    for j in range(stop, min(end, stop + 4)):
        negated = j > stop and tokens[j - 1].word in NEGATORS
        if tokens[j].word in FINE_WORDS and not negated:
            return True
        if tokens[j].word in NEGATORS and any(
                tokens[k].word in PROBLEM_NOUNS for k in range(j + 1, min(end, j + 4))):
            return True
    first = tokens[stop - 1].first
    joined_on = joins and end < len(tokens) and tokens[end].word in JOINING_WORDS
    if joined_on and end - first <= _SUBJECT_MOST and all(  # the clause is only a subject
            token.word in DETERMINERS or token.word in _PROBLEMS_BY_FIRST
            for token in tokens[first:end]):
        joined = next((k for k in range(end + 1, min(tokens[end].stop, end + 3))
                       if tokens[k].word in _PROBLEMS_BY_FIRST), None)
        return joined is not None and _denied_after(tokens, joined + 1, joins - 1)
    return False


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
