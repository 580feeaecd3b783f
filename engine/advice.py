"""What the product failure calls for, the hybrid stack and its headline, and the warnings a team
should hear."""

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from adapt.engine.availability import TuningStatus
from adapt.engine.capability import CAPABILITY, can_fix
from adapt.engine.catalog import MAX_AGE_DAYS, catalogue
from adapt.engine.costs import CostReport
from adapt.engine.decision import Decision
from adapt.engine.options import TUNING, OptionId, option_name
from adapt.engine.scenario import PROBLEM_LABELS, Problem, Scenario, level_word
from adapt.engine.sentences import say
from adapt.engine.units import (
    CADENCE_WORDS,
    compact_count,
    examples_for_data,
    money,
    pays_back_ever,
    requests_for_volume,
    volume_for_requests,
)
from adapt.engine.weights import DATA_GATES

O = OptionId  # noqa: E741 - short alias keeps the rules readable
FRESH_FROM = 60.0  # freshness from which tuned weights or prompts need retrieval beside them
CLOSE_CALL_POINTS = 3.0
MAX_STACK = 3
ENOUGH_DATA = DATA_GATES[O.PEFT].enough  # below this, tuning cannot start (feasibility.py)
# Issue 20: "a model retiring within 60 days is warned with its date", on every path.
RETIRING_WITHIN_DAYS = 60


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


def best_fit(scenario: Scenario, decision: Decision) -> BestFit:
    """The best fit for the failure among the options that can start now: the leader."""
    leader = decision.fit[0]
    fixes = CAPABILITY[scenario.problem].fixes
    text = say("best_fit", failure=PROBLEM_LABELS[scenario.problem],
               fixes=_either(option_name(o) for o in fixes))
    return BestFit(option=leader, name=option_name(leader), text=text)


def _item(option: OptionId, role: str, purpose: str) -> StackItem:
    return StackItem(option=option, name=option_name(option), role=role, purpose=purpose)


def _retrieval_item(scenario: Scenario) -> StackItem:
    """Retrieval's role beside another leader, worded by how fast facts change."""
    if scenario.changes is not None:
        cadence = CADENCE_WORDS[scenario.changes]
        return _item(O.RAG, say("rag_changes", cadence=cadence),
                     say("purpose.rag_changes", cadence=cadence))
    return _item(O.RAG, say("rag_fresh", freshness=scenario.freshness), say("purpose.rag_fresh"))


def _complements(scenario: Scenario, decision: Decision) -> list[StackItem]:
    """What covers the leader's weaknesses, from the options that can start now or only help
    alongside: never one that waits (issue 20: options that help without fixing go "Alongside",
    never first)."""
    leader, problem = decision.fit[0], scenario.problem
    found: list[StackItem] = []
    if leader is O.GUARDRAILS:
        maker = next((o for o in decision.fit if o is not O.GUARDRAILS), O.PROMPTING)
        found.append(_item(maker, say("guardrails_maker"), say("purpose.maker")))
    if leader is not O.RAG and scenario.freshness >= FRESH_FROM:
        found.append(_retrieval_item(scenario))
    if problem is Problem.FORMAT and leader is not O.GUARDRAILS:
        found.append(_item(O.GUARDRAILS, say("guardrails_schema"), say("purpose.format")))
    if leader is O.RAG and problem is Problem.DOMAIN and O.PEFT in decision.fit:
        found.append(_item(O.PEFT, say("peft_behaviour"), say("purpose.peft_behaviour")))
    return found


def stack(scenario: Scenario, decision: Decision) -> list[StackItem]:
    """The leader and what covers its weaknesses; hybrids usually win (seeds 000, 002, 001)."""
    leader = decision.fit[0]
    items = [_item(leader, say("primary"), say(f"purpose.{scenario.problem.value}"))]
    for item in _complements(scenario, decision):
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


def _tuning_alerts(scenario: Scenario, cost: CostReport,
                   tuning: TuningStatus | None) -> list[Alert]:
    """Cautions for a tuned leader; none of them argues against it (what would is a block,
    engine/feasibility.py)."""
    alerts = []
    if scenario.freshness >= FRESH_FROM:
        alerts.append(_alert("stale_weights", freshness=scenario.freshness))
    if scenario.eval == 0:
        alerts.append(_alert("no_eval"))
    alerts.append(availability_alert(scenario, cost, tuning))
    return alerts


def _short_name(tuning: TuningStatus) -> str:
    return tuning.model.partition(":")[2] or tuning.model


def _successor(tuning: TuningStatus) -> str:
    """" (the named replacement is gpt-6-luna)", from the catalogue's row, or nothing."""
    provider, _, model_id = tuning.model.partition(":")
    row = catalogue().model(provider, model_id)
    names = [ref.partition(":")[2] or ref for ref in (row.successors if row else [])]
    return say("model.successor", successor=" or ".join(names)) if names else ""


def catalogue_alert(tuning: TuningStatus | None) -> list[Alert]:
    """Facts the catalogue read more than catalog.MAX_AGE_DAYS before the report's date, said
    to be old with the day they were read (issue 26); only where the report uses them."""
    if tuning is None:
        return []
    read_on = catalogue().read_on
    days = (tuning.as_of - read_on).days
    if days <= MAX_AGE_DAYS:
        return []
    return [_alert("catalogue_old", read_on=read_on.isoformat(), days=days,
                   as_of=tuning.as_of.isoformat(), limit=MAX_AGE_DAYS,
                   model=_short_name(tuning))]


def life_alerts(tuning: TuningStatus | None) -> list[Alert]:
    """The model's own life, on every path: retired, or retiring within RETIRING_WITHIN_DAYS,
    with the replacement the provider names (engine/data/tuning.toml)."""
    if tuning is None or tuning.retires is None:
        return []
    days = (tuning.retires - tuning.as_of).days
    model, day = _short_name(tuning), tuning.retires.isoformat()
    if days <= 0:
        return [_alert("model_retired", model=model, date=day, successor=_successor(tuning))]
    if days <= RETIRING_WITHIN_DAYS:
        return [_alert("model_retiring", model=model, date=day, days=days,
                       successor=_successor(tuning))]
    return []


def _cache_first(scenario: Scenario, cost: CostReport) -> Alert | None:
    """Caching the prompt beats tuning over the horizon: say so with both figures (issue 12:
    '"fine-tune to shorten the prompt" must beat "cache the prompt"')."""
    cached, total = cost.cached_monthly, cost.cached_total
    if cached is None or total is None or cached >= cost.prompt_only_monthly:
        return None
    if total >= cost.tuned_total:
        return None
    months = cost.break_even_months
    verdict = say("cache_first.late", months=months) \
        if months is not None and pays_back_ever(months, cost.horizon_months) \
        else say("cache_first.never")
    return _alert("cache_first", tokens=scenario.extra_tokens, cached=money(cached),
                  tuned=money(cost.tuned_monthly), prompt_only=money(cost.prompt_only_monthly),
                  verdict=verdict)


def _data_told(scenario: Scenario) -> str:
    if scenario.examples is not None:
        return f"{scenario.examples:,} labeled examples"
    return f"rated {level_word(scenario.data).lower()}"


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


def alerts(scenario: Scenario, decision: Decision, raw: dict[OptionId, float],
           cost: CostReport, tuning: TuningStatus | None = None) -> list[Alert]:
    """The model's life first, then the data, the leader's cautions and the bookkeeping."""
    leader = decision.fit[0]
    found = life_alerts(tuning) + catalogue_alert(tuning)
    retired = any(alert.id == "model_retired" for alert in found)
    tuning_fixes = any(can_fix(scenario.problem, o) for o in TUNING)
    unavailable = tuning is not None and tuning.not_yet is not None
    if scenario.data < ENOUGH_DATA and tuning_fixes and not unavailable:
        found.append(_alert("low_data", told=_data_told(scenario),
                            needed=examples_for_data(ENOUGH_DATA)))
    if leader in TUNING:
        found.extend(_tuning_alerts(scenario, cost, tuning))
    elif unavailable and tuning_fixes and not retired:
        found.append(availability_alert(scenario, cost, tuning))
    if leader not in TUNING and tuning_fixes:
        found.extend(alert for alert in [_cache_first(scenario, cost)] if alert is not None)
    found.extend(alert for alert in [_volume_mismatch(scenario)] if alert is not None)
    if (tuning_fixes and not unavailable and scenario.tuned_multiplier > 1
            and scenario.shared_tokens == 0 and scenario.output_tokens == 0):
        found.append(_alert("tuned_price_partial", multiplier=scenario.tuned_multiplier))
    if len(decision.fit) > 1:
        runner_up = decision.fit[1]
        lead = raw[leader] - raw[runner_up]
        if lead < CLOSE_CALL_POINTS:
            found.append(_alert("close_call", winner=option_name(leader),
                                runner_up=option_name(runner_up), lead=lead))
    return found
