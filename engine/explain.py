"""Why the ranking is what it is: reasons measured from the scores' own contributions."""

from pydantic import BaseModel

from adapt.engine.options import TUNING, OptionId
from adapt.engine.scenario import Factor, Problem, Scenario
from adapt.engine.scoring import BASE_KEY, PROBLEM_KEY
from adapt.engine.sentences import SENTENCES, problem_reason_id, reason_id, say

# Contributions smaller than this are noise, not a reason.
MIN_REASON_POINTS = 0.5
MAX_FACTOR_REASONS = 3


class Reason(BaseModel):
    input: str  # "problem" or a factor name
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


def reasons(scenario: Scenario, winner: OptionId, lead: dict[str, float]) -> list[Reason]:
    """The inputs that account for the winner's lead, largest first."""
    found: list[Reason] = []
    problem_points = lead[PROBLEM_KEY]
    if problem_points >= MIN_REASON_POINTS:
        found.append(Reason(input=PROBLEM_KEY, value=scenario.problem.value,
                            points=problem_points,
                            text=_problem_text(scenario.problem, winner)))
    factors = sorted((f for f in Factor if lead[f.value] >= MIN_REASON_POINTS),
                     key=lambda f: -lead[f.value])[:MAX_FACTOR_REASONS]
    for factor in factors:
        value = scenario.factor(factor)
        found.append(Reason(input=factor.value, value=f"{value:g}", points=lead[factor.value],
                            text=_factor_text(factor, value >= 50.0, winner)))
    return sorted(found, key=lambda reason: -reason.points)
