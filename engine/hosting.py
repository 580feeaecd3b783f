"""A tuned model served by the hour instead of per token: on a host's dedicated GPU (Together AI,
Fireworks AI: a fine-tuned LoRA runs only on a dedicated deployment), on your own GPU, or on
Bedrock's Provisioned Throughput (model units billed by the hour). Its tokens cost nothing
each; it costs units x hourly price x hours a month, with as many units as the tuned path's
tokens need at their throughput (at least one: a deployment bills while it is up).
"""

import math

from adapt.engine.scenario import Scenario

SECONDS_PER_HOUR = 3_600


def tuned_tokens_per_call(scenario: Scenario) -> float:
    """Input and output tokens one call on the tuned path sends through the model."""
    return (scenario.extra_tokens - scenario.reduction + scenario.shared_tokens
            + scenario.output_tokens)


def unit_capacity(scenario: Scenario) -> float:
    """Tokens a month one GPU (or model unit) serves: throughput x 3,600 x hours a month."""
    assert scenario.gpu_throughput is not None  # Scenario: gpu_price needs it
    return scenario.gpu_throughput * SECONDS_PER_HOUR * scenario.month_hours


def units_needed(scenario: Scenario, requests: float | None = None) -> int:
    """GPUs (or model units) the tuned path needs for `requests` a month (the scenario's)."""
    volume = scenario.requests if requests is None else requests
    tokens = volume * tuned_tokens_per_call(scenario)
    return max(1, math.ceil(tokens / unit_capacity(scenario)))


def unit_month(scenario: Scenario) -> float:
    """What one GPU (or model unit) costs a month: hourly price x hours."""
    assert scenario.gpu_price is not None
    return scenario.gpu_price * scenario.month_hours


def hourly_monthly(scenario: Scenario) -> float:
    """The tuned path's hourly serving a month (0 when it is priced per token)."""
    if not scenario.served_hourly:
        return 0.0
    return units_needed(scenario) * unit_month(scenario)


def payback_requests_hourly(scenario: Scenario, saving: float, fixed: float) -> float | None:
    """The least monthly volume at which the saving per call repays `fixed` a month (one-time
    spread over the payback months, plus any other hosting) and the units that volume needs.
    With g units, the volume needed is (fixed + g x unit cost) / saving, and g units serve
    g x capacity calls; the first g where the two meet is ceil(fixed / (saving x capacity -
    unit cost)). None when a unit costs more than the calls it serves save."""
    per_unit = unit_month(scenario)
    tokens = tuned_tokens_per_call(scenario)
    calls_per_unit = math.inf if tokens <= 0 else unit_capacity(scenario) / tokens
    if (fixed + per_unit) / saving <= calls_per_unit:
        units = 1
    else:
        margin = saving * calls_per_unit - per_unit
        if margin <= 0 or not math.isfinite(fixed / margin):
            return None
        units = math.ceil(fixed / margin)
    needed = (fixed + units * per_unit) / saving
    return math.ceil(needed) if math.isfinite(needed) else None  # a saving too small: never
