"""Two scenarios side by side: which inputs differ, and what the difference did to the answer.

The line that says what changed the answer is found, not guessed: each differing input is tried
alone on the first scenario, and the one that by itself hands over the win (or moves tuning's
payback) is named. Pure: both reports are the caller's.
"""

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from adapt.engine.keys import FACT_OF_FACTOR, KEY_BY_NAME, KEYS
from adapt.engine.options import TUNING
from adapt.engine.prices import MODEL_PRICED
from adapt.engine.report import Report, evaluate
from adapt.engine.scenario import DEFAULT_FACTOR, Factor, Scenario, level_word
from adapt.engine.sentences import say
from adapt.engine.units import payback_when, pays_back_ever

# What moves with an input when it is tried alone: a fact's factor (keys.Sets), a model's own
# prices, the training cost computed from the data.
TRAINING_FROM = ("examples", "tokens_per_example", "epochs", "training_price")
FOLLOWERS: dict[str, tuple[str, ...]] = {
    **{fact: (factor,) for factor, fact in FACT_OF_FACTOR.items()}, "model": MODEL_PRICED}
for _key in TRAINING_FROM:
    FOLLOWERS[_key] = (*FOLLOWERS.get(_key, ()), "training")


class Difference(BaseModel):
    model_config = ConfigDict(defer_build=True)

    key: str  # the canonical key
    a: str  # its value in the first scenario, as a person would say it
    b: str


class Comparison(BaseModel):
    model_config = ConfigDict(defer_build=True)

    a: Report
    b: Report
    differences: list[Difference]
    summary: str  # one sentence: what changed the answer


def shown(key: str, value: Any) -> str:
    """A value as the comparison says it: 120k requests, $1,800, 90%, weekly, none (the key's
    row says how: keys.Key.shown)."""
    return KEY_BY_NAME[key].shown(value)


def _said_by_fact(scenario: Scenario, factor: str) -> bool:
    """Whether the fact's line says all there is to say of the factor here: the factor is what
    the fact reads as, or no fact was given (the factor is the default the fact replaces)."""
    fact = KEY_BY_NAME[FACT_OF_FACTOR[factor]]
    told = getattr(scenario, fact.name)
    assert fact.sets is not None  # a fact row
    return getattr(scenario, factor) == (DEFAULT_FACTOR if told is None else fact.sets.reads(told))


def differences(a: Scenario, b: Scenario) -> list[Difference]:
    """The inputs whose values differ, in the key table's order."""
    found = []
    for key in (k.name for k in KEYS):
        va, vb = getattr(a, key), getattr(b, key)
        if va == vb:
            continue
        fact = FACT_OF_FACTOR.get(key)  # a factor read from a differing fact is no difference
        if fact and getattr(a, fact) != getattr(b, fact) and _said_by_fact(a, key) \
                and _said_by_fact(b, key):
            continue
        found.append(Difference(key=key, a=shown(key, va), b=shown(key, vb)))
    return found


def _verb(a: Any, b: Any) -> str:
    if isinstance(a, int | float) and isinstance(b, int | float) and a != b:
        return say("compare.raising" if b > a else "compare.lowering")
    return say("compare.changing")


def _alone(a: Report, b: Report, diff: Difference, today: date | None) -> Report | None:
    """The first scenario with only this one input taken from the second; None when that
    input cannot stand alone (reduction beyond the first's extra tokens, say)."""
    keys = (diff.key, *FOLLOWERS.get(diff.key, ()))
    update = {key: getattr(b.scenario, key) for key in keys}
    try:
        scenario = Scenario.model_validate({**a.scenario.model_dump(), **update})
    except ValidationError:
        return None
    return evaluate(scenario, today, tipping=False)  # only its winner and payback are read


def _change(a: Report, b: Report, diff: Difference) -> str:
    before, after = getattr(a.scenario, diff.key), getattr(b.scenario, diff.key)
    verb = _verb(before, after)
    if diff.key in Factor.__members__.values():  # a factor: its level, never its 0-100 number
        levels = level_word(before).lower(), level_word(after).lower()
        if levels[0] == levels[1]:
            return say("compare.change.within", verb=verb, key=diff.key, level=levels[0])
        return say("compare.change", verb=verb, key=diff.key, a=levels[0], b=levels[1])
    return say("compare.change", verb=verb, key=diff.key, a=diff.a, b=diff.b)


def _ever(report: Report) -> bool:
    return pays_back_ever(report.cost.break_even_months, report.cost.horizon_months)


def _payback(report: Report) -> str:
    months = report.cost.break_even_months
    return payback_when(months) if months is not None and _ever(report) \
        else say("compare.never")


def _payback_moved(a: Report, b: Report) -> bool:
    """Whether the payback a person reads moved (two paybacks past reason are both "never"),
    where a tune can still be started (issue 26: never offered where it cannot)."""
    return (a.cost.break_even_months != b.cost.break_even_months) and (_ever(a) or _ever(b)) \
        and b.cost.tuned_path == "open"


def summary(a: Report, b: Report, diffs: list[Difference], today: date | None) -> str:
    """What changed the answer, in one sentence."""
    if not diffs:
        return say("compare.same_inputs", winner=a.winner.name)
    winner_moved = a.winner.option is not b.winner.option
    payback_moved = _payback_moved(a, b)
    for diff in diffs:  # the one input that does it alone, when there is one
        alone = _alone(a, b, diff, today)
        if alone is None:
            continue
        if winner_moved and alone.winner.option is b.winner.option:
            return say("compare.hands_over", change=_change(a, b, diff), a=a.winner.name,
                       b=b.winner.name)
        if not winner_moved and payback_moved and \
                alone.cost.break_even_months == b.cost.break_even_months:
            return _payback_line(a, b, _change(a, b, diff))
    if winner_moved:
        return say("compare.together", count=len(diffs), b=b.winner.name, a=a.winner.name)
    if payback_moved:
        return _payback_line(a, b, say("compare.with_changes", count=len(diffs)))
    if a.headline != b.headline:
        return say("compare.new_plan", winner=a.winner.name, headline=b.headline)
    return say("compare.same_winner", winner=a.winner.name,
               points=b.winner.score - a.winner.score)


def _payback_line(a: Report, b: Report, change: str) -> str:
    tuner = b.winner.name if b.winner.option in TUNING else say("compare.tuning")
    if not _ever(b):
        return say("compare.never_pays_back", change=change, tuner=tuner)
    if not _ever(a):
        return say("compare.pays_back.first", change=change, tuner=tuner, when=_payback(b))
    return say("compare.pays_back", change=change, tuner=tuner, when=_payback(b),
               before=_payback(a))


def compare(a: Scenario, b: Scenario, today: date | None = None) -> Comparison:
    first, second = evaluate(a, today), evaluate(b, today)
    return compared(first, second, today)


def compared(first: Report, second: Report, today: date | None = None) -> Comparison:
    """Two reports already made (a description's carries what it read)."""
    diffs = differences(first.scenario, second.scenario)
    return Comparison(a=first, b=second, differences=diffs,
                      summary=summary(first, second, diffs, today))
