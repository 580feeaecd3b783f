"""What the product failure calls for, the hybrid stack, and the warnings a team should hear."""

from collections.abc import Iterable

from pydantic import BaseModel

from adapt.engine.costs import CostReport
from adapt.engine.options import TUNING, OptionId, option_name
from adapt.engine.scenario import PROBLEM_LABELS, Problem, Scenario
from adapt.engine.sentences import say
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


def _alert(alert_id: str, **values: object) -> Alert:
    return Alert(id=alert_id, text=say(alert_id, **values))


def best_fit(scenario: Scenario, ranking: list[OptionId]) -> BestFit:
    """The best-ranked option among those the product failure calls for."""
    fits = [o for o in FITS[scenario.problem]
            if o not in TUNING or scenario.data >= ENOUGH_DATA] or [O.PROMPTING]
    choice = min(fits, key=ranking.index)
    text = say("best_fit" if choice in FITS[scenario.problem] else "best_fit.no_data",
               failure=PROBLEM_LABELS[scenario.problem],
               fixes=_either(option_name(o) for o in FITS[scenario.problem]))
    return BestFit(option=choice, name=option_name(choice), text=text)


def _complements(scenario: Scenario, winner: OptionId, ranking: list[OptionId]) -> list[StackItem]:
    fresh = scenario.freshness >= FRESH_FROM or scenario.problem is Problem.KNOWLEDGE
    found: list[StackItem] = []
    if winner is O.GUARDRAILS:
        maker = next(o for o in ranking if o is not O.GUARDRAILS)
        found.append(StackItem(option=maker, name=option_name(maker),
                               role=say("guardrails_maker")))
    if winner is not O.RAG and fresh:
        found.append(StackItem(option=O.RAG, name=option_name(O.RAG),
                               role=say("rag_fresh", freshness=scenario.freshness)))
    if scenario.problem is Problem.FORMAT and winner is not O.GUARDRAILS:
        found.append(StackItem(option=O.GUARDRAILS, name=option_name(O.GUARDRAILS),
                               role=say("guardrails_schema")))
    if (winner is O.RAG and scenario.problem in (Problem.STYLE, Problem.DOMAIN)
            and scenario.data >= ENOUGH_DATA):
        found.append(StackItem(option=O.PEFT, name=option_name(O.PEFT),
                               role=say("peft_behaviour")))
    unique = {item.option: item for item in found if item.option is not winner}
    return list(unique.values())[:2]


def stack(scenario: Scenario, ranking: list[OptionId]) -> list[StackItem]:
    """The winner plus what covers its weakness; hybrids usually win (seeds 000, 002, 001)."""
    winner = ranking[0]
    lead = StackItem(option=winner, name=option_name(winner), role=say("primary"))
    return [lead, *_complements(scenario, winner, ranking)]


def _tuning_alerts(scenario: Scenario, winner: OptionId, cost: CostReport) -> list[Alert]:
    alerts = []
    if scenario.freshness >= FRESH_FROM:
        alerts.append(_alert("stale_weights", freshness=scenario.freshness))
    if scenario.stability < UNSTABLE_BELOW:
        alerts.append(_alert("unstable", stability=scenario.stability))
    if not cost.pays_back_in_horizon:
        alerts.append(Alert(id="no_payback", text=_payback_text(scenario, cost)))
    if scenario.eval == 0:
        alerts.append(_alert("no_eval"))
    alerts.append(_alert("availability", model=scenario.model or "your model"))
    if winner is O.FULL_FINETUNE:
        alerts.append(_alert("try_lora_first"))
    return alerts


def _payback_text(scenario: Scenario, cost: CostReport) -> str:
    months = scenario.horizon
    if cost.break_even_months is None:
        head = say("no_payback.never")
    else:
        head = say("no_payback.late", months=cost.break_even_months, horizon=months)
    if cost.payback_requests is None:
        return head + "."
    return head + say("no_payback.volume", horizon=months, requests=cost.payback_requests) + "."


def alerts(scenario: Scenario, ranking: list[OptionId], raw: dict[OptionId, float],
           fit: BestFit, cost: CostReport) -> list[Alert]:
    winner, runner_up = ranking[0], ranking[1]
    found: list[Alert] = []
    if fit.option is not winner:
        found.append(_alert("problem_mismatch", winner=option_name(winner), fit=fit.name,
                            fit_text=fit.text))
    if scenario.data < ENOUGH_DATA and (winner in TUNING or runner_up in TUNING
                                        or O.PEFT in FITS[scenario.problem]):
        found.append(_alert("low_data", data=scenario.data))
    if winner in TUNING:
        found.extend(_tuning_alerts(scenario, winner, cost))
    if scenario.tuned_multiplier > 1 and scenario.shared_tokens == 0:
        found.append(_alert("tuned_price_partial", multiplier=scenario.tuned_multiplier))
    lead = raw[winner] - raw[runner_up]
    if lead < CLOSE_CALL_POINTS:
        found.append(_alert("close_call", winner=option_name(winner),
                            runner_up=option_name(runner_up), lead=lead))
    return found
