"""Why the ranking is what it is: reasons measured from the scores' own contributions."""

from pydantic import BaseModel

from adapt.engine.options import TUNING, OptionId
from adapt.engine.scenario import Factor, Problem, Scenario
from adapt.engine.scoring import BASE_KEY, PROBLEM_KEY

# Contributions smaller than this are noise, not a reason.
MIN_REASON_POINTS = 0.5
MAX_FACTOR_REASONS = 3


class Reason(BaseModel):
    input: str  # "problem" or a factor name
    value: str  # the input's value as given, e.g. "84" or "style"
    points: float  # how many points of the lead this input accounts for
    text: str


# (factor, value is high) -> why that helps; the seed's own wording where it has one.
_FACTOR_TEXT: dict[tuple[Factor, bool], str] = {
    (Factor.STABILITY, True): "Stable requirements reward training more than rapidly changing"
                              " workflows.",
    (Factor.STABILITY, False): "Requirements still change, and a prompt changes in minutes where a"
                               " trained model needs a new run.",
    (Factor.DATA, True): "There is enough labeled data to justify learning a stable behavior"
                         " pattern.",
    (Factor.DATA, False): "There is too little labeled data to justify training, so paths that"
                          " need no training set come first.",
    (Factor.VOLUME, True): "High usage volume increases the payoff from reducing prompt overhead.",
    (Factor.VOLUME, False): "Low request volume keeps per-call prompt overhead cheap, so a"
                            " training run has little to repay it.",
    (Factor.FRESHNESS, True): "Facts change often, so retrieval matters more than changing"
                              " weights.",
    (Factor.FRESHNESS, False): "Facts change slowly, so keeping knowledge fresh is not what this"
                               " job needs.",
    (Factor.TOLERANCE, True): "Long prompts are acceptable here, so instructions and context can"
                              " stay in the prompt.",
    (Factor.TOLERANCE, False): "Low tolerance for long prompts increases the appeal of adaptation"
                               " that trims runtime context.",
}
# Where the seed's wording is about training, what the same input means for a winner that trains
# nothing.
_FACTOR_TEXT_UNTRAINED: dict[tuple[Factor, bool], str] = {
    (Factor.STABILITY, True): "Stable requirements favour building lasting machinery over"
                              " rewriting prompts.",
    (Factor.DATA, True): "Plenty of labeled examples give this path a solid evaluation set.",
    (Factor.VOLUME, True): "High volume makes every prompt token on every call count.",
    (Factor.TOLERANCE, False): "Low tolerance for long prompts counts against carrying"
                               " instructions and examples in every call.",
}

PROBLEM_TEXT: dict[Problem, str] = {
    Problem.STYLE: "Tone and format drift is a behavior-pattern problem more than a knowledge"
                   " problem.",
    Problem.KNOWLEDGE: "Missing or stale facts are a knowledge problem: retrieval supplies facts"
                       " at run time, weights do not.",
    Problem.FORMAT: "Schema and rule violations are best enforced in code around the model,"
                    " whatever the model does.",
    Problem.DOMAIN: "Specialised terms and decision boundaries are learned best from labeled"
                    " examples.",
    Problem.COST: "Prompts that are too long are fixed by moving instructions into the model.",
    Problem.EXPLORATION: "Requirements are still moving, so anything trained now would be"
                         " retrained soon.",
}


# Where the winner is not the failure's usual fix, say why the failure still favours it.
_PROBLEM_TEXT_FOR: dict[tuple[Problem, OptionId], str] = {
    (Problem.STYLE, OptionId.PROMPTING): "Tone and format drift is a behavior pattern that clear"
                                         " instructions and a few examples often fix before any"
                                         " training.",
    (Problem.KNOWLEDGE, OptionId.PROMPTING): "Missing facts can go straight into the prompt while"
                                             " they are few.",
    (Problem.FORMAT, OptionId.PEFT): "Schema violations shrink when the model learns the format"
                                     " from labeled examples.",
    (Problem.DOMAIN, OptionId.RAG): "Specialised terms can be supplied as retrieved definitions"
                                    " and examples.",
    (Problem.EXPLORATION, OptionId.RAG): "While requirements move, retrieval adds knowledge"
                                         " without training anything.",
}


def lead_by_input(ahead: dict[str, float], behind: dict[str, float]) -> dict[str, float]:
    """Points each input gives `ahead` over `behind` (the prior, "base", is not an input)."""
    return {key: ahead[key] - behind[key] for key in ahead if key != BASE_KEY}


def _factor_text(factor: Factor, high: bool, winner: OptionId) -> str:
    if winner not in TUNING and (factor, high) in _FACTOR_TEXT_UNTRAINED:
        return _FACTOR_TEXT_UNTRAINED[(factor, high)]
    return _FACTOR_TEXT[(factor, high)]


def reasons(scenario: Scenario, winner: OptionId, lead: dict[str, float]) -> list[Reason]:
    """The inputs that account for the winner's lead, largest first."""
    found: list[Reason] = []
    problem_points = lead[PROBLEM_KEY]
    if problem_points >= MIN_REASON_POINTS:
        found.append(Reason(input=PROBLEM_KEY, value=scenario.problem.value,
                            points=problem_points,
                            text=_PROBLEM_TEXT_FOR.get((scenario.problem, winner),
                                                       PROBLEM_TEXT[scenario.problem])))
    factors = sorted((f for f in Factor if lead[f.value] >= MIN_REASON_POINTS),
                     key=lambda f: -lead[f.value])[:MAX_FACTOR_REASONS]
    for factor in factors:
        value = scenario.factor(factor)
        found.append(Reason(input=factor.value, value=f"{value:g}", points=lead[factor.value],
                            text=_factor_text(factor, value >= 50.0, winner)))
    return sorted(found, key=lambda reason: -reason.points)
