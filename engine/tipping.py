"""Tipping points: for each factor, the nearest value in each direction where the winner changes.

Every score is piecewise linear in one factor (linear weights plus the data gates' knots), and
which options may lead changes only at knots too (the data gates, the stability a tune needs:
feasibility.knots), so the first crossing is found exactly, segment by segment. A tip
is then reported at the first value a person can type (one decimal) that really hands the win to
another option; a band narrower than that is skipped, not shown. Where the factor came from a
fact, the tip also says it in that fact's units (labeled examples, requests a month, a cadence),
each checked by re-scoring at that value.
"""

import math
from collections.abc import Callable, Iterable
from functools import partial

from pydantic import BaseModel, ConfigDict

from adapt.engine.availability import TuningStatus
from adapt.engine.costs import CostReport, workbench
from adapt.engine.feasibility import knots, out_of_the_running
from adapt.engine.options import OPTIONS, OptionId, option_name
from adapt.engine.scenario import Factor, Scenario
from adapt.engine.scoring import contributions, factor_points, payback_share, rank, raw_score
from adapt.engine.units import (
    CADENCE_FRESHNESS,
    Cadence,
    data_for_examples,
    examples_for_data,
    requests_for_volume,
    volume_for_requests,
)

STEP = 0.1  # the precision tips are typed and shown at
MAX_BANDS = 20  # closed bands skipped before giving up on a direction


class Tip(BaseModel):
    model_config = ConfigDict(defer_build=True)

    at: float  # the first typeable factor value (0-100) at which `option` leads
    option: OptionId
    name: str
    at_examples: int | None = None  # the same tip in labeled examples, when data came from them
    at_requests: float | None = None  # in requests a month, when volume came from requests
    at_changes: str | None = None  # as a cadence, when freshness came from one


class TippingPoint(BaseModel):
    model_config = ConfigDict(defer_build=True)

    factor: Factor
    value: float
    below: Tip | None  # at or below `below.at`, the win goes to `below.option`
    above: Tip | None  # at or above `above.at`, the win goes to `above.option`


# The factors feasibility reads (feasibility.blocks' `data=` and `stability=`): moving one of
# them can change which options may lead; no other factor can.
_FEASIBILITY_FACTORS = (Factor.DATA, Factor.STABILITY)


def _out_at(scenario: Scenario, cost: CostReport, tuning: TuningStatus | None, factor: Factor,
            value: float) -> frozenset[OptionId]:
    return out_of_the_running(scenario, cost, tuning, **{factor.value: value})


class _Line:
    """The raw scores of every option as one factor moves, all else held."""

    def __init__(self, scenario: Scenario, factor: Factor, raw: dict[OptionId, float],
                 out: frozenset[OptionId], cost: CostReport, tuning: TuningStatus | None) -> None:
        here = scenario.factor(factor)
        self.factor = factor
        self.rest = {o: raw[o] - factor_points(o, factor, here) for o in OPTIONS}
        self.fixed_out = out
        self.moves_out = factor in _FEASIBILITY_FACTORS
        self.scenario, self.cost, self.tuning = scenario, cost, tuning

    def at(self, option: OptionId, value: float) -> float:
        return self.rest[option] + factor_points(option, self.factor, value)

    def out(self, value: float) -> frozenset[OptionId]:
        if not self.moves_out:
            return self.fixed_out
        return _out_at(self.scenario, self.cost, self.tuning, self.factor, value)

    def leader(self, value: float) -> OptionId:
        return rank({o: self.at(o, value) for o in OPTIONS}, self.out(value))[0]


def _overtake(line: _Line, winner: OptionId, start: float, end: float) -> float | None:
    """Where, moving from start to end, an option that may win there first rises above the winner
    (None: never). Scores are linear between start and end, so each gap is a straight line."""
    out = line.out((start + end) / 2)
    first: float | None = None
    for option in OPTIONS:
        if option is winner or option in out:
            continue
        gap_start = line.at(option, start) - line.at(winner, start)
        gap_end = line.at(option, end) - line.at(winner, end)
        if gap_end <= 0 or gap_end <= gap_start:
            continue
        crossing = start + (end - start) * max(0.0, -gap_start) / (gap_end - gap_start)
        if first is None or abs(crossing - start) < abs(first - start):
            first = crossing
    return first


def _next_crossing(line: _Line, winner: OptionId, start: float, upward: bool) -> float | None:
    knots_ = knots(line.factor)
    stops = [k for k in knots_ if k > start] + [100.0] if upward else \
        [k for k in reversed(knots_) if k < start] + [0.0]
    for stop in stops:
        if stop != start:
            if winner in line.out((start + stop) / 2):
                return start  # the winner itself may not win past this knot
            crossing = _overtake(line, winner, start, stop)
            if crossing is not None:
                return crossing
            if line.leader(stop) is not winner:  # eligibility can flip at a knot
                return stop
        start = stop
    return None


def _typeable(value: float, upward: bool) -> float:
    scaled = value / STEP
    return round((math.ceil(scaled - 1e-9) if upward else math.floor(scaled + 1e-9)) * STEP, 1)


def _first_change(line: _Line, winner: OptionId, here: float, upward: bool,
                  check: Callable[[float], OptionId]) -> Tip | None:
    """`check(value)` re-scores the scenario at `value` as evaluate does, so a tip reported is
    one that holds exactly (the line's running sums can differ from it in the last bit at a
    tie)."""
    start = here
    for _ in range(MAX_BANDS):
        crossing = _next_crossing(line, winner, start, upward)
        if crossing is None:
            return None
        typed = _typeable(crossing, upward)
        if typed == start:
            typed = round(typed + (STEP if upward else -STEP), 1)
        if not 0.0 <= typed <= 100.0:
            return None
        leader = check(typed)
        if leader is not winner:
            return Tip(at=typed, option=leader, name=option_name(leader))
        start = typed  # the band closed before a typeable value: look past it
    return None


class _Rescore:
    """The winner with one factor moved, exactly as evaluate would find it, without building the
    changed scenario: the cost reads no factor (requests, tokens, prices and the horizon), so
    it and the payback term stay the scenario's own; each option's score is the same terms
    summed in the same order with the one factor's term replaced, so it is bit for bit what
    raw_score gives the changed scenario; and feasibility reads only data and stability."""

    def __init__(self, scenario: Scenario, cost: CostReport, out: frozenset[OptionId],
                 tuning: TuningStatus | None) -> None:
        self.scenario, self.cost, self.out, self.tuning = scenario, cost, out, tuning
        payback = payback_share(cost)
        terms = {o: contributions(scenario, o, payback) for o in OPTIONS}
        self.terms = {o: list(named.values()) for o, named in terms.items()}
        keys = list(terms[OPTIONS[0]])
        self.index = {factor: keys.index(str(factor.value)) for factor in Factor}

    def __call__(self, factor: Factor, value: float) -> OptionId:
        index, raw = self.index[factor], {}
        for option, terms in self.terms.items():
            moved = terms.copy()
            moved[index] = factor_points(option, factor, value)
            raw[option] = sum(moved)
        out = self.out if factor not in _FEASIBILITY_FACTORS else \
            _out_at(self.scenario, self.cost, self.tuning, factor, value)
        return rank(raw, out)[0]


def _leader_with(changed: Scenario, tuning: TuningStatus | None) -> OptionId:
    """The winner of a changed scenario, with cost re-derived, as evaluate would find it."""
    cost: CostReport = workbench(changed, tuning)
    payback = payback_share(cost)
    raw = {o: raw_score(changed, o, payback) for o in OPTIONS}
    return rank(raw, out_of_the_running(changed, cost, tuning))[0]


def _in_examples(scenario: Scenario, tip: Tip, upward: bool,
                 tuning: TuningStatus | None) -> int | None:
    if scenario.examples is None or scenario.data != data_for_examples(scenario.examples):
        return None
    # Up: the fewest examples that read as `at`; down: the most that read below `at` + STEP.
    count = examples_for_data(tip.at) if upward else examples_for_data(tip.at + STEP) - 1
    if count < 0:
        return None
    holds = _leader_with(scenario.with_examples(count), tuning)
    return count if holds is tip.option else None


def _in_requests(scenario: Scenario, tip: Tip, upward: bool,
                 tuning: TuningStatus | None) -> float | None:
    if scenario.volume != volume_for_requests(scenario.requests):
        return None
    count = requests_for_volume(tip.at)
    if upward and volume_for_requests(count) < tip.at:
        count = float(f"{count * 1.01:.3g}")
    changed = scenario.model_copy(update={"requests": count,
                                          "volume": volume_for_requests(count)})
    holds = _leader_with(changed, tuning)
    return count if holds is tip.option else None


def _in_changes(scenario: Scenario, line: _Line, tip: Tip, upward: bool) -> str | None:
    if scenario.changes is None or scenario.freshness != CADENCE_FRESHNESS[scenario.changes]:
        return None
    here = scenario.freshness
    ahead = sorted((c for c in Cadence if (CADENCE_FRESHNESS[c] > here) == upward
                    and CADENCE_FRESHNESS[c] != here),
                   key=lambda c: abs(CADENCE_FRESHNESS[c] - here))
    for cadence in ahead:
        leader = line.leader(CADENCE_FRESHNESS[cadence])
        if leader is not line.leader(here):
            return cadence.value if leader is tip.option else None
    return None


def _in_units(scenario: Scenario, line: _Line, tip: Tip | None, upward: bool,
              tuning: TuningStatus | None) -> Tip | None:
    if tip is None:
        return None
    if line.factor is Factor.DATA:
        tip.at_examples = _in_examples(scenario, tip, upward, tuning)
    elif line.factor is Factor.VOLUME:
        tip.at_requests = _in_requests(scenario, tip, upward, tuning)
    elif line.factor is Factor.FRESHNESS:
        tip.at_changes = _in_changes(scenario, line, tip, upward)
    return tip


def tipping_points(scenario: Scenario, raw: dict[OptionId, float], out: frozenset[OptionId],
                   cost: CostReport, tuning: TuningStatus | None = None,
                   factors: Iterable[Factor] = tuple(Factor)) -> list[TippingPoint]:
    """`cost` is the scenario's own (no factor changes it, so it fixes which options are out on
    cost grounds); `tuning` is what evaluate was told about the model (no factor changes it);
    `factors`: the factors to scan, in this order (each is found independently)."""
    winner = rank(raw, out)[0]
    rescore = _Rescore(scenario, cost, out, tuning)
    points = []
    for factor in factors:
        line = _Line(scenario, factor, raw, out, cost, tuning)
        here = scenario.factor(factor)
        check = partial(rescore, factor)
        below = _first_change(line, winner, here, upward=False, check=check)
        above = _first_change(line, winner, here, upward=True, check=check)
        points.append(TippingPoint(
            factor=factor, value=here,
            below=_in_units(scenario, line, below, upward=False, tuning=tuning),
            above=_in_units(scenario, line, above, upward=True, tuning=tuning),
        ))
    return points
