"""What the product failure calls for, the hybrid stack, and the warnings a team should hear."""

from collections.abc import Iterable

from pydantic import BaseModel

from adapt.engine.costs import CostReport
from adapt.engine.options import TUNING, OptionId, option_name
from adapt.engine.scenario import PROBLEM_LABELS, Problem, Scenario
from adapt.engine.weights import DATA_GATES

O = OptionId  # noqa: E741 - short alias keeps the FITS table readable
# The fixes each product failure calls for, most direct first (seed 001 and provider guidance).
FITS: dict[Problem, tuple[OptionId, ...]] = {
    Problem.STYLE: (O.PEFT, O.PROMPTING, O.FULL_FINETUNE),
    Problem.KNOWLEDGE: (O.RAG,),
    Problem.FORMAT: (O.GUARDRAILS, O.PEFT),
    Problem.DOMAIN: (O.PEFT, O.FULL_FINETUNE, O.RAG),
    Problem.COST: (O.PEFT, O.FULL_FINETUNE, O.PROMPTING),
    Problem.EXPLORATION: (O.PROMPTING,),
}
FRESH_FROM = 60.0  # freshness from which tuned weights or prompts need retrieval beside them
UNSTABLE_BELOW = 40.0
CLOSE_CALL_POINTS = 3.0
ENOUGH_DATA = DATA_GATES[O.PEFT].enough  # below this, tuning is ruled out as a best fit


def _either(names: Iterable[str]) -> str:
    *head, last = names
    return f"{', '.join(head)} or {last}" if head else last


class BestFit(BaseModel):
    option: OptionId
    name: str
    text: str


class StackItem(BaseModel):
    option: OptionId
    name: str
    role: str


class Alert(BaseModel):
    id: str  # stable, for automation: low_data, stale_weights, problem_mismatch, ...
    text: str


def best_fit(scenario: Scenario, ranking: list[OptionId]) -> BestFit:
    """The best-ranked option among those the product failure calls for."""
    fits = [o for o in FITS[scenario.problem]
            if o not in TUNING or scenario.data >= ENOUGH_DATA] or [O.PROMPTING]
    choice = min(fits, key=ranking.index)
    text = (f"the product failure ({PROBLEM_LABELS[scenario.problem]}) calls for"
            f" {_either(option_name(o) for o in FITS[scenario.problem])}")
    if choice not in FITS[scenario.problem]:
        text += "; with too little labeled data to tune, start with prompting"
    return BestFit(option=choice, name=option_name(choice), text=text[0].upper() + text[1:] + ".")


def _complements(scenario: Scenario, winner: OptionId, ranking: list[OptionId]) -> list[StackItem]:
    fresh = scenario.freshness >= FRESH_FROM or scenario.problem is Problem.KNOWLEDGE
    found: list[StackItem] = []
    if winner is O.GUARDRAILS:
        maker = next(o for o in ranking if o is not O.GUARDRAILS)
        found.append(StackItem(option=maker, name=option_name(maker),
                               role="Produces the output the guardrails check."))
    if winner is not O.RAG and fresh:
        found.append(StackItem(option=O.RAG, name=option_name(O.RAG),
                               role=f"Keeps facts current (freshness {scenario.freshness:g}):"
                                    " retrieval covers what weights and prompts cannot."))
    if scenario.problem is Problem.FORMAT and winner is not O.GUARDRAILS:
        found.append(StackItem(option=O.GUARDRAILS, name=option_name(O.GUARDRAILS),
                               role="Enforces the schema in code, so a bad output is caught"
                                    " and repaired, not shipped."))
    if (winner is O.RAG and scenario.problem in (Problem.STYLE, Problem.DOMAIN)
            and scenario.data >= ENOUGH_DATA):
        found.append(StackItem(option=O.PEFT, name=option_name(O.PEFT),
                               role="Learns the tone and decision boundaries retrieval cannot."))
    unique = {item.option: item for item in found if item.option is not winner}
    return list(unique.values())[:2]


def stack(scenario: Scenario, ranking: list[OptionId]) -> list[StackItem]:
    """The winner plus what covers its weakness; hybrids usually win (seeds 000, 002, 001)."""
    winner = ranking[0]
    lead = StackItem(option=winner, name=option_name(winner), role="Primary path.")
    return [lead, *_complements(scenario, winner, ranking)]


def _tuning_alerts(scenario: Scenario, winner: OptionId, cost: CostReport) -> list[Alert]:
    alerts = []
    if scenario.freshness >= FRESH_FROM:
        alerts.append(Alert(id="stale_weights", text=(
            f"Tuning teaches behaviour, not facts: at freshness {scenario.freshness:g},"
            " pair it with retrieval or the weights will serve stale answers.")))
    if scenario.stability < UNSTABLE_BELOW:
        alerts.append(Alert(id="unstable", text=(
            f"Requirements still move (stability {scenario.stability:g}): every change means a"
            " new dataset, training run and evaluation.")))
    if not cost.pays_back_in_horizon:
        alerts.append(Alert(id="no_payback", text=_payback_text(scenario, cost)))
    if scenario.eval == 0:
        alerts.append(Alert(id="no_eval", text=(
            "No evaluation budget: without an evaluation baseline, a tuning decision cannot be"
            " checked.")))
    model = scenario.model or "your model"
    alerts.append(Alert(id="availability", text=(
        f"Check that fine-tuning is offered for {model}: several hosted vendors have deprecated"
        " self-serve tuning, and tuned models can cost more per token and carry hosting fees.")))
    if winner is O.FULL_FINETUNE:
        alerts.append(Alert(id="try_lora_first", text=(
            "LoRA trains about 10,000x fewer parameters with about 3x less GPU memory and no added"
            " latency: try it before a full fine-tune.")))
    return alerts


def _payback_text(scenario: Scenario, cost: CostReport) -> str:
    months = scenario.horizon
    if cost.break_even_months is None:
        head = "Tuning saves nothing per month at these prices, so it never pays back"
    else:
        head = (f"Tuning breaks even after {cost.break_even_months:.1f} months, beyond the"
                f" {months}-month horizon")
    if cost.payback_requests is None:
        return head + "."
    return (f"{head}; it would pay back within {months} months at about"
            f" {cost.payback_requests:,.0f} requests/month.")


def alerts(scenario: Scenario, ranking: list[OptionId], raw: dict[OptionId, float],
           fit: BestFit, cost: CostReport) -> list[Alert]:
    winner, runner_up = ranking[0], ranking[1]
    found: list[Alert] = []
    if fit.option is not winner:
        found.append(Alert(id="problem_mismatch", text=(
            f"The scores favour {option_name(winner)}, but the best fit is {fit.name}."
            f" {fit.text} Cost affects the decision, but the product failure still decides"
            " the right system design.")))
    if scenario.data < ENOUGH_DATA and (winner in TUNING or runner_up in TUNING
                                        or O.PEFT in FITS[scenario.problem]):
        found.append(Alert(id="low_data", text=(
            f"Labeled data is thin (data {scenario.data:g}): about 10 examples to start, clear"
            " gains at 50-100, 100-500 recommended; below that, tuning is not justified.")))
    if winner in TUNING:
        found.extend(_tuning_alerts(scenario, winner, cost))
    if scenario.tuned_multiplier > 1 and scenario.shared_tokens == 0:
        found.append(Alert(id="tuned_price_partial", text=(
            f"The tuned model costs {scenario.tuned_multiplier:g}x per token; only the prompt"
            " tokens modelled here carry that premium. Set shared_tokens= to count the input"
            " both paths send.")))
    lead = raw[winner] - raw[runner_up]
    if lead < CLOSE_CALL_POINTS:
        found.append(Alert(id="close_call", text=(
            f"Close call: {option_name(winner)} leads {option_name(runner_up)} by {lead:.1f}"
            " points; check what would change the answer before committing.")))
    return found
