"""Tipping points: for each factor, the nearest value in each direction where the winner changes.

Every score is piecewise linear in one factor (linear weights plus the data gates' single knot),
so the first value where another option overtakes the winner is found exactly, segment by segment,
with no sampling.
"""

from pydantic import BaseModel

from adapt.engine.options import OPTIONS, OptionId, option_name
from adapt.engine.scenario import Factor, Scenario
from adapt.engine.scoring import factor_knots, factor_points, rank


class Tip(BaseModel):
    at: float  # the factor value at which `option` takes the lead
    option: OptionId
    name: str


class TippingPoint(BaseModel):
    factor: Factor
    value: float
    below: Tip | None  # lowering the factor past `below.at` hands the win to `below.option`
    above: Tip | None  # raising it past `above.at` does the same for `above.option`


_NUDGE = 1e-6


class _Line:
    """The raw scores of every option as one factor moves, all else held."""

    def __init__(self, scenario: Scenario, factor: Factor, raw: dict[OptionId, float]) -> None:
        here = scenario.factor(factor)
        self.factor = factor
        self.rest = {o: raw[o] - factor_points(o, factor, here) for o in OPTIONS}

    def at(self, option: OptionId, value: float) -> float:
        return self.rest[option] + factor_points(option, self.factor, value)

    def leader(self, value: float) -> OptionId:
        return rank({o: self.at(o, value) for o in OPTIONS})[0]


def _overtake(line: _Line, winner: OptionId, start: float, end: float) -> float | None:
    """Where, moving from start to end, some option first rises above the winner (None: never).
    Scores are linear between start and end, so each gap is a straight line."""
    at_start = {o: line.at(o, start) for o in OPTIONS}
    at_end = {o: line.at(o, end) for o in OPTIONS}
    first: float | None = None
    for option in OPTIONS:
        if option is winner:
            continue
        gap_start = at_start[option] - at_start[winner]
        gap_end = at_end[option] - at_end[winner]
        if gap_end <= 0 or gap_end <= gap_start:
            continue
        crossing = start + (end - start) * max(0.0, -gap_start) / (gap_end - gap_start)
        if first is None or abs(crossing - start) < abs(first - start):
            first = crossing
    return first


def _first_change(line: _Line, winner: OptionId, here: float, upward: bool) -> Tip | None:
    knots = factor_knots(line.factor)
    stops = [k for k in knots if k > here] + [100.0] if upward else \
        [k for k in reversed(knots) if k < here] + [0.0]
    start = here
    for stop in stops:
        if stop == start:
            continue
        crossing = _overtake(line, winner, start, stop)
        if crossing is not None:
            probe = min(100.0, crossing + _NUDGE) if upward else max(0.0, crossing - _NUDGE)
            new_leader = line.leader(probe)
            if new_leader is not winner:
                return Tip(at=crossing, option=new_leader, name=option_name(new_leader))
        start = stop
    return None


def tipping_points(scenario: Scenario, raw: dict[OptionId, float]) -> list[TippingPoint]:
    winner = rank(raw)[0]
    points = []
    for factor in Factor:
        line = _Line(scenario, factor, raw)
        here = scenario.factor(factor)
        points.append(TippingPoint(
            factor=factor, value=here,
            below=_first_change(line, winner, here, upward=False),
            above=_first_change(line, winner, here, upward=True),
        ))
    return points
