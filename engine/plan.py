"""The staged plan: what to do now, and the trigger, in real units, for each next step."""

from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

from adapt.engine.advice import BestFit, StackItem
from adapt.engine.costs import CostReport
from adapt.engine.options import TUNING, OptionId, option_name
from adapt.engine.scenario import PROBLEM_LABELS, Scenario
from adapt.engine.scoring import Blocked
from adapt.engine.sentences import say
from adapt.engine.units import compact_count, months_text


class PlanStep(BaseModel):
    model_config = ConfigDict(defer_build=True)

    when: str  # "Now", "Alongside", "From about 180 labeled examples", ...
    option: OptionId
    name: str
    why: str


def _step(when: str, option: OptionId, why: str) -> PlanStep:
    return PlanStep(when=when, option=option, name=option_name(option), why=why)


def _waiting_tuner(ranking: list[OptionId], gates: dict[OptionId, Blocked | None],
                   fit: BestFit, raw: dict[OptionId, float]) -> OptionId | None:
    """The tuning option that waits only for labeled examples and is worth waiting for: it fixes
    the failure, or it would outscore the winner once it may win."""
    winner = ranking[0]
    for option in (OptionId.PEFT, OptionId.FULL_FINETUNE):
        gate = gates[option]
        if gate is None or gate.reason != "examples":
            continue
        if option is fit.option or raw[option] > raw[winner] or option in _fixes(fit):
            return option
    return None


def _fixes(fit: BestFit) -> tuple[OptionId, ...]:
    return (OptionId.PEFT,) if fit.option is OptionId.PROMPTING else ()


def plan(scenario: Scenario, ranking: list[OptionId], raw: dict[OptionId, float],
         gates: dict[OptionId, Blocked | None], stack: list[StackItem], fit: BestFit,
         cost: CostReport, first_reason: str,
         examples_at: Callable[[OptionId], int | None]) -> list[PlanStep]:
    """Now: the winner (always first). Alongside: the rest of the stack. Then the steps that wait
    for a fact to change: enough labeled examples, enough requests for tuning to pay back.
    `examples_at(option)`: from how many labeled examples the data's tipping point says `option`
    would win (None: it says nothing), asked only when a step waits for examples."""
    winner = ranking[0]
    failure = PROBLEM_LABELS[scenario.problem]
    waiting = _waiting_tuner(ranking, gates, fit, raw)
    why = say("plan.log_examples", why=first_reason) if waiting else first_reason
    steps = [_step(say("plan.now"), winner, why)]
    steps += [_step(say("plan.alongside"), item.option, item.role) for item in stack[1:]]
    if waiting is not None:
        needed = examples_at(waiting) or gates[waiting].needs_examples  # type: ignore[union-attr]
        does = "fixes" if waiting is fit.option or waiting in _fixes(fit) else "would lead on"
        steps.append(_step(say("plan.from_examples", examples=needed), waiting,
                           say("plan.examples_why", name=option_name(waiting), does=does,
                               failure=failure)))
    tuned = [o for o in (winner, *(s.option for s in stack), waiting) if o in TUNING]
    if tuned and not cost.pays_back_in_horizon and cost.payback_requests is not None:
        steps.append(_step(say("plan.at_requests", requests=compact_count(cost.payback_requests)),
                           tuned[0], say("plan.requests_why",
                                         horizon=months_text(cost.payback_horizon_months))))
    return steps
