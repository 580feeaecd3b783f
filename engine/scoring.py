"""Scores from the weights table, kept as per-input contributions so rankings can be explained."""

from adapt.engine.options import OPTIONS, OptionId
from adapt.engine.scenario import Factor, Scenario
from adapt.engine.weights import BASE, DATA_GATES, FACTOR_WEIGHTS, PROBLEM_FIT

BASE_KEY = "base"
PROBLEM_KEY = "problem"


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


def contributions(scenario: Scenario, option: OptionId) -> dict[str, float]:
    """Every term of the option's score, keyed "base", "problem" and the factor names."""
    terms = {BASE_KEY: BASE[option], PROBLEM_KEY: PROBLEM_FIT[scenario.problem][option]}
    for factor, key in _FACTOR_KEYS:
        terms[key] = factor_points(option, factor, getattr(scenario, key))
    return terms


def raw_score(scenario: Scenario, option: OptionId) -> float:
    return sum(contributions(scenario, option).values())


def shown_score(raw: float) -> float:
    """The 0-100 score people see; ranking uses the raw sum so clamped options stay ordered."""
    return min(100.0, max(0.0, raw))


def raw_scores(scenario: Scenario) -> dict[OptionId, float]:
    return {option: raw_score(scenario, option) for option in OPTIONS}


def rank(raw: dict[OptionId, float]) -> list[OptionId]:
    """Best first; ties keep catalogue order (simpler, cheaper paths are listed first)."""
    return sorted(OPTIONS, key=lambda option: (-raw[option], OPTIONS.index(option)))
