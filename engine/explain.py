"""Why the ranking is what it is: reasons measured from the scores' own contributions."""

from pydantic import BaseModel, ConfigDict

from adapt.engine.costs import CostReport
from adapt.engine.options import TUNING, OptionId
from adapt.engine.scenario import Factor, Problem, Scenario
from adapt.engine.scoring import BASE_KEY, PAYBACK_KEY, PROBLEM_KEY
from adapt.engine.sentences import SENTENCES, problem_reason_id, reason_id, say
from adapt.engine.units import break_even_text, compact_count, payback_when

# Contributions smaller than this are noise, not a reason.
MIN_REASON_POINTS = 0.5
MAX_FACTOR_REASONS = 3


class Reason(BaseModel):
    model_config = ConfigDict(defer_build=True)

    input: str  # "problem", "payback" or a factor name
    value: str  # the input's value as given, e.g. "84" or "style"
    points: float  # how many points of the lead this input accounts for
    text: str


def lead_by_input(ahead: dict[str, float], behind: dict[str, float]) -> dict[str, float]:
    """Points each input gives `ahead` over `behind` (the prior, "base", is not an input)."""
    return {key: ahead[key] - behind[key] for key in ahead if key != BASE_KEY}


def _factor_text(factor: Factor, high: bool, winner: OptionId) -> str:
    sentence = reason_id(factor, high)
    if winner not in TUNING and f"{sentence}.untrained" in SENTENCES:
        return say(f"{sentence}.untrained")
    return say(sentence)


def _problem_text(problem: Problem, winner: OptionId) -> str:
    sentence = problem_reason_id(problem)
    specific = f"{sentence}.{winner.value}"
    return say(specific if specific in SENTENCES else sentence)


def _argues_for(key: str, lead: dict[str, float], own: dict[str, float]) -> bool:
    """An input is a reason for the winner when it widens the lead and counts for the winner
    itself, not merely against the runner-up (which may lose more on the same input)."""
    return lead[key] >= MIN_REASON_POINTS and own[key] > 0


def _payback_reason(winner: OptionId, lead: dict[str, float], own: dict[str, float],
                    cost: CostReport, requests: float) -> Reason | None:
    """Cost as a reason: tuning that pays back for a tuned winner; tuning that does not, for an
    untuned winner that beats a tuned runner-up on it."""
    points = lead[PAYBACK_KEY]
    if points < MIN_REASON_POINTS or (winner in TUNING and own[PAYBACK_KEY] <= 0):
        return None
    months = cost.break_even_months
    shown = break_even_text(months)
    volume = compact_count(requests)
    if winner in TUNING:
        text = say("payback.fast", when=payback_when(months or 0.0), requests=volume)
    elif months is None:
        cached = cost.compared_with == "cached"
        text = say("payback.never.cached" if cached else "payback.never", requests=volume)
    elif cost.payback_horizon_months < cost.horizon_months:
        text = say("payback.slow.life", months=months, life=cost.payback_horizon_months,
                   requests=volume)
    else:
        text = say("payback.slow", months=months, horizon=cost.horizon_months, requests=volume)
    return Reason(input=PAYBACK_KEY, value=shown, points=points, text=text)


def reasons(scenario: Scenario, winner: OptionId, lead: dict[str, float],
            own: dict[str, float], cost: CostReport) -> list[Reason]:
    """The inputs that account for the winner's lead and argue for it, largest first."""
    found: list[Reason] = []
    if _argues_for(PROBLEM_KEY, lead, own):
        found.append(Reason(input=PROBLEM_KEY, value=scenario.problem.value,
                            points=lead[PROBLEM_KEY],
                            text=_problem_text(scenario.problem, winner)))
    payback = _payback_reason(winner, lead, own, cost, scenario.requests)
    if payback is not None:
        found.append(payback)
    factors = sorted((f for f in Factor if _argues_for(f.value, lead, own)),
                     key=lambda f: -lead[f.value])[:MAX_FACTOR_REASONS]
    for factor in factors:
        value = scenario.factor(factor)
        found.append(Reason(input=factor.value, value=f"{value:g}", points=lead[factor.value],
                            text=_factor_text(factor, value >= 50.0, winner)))
    return sorted(found, key=lambda reason: -reason.points)
