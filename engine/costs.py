"""The cost workbench: prompt-only spend against a one-time tuning run plus shorter prompts."""

import math

from pydantic import BaseModel

from adapt.engine.scenario import Scenario

TOKENS_PER_PRICE_UNIT = 1_000_000  # prices are per 1M input tokens
MAX_REQUESTS = 1e12  # the largest volume a scenario accepts; beyond it, "never"


class CostPoint(BaseModel):
    month: int
    prompt_only: float
    tuned: float


class CostReport(BaseModel):
    prompt_only_monthly: float
    tuned_monthly: float
    one_time: float
    monthly_savings: float
    break_even_months: float | None  # None: tuning never pays back (it saves nothing per month)
    horizon_months: int
    prompt_only_total: float
    tuned_total: float
    pays_back_in_horizon: bool
    payback_requests: float | None  # monthly requests from which tuning pays back in the horizon;
    # None: no volume up to MAX_REQUESTS does
    series: list[CostPoint]


def _per_call_cost(scenario: Scenario, tokens: float, multiplier: float) -> float:
    return tokens * scenario.price * multiplier / TOKENS_PER_PRICE_UNIT


def _per_call_saving(scenario: Scenario) -> float:
    prompt_only = _per_call_cost(scenario, scenario.extra_tokens + scenario.shared_tokens, 1.0)
    tuned_tokens = scenario.extra_tokens - scenario.reduction + scenario.shared_tokens
    return prompt_only - _per_call_cost(scenario, tuned_tokens, scenario.tuned_multiplier)


def payback_requests(scenario: Scenario, one_time: float) -> float | None:
    """The monthly volume at which savings repay the one-time cost within the horizon."""
    saving = _per_call_saving(scenario)
    if saving <= 0:
        return None
    needed = (one_time / scenario.horizon + scenario.hosting) / saving
    return math.ceil(needed) if needed <= MAX_REQUESTS else None


def workbench(scenario: Scenario) -> CostReport:
    requests = scenario.requests
    prompt_tokens = scenario.extra_tokens + scenario.shared_tokens
    tuned_tokens = prompt_tokens - scenario.reduction
    prompt_only_monthly = requests * _per_call_cost(scenario, prompt_tokens, 1.0)
    tuned_monthly = (requests * _per_call_cost(scenario, tuned_tokens, scenario.tuned_multiplier)
                     + scenario.hosting)
    one_time = scenario.training + scenario.eval
    savings = prompt_only_monthly - tuned_monthly
    break_even = one_time / savings if savings > 0 else None
    if break_even is not None and not math.isfinite(break_even):
        break_even = None  # savings too small to represent a payback time: never
    months = scenario.horizon
    series = [CostPoint(month=m, prompt_only=m * prompt_only_monthly,
                        tuned=one_time + m * tuned_monthly) for m in range(months + 1)]
    return CostReport(
        prompt_only_monthly=prompt_only_monthly,
        tuned_monthly=tuned_monthly,
        one_time=one_time,
        monthly_savings=savings,
        break_even_months=break_even,
        horizon_months=months,
        prompt_only_total=series[-1].prompt_only,
        tuned_total=series[-1].tuned,
        pays_back_in_horizon=break_even is not None and break_even <= months,
        payback_requests=payback_requests(scenario, one_time),
        series=series,
    )
