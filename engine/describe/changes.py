"""How often things change: a cadence beside a change word is `changes` ("policies change
weekly", "facts never change"); beside requirements it is the `stability` factor, as are
"requirements are stable" and "the spec keeps changing"."""

import math

from adapt.engine.describe.reading import _Found
from adapt.engine.describe.tokens import (
    Token,
    _fragment_end,
    _fragment_start,
    _fragment_words,
    _phrase_end,
)
from adapt.engine.describe.words import (
    CADENCE_ADVERBS,
    CADENCE_DAYS,
    CADENCE_LEADS,
    CADENCE_OF_UNIT,
    CADENCE_PHRASES,
    CHANGE_WORDS,
    NEGATED_CHANGE,
    NEGATIONS,
    NOT_AUXILIARIES,
    PROBLEM_OF_REQUIREMENTS,
    REQUIREMENT_WORDS,
    STABLE_WORDS,
    UNSTABLE_WORDS,
    WEAK,
)
from adapt.engine.units import Cadence


def _nearest_cadence(days: float) -> Cadence:
    return min(CADENCE_DAYS, key=lambda c: abs(math.log(max(days, 1e-6) / CADENCE_DAYS[c])))


def _cadence_at(tokens: list[Token], i: int) -> tuple[Cadence, int] | None:
    """A cadence expression at token i: "weekly", "every week", "once a month", "real time"."""
    token = tokens[i]
    if token.used:
        return None
    if token.word in CADENCE_ADVERBS:
        return CADENCE_ADVERBS[token.word], i + 1
    for phrase, cadence in CADENCE_PHRASES.items():
        if token.word != phrase[0]:
            continue
        stop = _phrase_end(tokens, i, phrase)
        if stop is not None:
            return cadence, stop
    if token.word in CADENCE_LEADS:
        j = i + 1
        if token.word in ("once", "twice") and j < len(tokens) and tokens[j].word in ("a", "per"):
            j += 1
        if j < len(tokens) and not tokens[j].used and tokens[j].word in CADENCE_OF_UNIT \
                and tokens[j].fragment == token.fragment:
            cadence = CADENCE_OF_UNIT[tokens[j].word]
            if token.word == "twice":
                cadence = _nearest_cadence(CADENCE_DAYS[cadence] / 2)
            return cadence, j + 1
    return None


def _cadence_fact(found: _Found, cadence: Cadence, start: int, stop: int) -> None:
    """How often something changes: facts -> `changes`, requirements -> `stability`; a
    cadence beside neither ("2M requests monthly" was claimed earlier) says nothing."""
    words = _fragment_words(found.tokens, start)
    if words & REQUIREMENT_WORDS:
        slow = CADENCE_DAYS.get(cadence, math.inf) >= CADENCE_DAYS[Cadence.QUARTERLY]
        _stability(found, "high" if slow else "low", start, stop)
    elif words & CHANGE_WORDS:
        found.set("changes", cadence.value, start, stop)
        found.cadences.setdefault(found.tokens[start].fragment, cadence)


def _cadences(found: _Found) -> None:
    """"policies change weekly", "the docs are updated daily", "facts never change"."""
    tokens = found.tokens
    for i in range(len(tokens)):
        at = _cadence_at(tokens, i)
        if at is None:
            continue
        cadence, stop = at
        _cadence_fact(found, cadence, i, stop)  # says something only beside a change word
    for i, token in enumerate(tokens):  # "the facts don't change" -> never
        if token.used or token.word not in NOT_AUXILIARIES:
            continue
        if i + 1 < len(tokens) and tokens[i + 1].word in ("change", "changes", "move") \
                and not tokens[i + 1].used and tokens[i + 1].fragment == token.fragment:
            _cadence_fact(found, Cadence.NEVER, i, i + 2)


def _stability(found: _Found, level: str, start: int, stop: int) -> None:
    found.set("stability", level, start, stop)
    if level == "low":
        found.problems.append((WEAK, start, PROBLEM_OF_REQUIREMENTS))


_NEAR = 8  # tokens either side of "requirements" its stability word may stand


def _requirements(found: _Found) -> None:
    """"requirements are stable" -> stability=high; "the spec keeps changing" -> low."""
    tokens = found.tokens
    for i, token in enumerate(tokens):
        if token.word not in REQUIREMENT_WORDS or "stability" in found.pairs:
            continue
        start, end = _fragment_start(tokens, i), _fragment_end(tokens, i)
        for j in range(max(start, i - _NEAR), min(end, i + _NEAR + 1)):  # near it: linear time
            word = tokens[j].word
            if tokens[j].used or word not in STABLE_WORDS | UNSTABLE_WORDS:
                continue
            negated = j > start and tokens[j - 1].word in NEGATIONS | NEGATED_CHANGE
            level = "high" if (word in STABLE_WORDS) != negated else "low"
            found.claim(i, i + 1)
            _stability(found, level, min(i, j - negated), max(i, j) + 1)
            break
