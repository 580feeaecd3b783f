"""Scores from the weights table, kept as per-input contributions so rankings can be explained,
and which options may win at all."""

from typing import NamedTuple

from adapt.engine.availability import TuningStatus
from adapt.engine.costs import CostReport, workbench
from adapt.engine.options import OPTIONS, OptionId
from adapt.engine.scenario import Factor, Problem, Scenario
from adapt.engine.units import examples_for_data
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


def factor_knots(factor: Factor) -> list[float]:
    """Values where some option's factor_points changes slope (besides 0 and 100)."""
    if factor is not Factor.DATA:
        return []
    return sorted({gate.enough for gate in DATA_GATES.values() if 0.0 < gate.enough < 100.0})


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


class Blocked(NamedTuple):
    reason: str  # "unavailable", "retiring", "examples" or "payback"
    needs_examples: int | None  # for "examples": about how many labeled examples it needs


def blocked(scenario: Scenario, option: OptionId, cost: CostReport,
            tuning: TuningStatus | None = None, *, data: float | None = None) -> Blocked | None:
    """Why `option` cannot win here (None: it can). Tuning where the provider no longer takes
    tuning jobs, or the model has retired, cannot win at all (issue 12: "tuning cannot win where
    it is no longer offered"; the catalogue in engine/data/tuning.toml names each source). Tuning
    below its data minimum is "not justified" (provider guidance, weights.DATA_GATES); when the
    failure is cost, tuning that does not pay back within the horizon cannot win on cost
    grounds. `data`: judge at this data value instead of the scenario's (the tipping points'
    scan; nothing else here reads a factor)."""
    if option in PAYBACK_POINTS and tuning is not None and tuning.not_yet is not None:
        return Blocked("unavailable", None)
    if option in PAYBACK_POINTS and _retires_before_payback(tuning, cost):
        return Blocked("retiring", None)
    gate = DATA_GATES.get(option)
    if gate is not None and (scenario.data if data is None else data) < gate.enough:
        return Blocked("examples", examples_for_data(gate.enough))
    if (scenario.problem is Problem.COST and option in PAYBACK_POINTS
            and not cost.pays_back_in_horizon):
        return Blocked("payback", None)
    return None


def _retires_before_payback(tuning: TuningStatus | None, cost: CostReport) -> bool:
    """The tuned model shuts down within the horizon and before tuning has repaid itself: a
    run that cannot pay for itself in the model's lifetime is not worth starting (issue 12: "A
    break-even of 17.6 months on a model that retires in 7 weeks is not a break-even")."""
    return (tuning is not None and tuning.months_left is not None
            and tuning.months_left < cost.horizon_months and not cost.pays_back_in_horizon)


def eligibility(scenario: Scenario, cost: CostReport,
                tuning: TuningStatus | None = None) -> dict[OptionId, Blocked | None]:
    return {option: blocked(scenario, option, cost, tuning) for option in OPTIONS}


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
