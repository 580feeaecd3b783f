"""The decision's second step: of the options that can fix the failure, which can start now.

A tune needs enough labeled data (providers: about 10 examples to start, clear gains at 50-100,
100-500 recommended), a model that can still be tuned and will live long enough, requirements
that have settled, and traffic that repays it: inside the horizon for a cost failure, within
weights.MAX_QUALITY_SPEND_RATIO of the prompt path for a quality one. Full fine-tuning also waits
for LoRA / PEFT unless the failure is a specialised domain (LoRA reaches most of its gains with
about 10,000x fewer trainable parameters, Hu et al. 2021; full fine-tuning learns more for a
large domain shift with large data, Biderman et al. 2024). Prompting, retrieval and guardrails
have no prerequisites here.

Every threshold reads a factor only through data and stability, so the tipping-point scan can
move one of them and ask again (`data=`, `stability=`).
"""

import math
from typing import NamedTuple

from adapt.engine.availability import TuningStatus
from adapt.engine.capability import can_fix
from adapt.engine.costs import MAX_REQUESTS, CostReport, per_call
from adapt.engine.hosting import payback_requests_hourly
from adapt.engine.options import OPTIONS, OptionId
from adapt.engine.scenario import Factor, Problem, Scenario
from adapt.engine.units import examples_for_data
from adapt.engine.weights import DATA_GATES, MAX_QUALITY_SPEND_RATIO, UNSTABLE_BELOW

# Why an option that can fix the failure cannot start now (Block.reason, FeasibilityRow's
# blocked_by): stable ids, part of the JSON contract.
UNAVAILABLE = "unavailable"  # the provider no longer takes tuning jobs, or the model retired
EXAMPLES = "examples"  # too few labeled examples
UNSTABLE = "unstable"  # requirements still change
RETIRING = "retiring"  # the model retires before the tune would be worth its run
PAYBACK = "payback"  # a cost failure and the tune does not pay back inside the window
PREMIUM = "premium"  # a quality failure and the tune costs over MAX_QUALITY_SPEND_RATIO
LORA_FIRST = "lora_first"  # full fine-tuning while LoRA / PEFT can start


class Block(NamedTuple):
    reason: str
    needs_examples: int | None = None  # for EXAMPLES: about how many labeled examples it needs


def spend_ratio(cost: CostReport) -> float:
    """The tuned path's spend over the window the tune would live (its one-time run included)
    against the cheaper prompt path's over the same months; inf when the prompt path costs
    nothing or the window is empty."""
    window = cost.payback_horizon_months
    prompt = cost.prompt_only_monthly if cost.compared_with == "prompt_only" \
        else (cost.cached_monthly or 0.0)
    if window <= 0 or prompt <= 0:
        return math.inf
    return (cost.one_time + window * cost.tuned_monthly) / (window * prompt)


def premium_requests(scenario: Scenario, cost: CostReport) -> float | None:
    """The monthly requests from which the tuned path's spend ratio falls to the bound (None:
    no volume brings it there): one_time + W x (r x tuned + hosting) <= R x W x r x prompt, so
    r x (R x prompt - tuned) >= one_time / W + hosting: payback's own equation with the saving
    per call R x prompt - tuned (and, served by the hour, the units that volume needs)."""
    calls = per_call(scenario)
    window = cost.payback_horizon_months
    margin = MAX_QUALITY_SPEND_RATIO * calls.cheaper_prompt - calls.tuned
    if window <= 0 or margin <= 0:
        return None
    fixed = cost.one_time / window + scenario.hosting
    if scenario.served_hourly:
        found = payback_requests_hourly(scenario, margin, fixed)
        return found if found is not None and found <= MAX_REQUESTS else None
    needed = fixed / margin
    return math.ceil(needed) if needed <= MAX_REQUESTS else None


def _pays_enough(problem: Problem, cost: CostReport) -> bool:
    if cost.pays_back_in_horizon:
        return True
    return problem is not Problem.COST and spend_ratio(cost) <= MAX_QUALITY_SPEND_RATIO


def _own_block(scenario: Scenario, option: OptionId, cost: CostReport,
               tuning: TuningStatus | None, data: float, stability: float) -> Block | None:
    if tuning is not None and tuning.not_yet is not None:
        return Block(UNAVAILABLE)
    gate = DATA_GATES[option]
    if data < gate.enough:
        return Block(EXAMPLES, examples_for_data(gate.enough))
    if stability < UNSTABLE_BELOW:
        return Block(UNSTABLE)
    if not _pays_enough(scenario.problem, cost):
        retiring = cost.payback_horizon_months < cost.horizon_months
        return Block(RETIRING if retiring else PAYBACK if scenario.problem is Problem.COST
                     else PREMIUM)
    return None


def blocks(scenario: Scenario, cost: CostReport, tuning: TuningStatus | None = None, *,
           data: float | None = None, stability: float | None = None
           ) -> dict[OptionId, Block | None]:
    """Why each option that can fix the failure cannot start now (None: it can; options that
    cannot fix it are not judged here and map to None). `data=`/`stability=`: judge at this
    value instead of the scenario's (the tipping-point scan)."""
    data = scenario.data if data is None else data
    stability = scenario.stability if stability is None else stability
    found: dict[OptionId, Block | None] = dict.fromkeys(OPTIONS)
    for option in (OptionId.PEFT, OptionId.FULL_FINETUNE):
        if can_fix(scenario.problem, option):
            found[option] = _own_block(scenario, option, cost, tuning, data, stability)
    lora_ready = can_fix(scenario.problem, OptionId.PEFT) and found[OptionId.PEFT] is None
    if (found[OptionId.FULL_FINETUNE] is None and lora_ready
            and scenario.problem is not Problem.DOMAIN):
        found[OptionId.FULL_FINETUNE] = Block(LORA_FIRST)
    return found


def out_of_the_running(scenario: Scenario, cost: CostReport, tuning: TuningStatus | None = None,
                       *, data: float | None = None, stability: float | None = None
                       ) -> frozenset[OptionId]:
    """Every option that cannot lead: it cannot fix the failure, or cannot start now."""
    found = blocks(scenario, cost, tuning, data=data, stability=stability)
    return frozenset(o for o in OPTIONS
                     if not can_fix(scenario.problem, o) or found[o] is not None)


def knots(factor: Factor) -> list[float]:
    """Factor values where feasibility can flip (the tipping-point scan stops at each)."""
    if factor is Factor.DATA:
        return sorted({gate.enough for gate in DATA_GATES.values()})
    return [UNSTABLE_BELOW] if factor is Factor.STABILITY else []

