"""The decision in three explicit steps, each in the report and its JSON (issue 20):

1. capability: which options can fix the stated failure (engine/capability.py, with sources);
2. feasibility: which of those can start now, and what would let the others (feasibility.py);
3. fit: the weighted score ranks what is left (scoring.py); the best leads.

A blocked option never simply drops out: when it outscores the leader it is `waiting`, and the
plan names its trigger and why it cannot start yet.
"""

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from adapt.engine.availability import TuningStatus
from adapt.engine.capability import CAPABILITY
from adapt.engine.costs import CostReport
from adapt.engine.feasibility import (
    EXAMPLES,
    LORA_FIRST,
    PREMIUM,
    RETIRING,
    UNAVAILABLE,
    UNSTABLE,
    Block,
    premium_requests,
    spend_ratio,
)
from adapt.engine.options import OPTIONS, OptionId, option_name
from adapt.engine.scenario import PROBLEM_LABELS, Problem, Scenario
from adapt.engine.scoring import tiered
from adapt.engine.sentences import say
from adapt.engine.units import compact_count, months_text


class CapabilityRow(BaseModel):
    model_config = ConfigDict(defer_build=True)

    option: OptionId
    name: str
    role: Literal["fixes", "alongside", "none"]  # fixes the failure, helps beside a fix, neither


class FeasibilityRow(BaseModel):
    model_config = ConfigDict(defer_build=True)

    option: OptionId
    name: str
    feasible: bool
    blocked_by: str | None  # "examples", "unavailable", "unstable", "retiring", "payback",
    # "premium" or "lora_first" (engine/feasibility.py); None when it can start now
    why_not: str | None  # the same, as one line ("not yet: needs about 100 labeled examples")
    trigger: str | None  # what lets it start ("From about 100 labeled examples")


class Decision(BaseModel):
    model_config = ConfigDict(defer_build=True)

    failure: Problem
    failure_label: str  # "tone or format drift"
    capability: list[CapabilityRow]  # every option, in catalogue order
    capability_source: str  # where the capability row comes from
    feasibility: list[FeasibilityRow]  # each option that can fix the failure
    fit: list[OptionId]  # can fix it and can start now, best fit first; fit[0] leads
    waiting: OptionId | None  # the best fit when it cannot start yet (it outscores fit[0])


def _role(problem: Problem, option: OptionId) -> Literal["fixes", "alongside", "none"]:
    row = CAPABILITY[problem]
    return "fixes" if option in row.fixes else "alongside" if option in row.alongside else "none"


def _path(cost: CostReport) -> str:
    return say(f"cost.path.{cost.compared_with}")


def _window(cost: CostReport) -> str:
    """The months a tune has to earn its keep in: the horizon, or the tuned model's life."""
    if cost.payback_horizon_months < cost.horizon_months:
        return say("cost.window.life", months=months_text(cost.payback_horizon_months))
    return say("cost.window.horizon", horizon=cost.horizon_months)


def why_not(block: Block, cost: CostReport, tuning: TuningStatus | None) -> str:
    """One line: why an option that can fix the failure cannot start now."""
    if block.reason == EXAMPLES:
        return say("not_yet.examples", examples=block.needs_examples)
    if block.reason == UNAVAILABLE and tuning is not None and tuning.not_yet is not None:
        return tuning.not_yet
    if block.reason == RETIRING and tuning is not None and tuning.retires is not None:
        return say("not_yet.retiring", model=tuning.model.partition(":")[2] or tuning.model,
                   date=tuning.retires.isoformat())
    if block.reason == UNSTABLE:
        return say("not_yet.unstable")
    if block.reason == LORA_FIRST:
        return say("not_yet.lora_first")
    if block.reason == PREMIUM:
        ratio = spend_ratio(cost)
        if ratio == float("inf"):
            return say("not_yet.premium.free")
        return say("not_yet.premium", window=_window(cost), ratio=ratio, path=_path(cost))
    return say("not_yet.payback", horizon=months_text(cost.payback_horizon_months))


def trigger(block: Block, scenario: Scenario, cost: CostReport,
            needs_examples: int | None = None) -> str:
    """What would let the option start: the fact to change, in its own units."""
    if block.reason == EXAMPLES:
        return say("plan.from_examples", examples=needs_examples or block.needs_examples)
    if block.reason in (UNAVAILABLE, RETIRING):
        return say("plan.other_model")
    if block.reason == UNSTABLE:
        return say("plan.when_settled")
    if block.reason == LORA_FIRST:
        return say("plan.if_short")
    requests = premium_requests(scenario, cost) if block.reason == PREMIUM \
        else cost.payback_requests
    if requests is None:
        return say("plan.saves_per_call")
    return say("plan.at_requests", requests=compact_count(requests))


def decide(scenario: Scenario, cost: CostReport, tuning: TuningStatus | None,
           raw: dict[OptionId, float], blocked: dict[OptionId, Block | None]
           ) -> tuple[Decision, list[OptionId]]:
    """The decision, and every option in the order people see it: what can start now best first,
    then what can fix the failure but waits, then what cannot fix it."""
    problem = scenario.problem
    fixes = frozenset(CAPABILITY[problem].fixes)
    ready = frozenset(o for o in fixes if blocked[o] is None)
    order = tiered(raw, [ready, fixes - ready])
    fit = [o for o in order if o in ready]
    waiting = next((o for o in order if o in fixes - ready and raw[o] > raw[fit[0]]), None)
    rows = []
    for option in (o for o in order if o in fixes):
        block = blocked[option]
        rows.append(FeasibilityRow(
            option=option, name=option_name(option), feasible=block is None,
            blocked_by=None if block is None else block.reason,
            why_not=None if block is None else why_not(block, cost, tuning),
            trigger=None if block is None else trigger(block, scenario, cost)))
    decision = Decision(
        failure=problem, failure_label=PROBLEM_LABELS[problem],
        capability=[CapabilityRow(option=o, name=option_name(o), role=_role(problem, o))
                    for o in OPTIONS],
        capability_source=CAPABILITY[problem].source, feasibility=rows, fit=fit,
        waiting=waiting)
    return decision, order


def waiting_step_examples(decision: Decision, blocked: dict[OptionId, Block | None],
                          examples_at: Callable[[OptionId], int | None]) -> int | None:
    """For a waiting option blocked on labeled examples: from how many it would lead (the data
    tipping point), else its minimum."""
    option = decision.waiting
    if option is None:
        return None
    block = blocked[option]
    if block is None or block.reason != EXAMPLES:
        return None
    return examples_at(option) or block.needs_examples

