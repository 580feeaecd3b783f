"""Scores from the weights table, kept as per-input contributions so rankings can be explained.

The score is the decision's third step, fit: it ranks the options that can fix the failure
(engine/capability.py) and can start now (engine/feasibility.py); it never carries an option past
either."""


from adapt.engine.costs import CostReport, workbench
from adapt.engine.options import OPTIONS, OptionId
from adapt.engine.scenario import Factor, Scenario
from adapt.engine.weights import (
    BASE,
    DATA_GATES,
    FACTOR_WEIGHTS,
    PAYBACK_CEILING,
    PAYBACK_FLOOR,
    PAYBACK_POINTS,
    PROBLEM_FIT,
)

BASE_KEY = "base"
PROBLEM_KEY = "problem"
PAYBACK_KEY = "payback"


_DATA = Factor.DATA


def factor_points(option: OptionId, factor: Factor, value: float) -> float:
    """Points `option` gets from one factor at `value` (0-100)."""
    points = FACTOR_WEIGHTS[option][factor] * (value - 50.0) / 50.0
    if factor is _DATA and option in DATA_GATES:
        gate = DATA_GATES[option]
        if value < gate.enough:
            points -= gate.penalty * (gate.enough - value) / gate.enough
    return points


_FACTOR_KEYS = [(factor, str(factor.value)) for factor in Factor]  # enum .value is slow


def payback_share(cost: CostReport) -> float:
    """+0.5 when tuning pays for itself at once, 0 at the horizon, -1 at twice the horizon, and
    -2 at three horizons or never (see weights.PAYBACK_POINTS). The horizon is the payback
    horizon: shorter than the comparison horizon when the tuned model retires sooner."""
    if cost.break_even_months is None or cost.payback_horizon_months <= 0:
        return PAYBACK_FLOOR
    horizons = cost.break_even_months / cost.payback_horizon_months
    if horizons <= 1:
        return PAYBACK_CEILING * (1.0 - horizons)
    return max(PAYBACK_FLOOR, 1.0 - horizons)


def contributions(scenario: Scenario, option: OptionId, payback: float) -> dict[str, float]:
    """Every term of the option's score, keyed "base", "problem", the factor names and
    "payback" (`payback` is payback_share of the scenario's cost)."""
    terms = {BASE_KEY: BASE[option], PROBLEM_KEY: PROBLEM_FIT[scenario.problem][option]}
    for factor, key in _FACTOR_KEYS:
        terms[key] = factor_points(option, factor, getattr(scenario, key))
    terms[PAYBACK_KEY] = PAYBACK_POINTS.get(option, 0.0) * payback
    return terms


def raw_score(scenario: Scenario, option: OptionId, payback: float) -> float:
    return sum(contributions(scenario, option, payback).values())


def shown_score(raw: float) -> float:
    """The 0-100 score people see; ranking uses the raw sum so clamped options stay ordered."""
    return min(100.0, max(0.0, raw))


def raw_scores(scenario: Scenario, cost: CostReport | None = None) -> dict[OptionId, float]:
    payback = payback_share(cost or workbench(scenario))
    return {option: raw_score(scenario, option, payback) for option in OPTIONS}


def rank(raw: dict[OptionId, float], out: frozenset[OptionId] = frozenset()) -> list[OptionId]:
    """Best first, options that cannot win (`out`) after all that can; ties keep catalogue order
    (simpler, cheaper paths are listed first)."""
    return sorted(OPTIONS, key=lambda o: (o in out, -raw[o], OPTIONS.index(o)))


def tiered(raw: dict[OptionId, float], tiers: list[frozenset[OptionId]]) -> list[OptionId]:
    """Best first within each tier, the tiers in their order (an option in no tier comes last):
    the ranking people see, which can start now, then what waits, then what cannot fix it."""
    def tier(option: OptionId) -> int:
        return next((i for i, members in enumerate(tiers) if option in members), len(tiers))
    return sorted(OPTIONS, key=lambda o: (tier(o), -raw[o], OPTIONS.index(o)))
