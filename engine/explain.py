"""Why the ranking is what it is: reasons measured from the scores' own contributions."""

from pydantic import BaseModel, ConfigDict

from adapt.engine.capability import can_fix
from adapt.engine.costs import CostReport
from adapt.engine.options import TUNING, OptionId
from adapt.engine.scenario import Factor, Problem, Scenario
from adapt.engine.scoring import BASE_KEY, PAYBACK_KEY, PROBLEM_KEY
from adapt.engine.sentences import SENTENCES, problem_reason_id, reason_id, say
from adapt.engine.units import break_even_text, compact_count, payback_when, pays_back_ever

# Contributions smaller than this are noise, not a reason.
MIN_REASON_POINTS = 0.5
# Seed 001 gives its winner two reasons, volume and data; against the runner-up that can also fix
# tone (prompting), data is the fourth-largest factor, so four keep both of the seed's reasons.
MAX_FACTOR_REASONS = 4


class Reason(BaseModel):
    model_config = ConfigDict(defer_build=True)

    id: str  # the sentence's stable id ("volume.high.tuning", "problem.style.prompting", ...)
    input: str  # "problem", "payback" or a factor name
    value: str  # the input's value as given, e.g. "84" or "style"
    points: float  # how many points of the lead this input accounts for
    text: str


def lead_by_input(ahead: dict[str, float], behind: dict[str, float]) -> dict[str, float]:
    """Points each input gives `ahead` over `behind` (the prior, "base", is not an input)."""
    return {key: ahead[key] - behind[key] for key in ahead if key != BASE_KEY}


def _factor_sentence(factor: Factor, high: bool, winner: OptionId) -> str | None:
    """The factor's sentence id for this winner, or None where the factor argues for another
    path (issue 20: "reasons only argue for the winner")."""
    sentence = reason_id(factor, high, winner)
    return sentence if sentence in SENTENCES else None


def _problem_sentence(problem: Problem, winner: OptionId) -> str | None:
    sentence = problem_reason_id(problem, winner)
    return sentence if sentence in SENTENCES else None


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
    shown = break_even_text(months, cost.horizon_months)
    volume = compact_count(requests)
    values: dict[str, object] = {"requests": volume}
    if winner in TUNING:
        sentence = "payback.fast"
        values["when"] = payback_when(months or 0.0)
    elif months is None:
        sentence = "payback.never.cached" if cost.compared_with == "cached" else "payback.never"
    elif not pays_back_ever(months, cost.horizon_months):
        sentence = "payback.beyond"
    elif cost.payback_horizon_months < cost.horizon_months:
        sentence = "payback.slow.life"
        values.update(months=months, life=cost.payback_horizon_months)
    else:
        sentence = "payback.slow"
        values.update(months=months, horizon=cost.horizon_months)
    return Reason(id=sentence, input=PAYBACK_KEY, value=shown, points=points,
                  text=say(sentence, **values))


def reasons(scenario: Scenario, winner: OptionId, lead: dict[str, float],
            own: dict[str, float], cost: CostReport, tuning_open: bool = True) -> list[Reason]:
    """The inputs that account for the winner's lead and argue for it, largest first. Cost speaks
    only where tuning could fix the failure and a tune can start (`tuning_open`): elsewhere
    tuning was never a contender, or is out for another reason than its cost."""
    found: list[Reason] = []
    problem_sentence = _problem_sentence(scenario.problem, winner)
    if problem_sentence is not None and _argues_for(PROBLEM_KEY, lead, own):
        found.append(Reason(id=problem_sentence, input=PROBLEM_KEY,
                            value=scenario.problem.value, points=lead[PROBLEM_KEY],
                            text=say(problem_sentence)))
    if tuning_open and any(can_fix(scenario.problem, option) for option in TUNING):
        payback = _payback_reason(winner, lead, own, cost, scenario.requests)
        if payback is not None:
            found.append(payback)
    spoken = [(f, sentence) for f in Factor if _argues_for(f.value, lead, own)
              and (sentence := _factor_sentence(f, scenario.factor(f) >= 50.0, winner))]
    spoken.sort(key=lambda pair: -lead[pair[0].value])
    for factor, sentence in spoken[:MAX_FACTOR_REASONS]:
        found.append(Reason(id=sentence, input=factor.value,
                            value=f"{scenario.factor(factor):g}", points=lead[factor.value],
                            text=say(sentence)))
    return sorted(found, key=lambda reason: -reason.points)
