"""What the product failure calls for, the hybrid stack and its headline, and the warnings a team
should hear."""

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from adapt.engine.availability import TuningStatus
from adapt.engine.costs import CostReport
from adapt.engine.options import TUNING, OptionId, option_name
from adapt.engine.scenario import PROBLEM_LABELS, Problem, Scenario, level_word
from adapt.engine.sentences import say
from adapt.engine.units import (
    CADENCE_WORDS,
    compact_count,
    examples_for_data,
    money,
    months_text,
    requests_for_volume,
    volume_for_requests,
)
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
MAX_STACK = 3
ENOUGH_DATA = DATA_GATES[O.PEFT].enough  # below this, tuning is ruled out as a best fit


def _either(names: Iterable[str]) -> str:
    *head, last = names
    return f"{', '.join(head)} or {last}" if head else last


class BestFit(BaseModel):
    model_config = ConfigDict(defer_build=True)

    option: OptionId
    name: str
    text: str


class StackItem(BaseModel):
    model_config = ConfigDict(defer_build=True)

    option: OptionId
    name: str
    role: str  # what it does in this stack, one sentence
    purpose: str  # the same, as the short phrase the headline uses ("for tone and format")


class Alert(BaseModel):
    model_config = ConfigDict(defer_build=True)

    id: str  # stable, for automation: low_data, stale_weights, problem_mismatch, ...
    text: str


def _alert(alert_id: str, **values: object) -> Alert:
    return Alert(id=alert_id, text=say(alert_id, **values))


def best_fit(scenario: Scenario, ranking: list[OptionId], out: frozenset[OptionId]) -> BestFit:
    """The best-ranked option among those the product failure calls for and that can win."""
    fits = [o for o in FITS[scenario.problem] if o not in out] or [O.PROMPTING]
    choice = min(fits, key=ranking.index)
    text = say("best_fit" if choice in FITS[scenario.problem] else "best_fit.no_data",
               failure=PROBLEM_LABELS[scenario.problem],
               fixes=_either(option_name(o) for o in FITS[scenario.problem]))
    return BestFit(option=choice, name=option_name(choice), text=text)


def _item(option: OptionId, role: str, purpose: str) -> StackItem:
    return StackItem(option=option, name=option_name(option), role=role, purpose=purpose)


def _retrieval_item(scenario: Scenario) -> StackItem:
    """Retrieval's role, worded by the failure it fixes, or by how fast facts change."""
    if scenario.problem is Problem.KNOWLEDGE:
        return _item(O.RAG, say("rag_knowledge"), say("purpose.knowledge"))
    if scenario.changes is not None:
        cadence = CADENCE_WORDS[scenario.changes]
        return _item(O.RAG, say("rag_changes", cadence=cadence),
                     say("purpose.rag_changes", cadence=cadence))
    return _item(O.RAG, say("rag_fresh", freshness=scenario.freshness), say("purpose.rag_fresh"))


def _complements(scenario: Scenario, winner: OptionId, ranking: list[OptionId],
                 out: frozenset[OptionId]) -> list[StackItem]:
    fresh = scenario.freshness >= FRESH_FROM or scenario.problem is Problem.KNOWLEDGE
    found: list[StackItem] = []
    if winner is O.GUARDRAILS:
        maker = next(o for o in ranking if o is not O.GUARDRAILS and o not in out)
        found.append(_item(maker, say("guardrails_maker"), say("purpose.maker")))
    if winner is not O.RAG and fresh:
        found.append(_retrieval_item(scenario))
    if scenario.problem is Problem.FORMAT and winner is not O.GUARDRAILS:
        found.append(_item(O.GUARDRAILS, say("guardrails_schema"), say("purpose.format")))
    if (winner is O.RAG and scenario.problem in (Problem.STYLE, Problem.DOMAIN)
            and O.PEFT not in out):
        found.append(_item(O.PEFT, say("peft_behaviour"), say("purpose.peft_behaviour")))
    return found


def stack(scenario: Scenario, ranking: list[OptionId], fit: BestFit,
          out: frozenset[OptionId]) -> list[StackItem]:
    """The winner, the best fit for the failure when that is another option, and what covers
    their weaknesses; hybrids usually win (seeds 000, 002, 001). Never an option that cannot win."""
    winner = ranking[0]
    problem = scenario.problem
    fits_failure = winner in FITS[problem] or winner is fit.option
    items = [_item(winner, say("primary"),
                   say(f"purpose.{problem.value}") if fits_failure else say("purpose.first"))]
    if fit.option is not winner:
        items.append(_item(fit.option, say("fit_role", failure=PROBLEM_LABELS[problem]),
                           say(f"purpose.{problem.value}")))
    for item in _complements(scenario, winner, ranking, out):
        if all(item.option is not seen.option for seen in items):
            items.append(item)
    items = items[:MAX_STACK]
    if any(item.purpose == items[0].purpose for item in items[1:]):
        items[0] = items[0].model_copy(update={"purpose": say("purpose.first")})
    return items


def headline(items: list[StackItem]) -> str:
    """"LoRA / PEFT for tone and format, with Retrieval (RAG) for facts that change every week"."""
    first, *rest = items
    text = f"{first.name} {first.purpose}"
    return text + "".join(f", with {item.name} {item.purpose}" for item in rest)


def availability_alert(scenario: Scenario, cost: CostReport,
                       tuning: TuningStatus | None) -> Alert:
    """The general caution, or, for a model the catalogue knows, its dates (issue 12)."""
    if tuning is None:
        return _alert("availability", model=scenario.model or "your model")
    text = tuning.text
    if tuning.not_yet is None and cost.payback_horizon_months < cost.horizon_months:
        text += say("availability.life", life=cost.payback_horizon_months,
                    horizon=cost.horizon_months)
    return Alert(id="availability", text=text)


def _tuning_alerts(scenario: Scenario, winner: OptionId, cost: CostReport,
                   tuning: TuningStatus | None) -> list[Alert]:
    alerts = []
    if scenario.freshness >= FRESH_FROM:
        alerts.append(_alert("stale_weights", freshness=scenario.freshness))
    if scenario.stability < UNSTABLE_BELOW:
        alerts.append(_alert("unstable", stability=scenario.stability))
    if not cost.pays_back_in_horizon:
        alerts.append(Alert(id="no_payback", text=_payback_text(cost, tuning)))
    if scenario.eval == 0:
        alerts.append(_alert("no_eval"))
    alerts.append(availability_alert(scenario, cost, tuning))
    if winner is O.FULL_FINETUNE:
        alerts.append(_alert("try_lora_first"))
    return alerts


def _payback_head(cost: CostReport, tuning: TuningStatus | None) -> str:
    months = cost.break_even_months
    if months is None and cost.compared_with == "cached" and cost.cached_monthly is not None:
        return say("no_payback.never.cached", cached=money(cost.cached_monthly),
                   tuned=money(cost.tuned_monthly))
    if months is None:
        return say("no_payback.never")
    if cost.payback_horizon_months < cost.horizon_months and tuning and tuning.retires:
        return say("no_payback.life", months=months, life=cost.payback_horizon_months,
                   retires=tuning.retires.isoformat())
    return say("no_payback.late", months=months, horizon=cost.horizon_months)


def _payback_text(cost: CostReport, tuning: TuningStatus | None) -> str:
    head = _payback_head(cost, tuning)
    if cost.payback_requests is None:
        return head + "."
    return head + say("no_payback.volume", horizon=months_text(cost.payback_horizon_months),
                      requests=cost.payback_requests) + "."


def _cache_first(scenario: Scenario, cost: CostReport) -> Alert | None:
    """Caching the prompt beats tuning over the horizon: say so with both figures (issue 12:
    '"fine-tune to shorten the prompt" must beat "cache the prompt"')."""
    cached, total = cost.cached_monthly, cost.cached_total
    if cached is None or total is None or cached >= cost.prompt_only_monthly:
        return None
    if total >= cost.tuned_total:
        return None
    months = cost.break_even_months
    verdict = say("cache_first.never") if months is None else \
        say("cache_first.late", months=months)
    return _alert("cache_first", tokens=scenario.extra_tokens, cached=money(cached),
                  tuned=money(cost.tuned_monthly), prompt_only=money(cost.prompt_only_monthly),
                  verdict=verdict)


def _data_told(scenario: Scenario) -> str:
    if scenario.examples is not None:
        return f"{scenario.examples:,} labeled examples"
    return f"data {scenario.data:g}"


def _volume_mismatch(scenario: Scenario) -> Alert | None:
    """Both volume and requests given, reading as different levels: say so once."""
    reading = volume_for_requests(scenario.requests)
    if scenario.requests == requests_for_volume(scenario.volume):
        return None
    if level_word(reading) == level_word(scenario.volume):
        return None
    return _alert("volume_mismatch", volume=scenario.volume, level=level_word(scenario.volume),
                  requests=compact_count(scenario.requests), reading=reading,
                  reading_level=level_word(reading))


def alerts(scenario: Scenario, ranking: list[OptionId], raw: dict[OptionId, float],
           fit: BestFit, cost: CostReport, out: frozenset[OptionId],
           tuning: TuningStatus | None = None) -> list[Alert]:
    winner, runner_up = ranking[0], ranking[1]
    found: list[Alert] = []
    if fit.option is not winner:
        found.append(_alert("problem_mismatch", winner=option_name(winner), fit=fit.name,
                            fit_text=fit.text))
    tuning_wanted = O.PEFT in FITS[scenario.problem] or any(
        raw[o] > raw[winner] for o in TUNING)
    unavailable = tuning is not None and tuning.not_yet is not None
    if scenario.data < ENOUGH_DATA and tuning_wanted and not unavailable:
        found.append(_alert("low_data", told=_data_told(scenario),
                            needed=examples_for_data(ENOUGH_DATA)))
    if winner in TUNING:
        found.extend(_tuning_alerts(scenario, winner, cost, tuning))
    elif unavailable and tuning_wanted:
        found.append(availability_alert(scenario, cost, tuning))
    cache_first = _cache_first(scenario, cost)
    if cache_first is not None:
        found.append(cache_first)
    mismatch = _volume_mismatch(scenario)
    if mismatch is not None:
        found.append(mismatch)
    if (scenario.tuned_multiplier > 1 and scenario.shared_tokens == 0
            and scenario.output_tokens == 0):
        found.append(_alert("tuned_price_partial", multiplier=scenario.tuned_multiplier))
    lead = raw[winner] - raw[runner_up]
    if lead < CLOSE_CALL_POINTS:
        found.append(_alert("close_call", winner=option_name(winner),
                            runner_up=option_name(runner_up), lead=lead))
    return found
