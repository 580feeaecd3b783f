"""The cost workbench: three paths, prompt-only, prompt-only with the prompt cached, and tuned (a
one-time run plus shorter prompts), and whether tuning pays back against the cheaper prompt path.

Per call (prices per 1M tokens; seed 001's formulas, extended by issue 12):
    prompt-only = (extra + shared) x price + output x output_price
    cached      = (extra x (1 - cached) + shared) x price + extra x cached x cache_price
                  + output x output_price
    tuned       = ((extra - reduction + shared) x price + output x output_price) x tuned_multiplier
Monthly = requests x per call (+ hosting on the tuned path). The cache serves the prompt-only path's
repeated extra tokens (the long static instructions and examples a provider caches); shared
tokens are the part of the input that differs per call, and the tuned path is priced without a
cache, so caching can only make the prompt path cheaper.

Issue 22: with `batch`, that share of calls on every path is priced at the batch API's prices
(batch_price, batch_output_price, batch_cache_price: a provider that stacks its batch discount
with caching has a halved cache price there, one that does not keeps its cache price):
    per call = (1 - batch) x standard + batch x batched
A tuned model served by the hour (gpu_price: a dedicated or own GPU, or Bedrock's Provisioned
Throughput) costs nothing per token and hosting.hourly_monthly a month instead.
"""

import math
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, SerializerFunctionWrapHandler, model_serializer

from adapt.engine.availability import TuningStatus
from adapt.engine.hosting import hourly_monthly, payback_requests_hourly
from adapt.engine.scenario import Scenario
from adapt.engine.serving import Serving

TOKENS_PER_PRICE_UNIT = 1_000_000  # prices are per 1M tokens
MAX_REQUESTS = 1e12  # the largest volume a scenario accepts; beyond it, "never"

PromptPath = Literal["prompt_only", "cached"]


class CostPoint(BaseModel):
    model_config = ConfigDict(defer_build=True)

    month: int
    prompt_only: float
    tuned: float
    cached: float | None = None  # None: caching not modelled


class PriceSource(BaseModel):
    """One price the figures use, and where it came from (issue 12: "Prices age: the report names
    the source and date of every price it used")."""

    model_config = ConfigDict(defer_build=True)

    what: str  # "input", "output", "cache_read", "tuned", "training", "hosting"
    value: float
    unit: str  # "USD per 1M input tokens", "x the base price", "USD one-time", ...
    source: str  # "genai-prices 0.2.3 (openai:gpt-4.1-mini)", "given", "default (seed 001)", ...
    url: str | None = None  # the provider page, where the figure comes from one
    as_of: str | None = None  # the day the source was read (YYYY-MM-DD); None: undated


class CostReport(BaseModel):
    model_config = ConfigDict(defer_build=True)

    prompt_only_monthly: float
    tuned_monthly: float
    one_time: float
    monthly_savings: float  # against the cheaper prompt path (compared_with)
    break_even_months: float | None  # None: tuning never pays back (it saves nothing per month)
    horizon_months: int
    prompt_only_total: float
    tuned_total: float
    pays_back_in_horizon: bool  # within payback_horizon_months
    payback_requests: float | None  # monthly requests from which tuning pays back in the payback
    # horizon; None: no volume up to MAX_REQUESTS does
    series: list[CostPoint]
    cached_monthly: float | None = None  # None: caching not modelled
    cached_total: float | None = None
    compared_with: PromptPath = "prompt_only"  # the cheaper prompt path savings are against
    training_tokens: float | None = None  # examples x tokens per example x epochs, when given
    payback_horizon_months: float = 0.0  # the horizon, or the tuned model's remaining life if
    # shorter: the months tuning has to pay back in
    price_sources: list[PriceSource] = []  # filled by evaluate, which knows where prices came from
    tuned_path: Literal["open", "closed", "retired"] = "open"  # filled by evaluate (issue 26):
    # "closed", no tune of the named model can start on the date (its figures are what it would
    # cost); "retired", the model is gone and there is no tuned path to price
    requests_tip: str = ""  # filled by evaluate: what monthly volume would do for tuning
    serving: Serving | None = None  # filled by evaluate when the tuned model is served by the
    # hour; left out of the JSON otherwise

    @model_serializer(mode="wrap")
    def _serving_when_hourly(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        dumped: dict[str, Any] = handler(self)
        if self.serving is None:
            dumped.pop("serving", None)
        return dumped


class PerCall(NamedTuple):
    """USD per call on each path (cached None when caching is not modelled)."""

    prompt_only: float
    cached: float | None
    tuned: float

    @property
    def cheaper_prompt(self) -> float:
        return self.prompt_only if self.cached is None else min(self.prompt_only, self.cached)


def _tokens_cost(tokens: float, price: float, multiplier: float) -> float:
    return tokens * price * multiplier / TOKENS_PER_PRICE_UNIT


class _Prices(NamedTuple):
    """The token prices one call is billed at: the standard ones, or the batch API's."""

    input: float
    output: float
    cache: float


def _call_costs(scenario: Scenario, rates: _Prices) -> tuple[float, float | None, float]:
    """(prompt-only, cached or None, tuned) for one call at `rates`. At the standard rates with
    no output tokens and no cache this is, bit for bit, the seed's arithmetic (the extra terms
    add exactly 0.0)."""
    prompt_tokens = scenario.extra_tokens + scenario.shared_tokens
    tuned_tokens = prompt_tokens - scenario.reduction
    multiplier = scenario.tuned_multiplier
    output = _tokens_cost(scenario.output_tokens, rates.output, 1.0)
    cached = None
    if scenario.cached is not None:
        hits = scenario.extra_tokens * scenario.cached
        cached = (_tokens_cost(prompt_tokens - hits, rates.input, 1.0)
                  + _tokens_cost(hits, rates.cache, 1.0) + output)
    tuned = 0.0 if scenario.served_hourly else (
        _tokens_cost(tuned_tokens, rates.input, multiplier)
        + _tokens_cost(scenario.output_tokens, rates.output, multiplier))
    return _tokens_cost(prompt_tokens, rates.input, 1.0) + output, cached, tuned


def per_call(scenario: Scenario) -> PerCall:
    """What one call costs on each path: at the standard prices, or with `batch` of the calls at
    the batch API's."""
    standard = _call_costs(scenario, _Prices(scenario.price, scenario.output_price or 0.0,
                                             scenario.cache_price or 0.0))
    share = scenario.batch
    if share is None:
        return PerCall(*standard)
    batched = _call_costs(scenario, _Prices(scenario.batch_price or 0.0,
                                            scenario.batch_output_price or 0.0,
                                            scenario.batch_cache_price or 0.0))
    blend = [None if a is None or b is None else a * (1.0 - share) + b * share
             for a, b in zip(standard, batched, strict=True)]
    prompt_only, cached, tuned = blend
    assert prompt_only is not None and tuned is not None
    return PerCall(prompt_only, cached, tuned)


def payback_horizon(scenario: Scenario, tuning: TuningStatus | None) -> float:
    """The months tuning has to pay back in: the horizon, or fewer when the tuned model retires
    sooner (issue 12: "payback is judged against the months the tuned model would actually
    live, not only the horizon")."""
    if tuning is None or tuning.months_left is None:
        return scenario.horizon
    return max(0.0, min(float(scenario.horizon), tuning.months_left))


def payback_requests(scenario: Scenario, one_time: float, months: float) -> float | None:
    """The monthly volume at which savings repay the one-time cost within `months`."""
    calls = per_call(scenario)
    saving = calls.cheaper_prompt - calls.tuned
    if saving <= 0 or months <= 0:
        return None
    if scenario.served_hourly:
        found = payback_requests_hourly(scenario, saving, one_time / months + scenario.hosting)
        return found if found is not None and found <= MAX_REQUESTS else None
    needed = (one_time / months + scenario.hosting) / saving
    return math.ceil(needed) if needed <= MAX_REQUESTS else None


def _break_even(one_time: float, savings: float) -> float | None:
    if savings <= 0:
        return None
    months = one_time / savings
    return months if math.isfinite(months) else None  # too small a saving to show: never


def workbench(scenario: Scenario, tuning: TuningStatus | None = None) -> CostReport:
    requests = scenario.requests
    calls = per_call(scenario)
    prompt_only_monthly = requests * calls.prompt_only
    cached_monthly = None if calls.cached is None else requests * calls.cached
    tuned_monthly = requests * calls.tuned + scenario.hosting
    if scenario.served_hourly:
        tuned_monthly += hourly_monthly(scenario)
    one_time = scenario.training + scenario.eval
    cheaper_is_cached = cached_monthly is not None and cached_monthly < prompt_only_monthly
    cheaper = cached_monthly if cheaper_is_cached and cached_monthly is not None \
        else prompt_only_monthly
    savings = cheaper - tuned_monthly
    break_even = _break_even(one_time, savings)
    months = scenario.horizon
    within = payback_horizon(scenario, tuning)
    # Plain dicts, validated into CostPoints with the report in one pass (a CostPoint built
    # one by one cost more than its arithmetic); the totals are the last month's, computed alike.
    series = [{"month": m, "prompt_only": m * prompt_only_monthly,
               "tuned": one_time + m * tuned_monthly,
               "cached": None if cached_monthly is None else m * cached_monthly}
              for m in range(months + 1)]
    last = series[-1]
    return CostReport(
        prompt_only_monthly=prompt_only_monthly,
        tuned_monthly=tuned_monthly,
        one_time=one_time,
        monthly_savings=savings,
        break_even_months=break_even,
        horizon_months=months,
        prompt_only_total=last["prompt_only"],
        tuned_total=last["tuned"],
        pays_back_in_horizon=break_even is not None and break_even <= within,
        payback_requests=payback_requests(scenario, one_time, within),
        series=series,
        cached_monthly=cached_monthly,
        cached_total=last["cached"],
        compared_with="cached" if cheaper_is_cached else "prompt_only",
        training_tokens=scenario.training_tokens,
        payback_horizon_months=within,
    )
