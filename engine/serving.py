"""Which way a tuned model served by the hour was priced, and how to change it (issue 22: "the
report names which it used and how to change it"): a host's dedicated GPU, your own GPU, or
Bedrock's Provisioned Throughput. The figures are hosting.py's; this names them.

A rate equal to the host's recorded one is the host's (as sources.py tells a filled price from
a typed one); any other is the person's own GPU, except on Bedrock, where it can only be the
Provisioned Throughput rate they looked up.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict

from adapt.engine.catalog import ModelRow, ProviderRow, catalogue
from adapt.engine.hosting import hourly_monthly, tuned_tokens_per_call, unit_capacity, units_needed
from adapt.engine.prices import known
from adapt.engine.scenario import Scenario
from adapt.engine.sentences import say
from adapt.engine.units import compact_count, money

ServingKind = Literal["dedicated_gpu", "self_hosted", "provisioned_throughput"]


class Serving(BaseModel):
    """The tuned model served by the hour: where, at what rate, how many, and how to change it."""

    model_config = ConfigDict(defer_build=True)

    kind: ServingKind
    where: str  # "Together AI", "your own GPUs", "Amazon Bedrock"
    unit: str  # "H100 80GB", "GPUs", "model unit"
    units: int  # how many the tuned path's tokens need
    price_per_hour: float  # USD, one unit
    hours: float  # a month
    monthly: float  # units x price x hours
    tokens_per_second: float  # one unit
    tokens_a_month: float  # the tuned path's, input and output
    capacity_a_month: float  # what the units serve
    prompts_at: str | None  # the serverless host whose per-token prices the prompt paths use
    text: str
    change: str


def _kind(scenario: Scenario, row: ModelRow | None,
          provider: ProviderRow | None) -> ServingKind:
    way = catalogue().serving(row, provider)
    if way == "provisioned_throughput":
        return "provisioned_throughput"
    if way == "dedicated_gpu" and provider is not None \
            and provider.gpu_per_hour == scenario.gpu_price:
        return "dedicated_gpu"
    return "self_hosted"


def _other_hosts(row: ModelRow | None) -> str:
    if row is None:
        return ""
    others = [f"model={other.ref}" for other in catalogue().models
              if other.model == row.model and other.provider != row.provider]
    return say("serving.hosts", hosts=", ".join(others)) if others else ""


def _change(kind: ServingKind, row: ModelRow | None, provider: ProviderRow | None) -> str:
    if kind == "dedicated_gpu":
        return say("serving.change.dedicated_gpu", hosts=_other_hosts(row))
    if kind == "provisioned_throughput":
        return say("serving.change.provisioned_throughput")
    host = ""
    if provider is not None and provider.gpu_per_hour is not None and provider.gpu is not None:
        host = say("serving.host", where=provider.name, unit=provider.gpu,
                   rate=money(provider.gpu_per_hour))
    return say("serving.change.self_hosted", host=host)


def serving(scenario: Scenario) -> Serving | None:
    """How the tuned model's hourly serving was priced; None when it is priced per token."""
    if not scenario.served_hourly:
        return None
    assert scenario.gpu_price is not None and scenario.gpu_throughput is not None
    _, row, provider = known(scenario.model)
    kind = _kind(scenario, row, provider)
    name = provider.name if provider is not None else "the provider"
    where, unit = {"dedicated_gpu": (name, provider.gpu if provider else None),
                   "provisioned_throughput": (name, "model unit"),
                   "self_hosted": ("your own GPUs", "GPUs")}[kind]
    units = units_needed(scenario)
    needed = scenario.requests * tuned_tokens_per_call(scenario)
    monthly = hourly_monthly(scenario)
    text = say(f"serving.{kind}", where=where, unit=unit, rate=money(scenario.gpu_price),
               hours=scenario.month_hours, units=units, monthly=money(monthly),
               needed=compact_count(needed), throughput=scenario.gpu_throughput)
    prompts_at = None
    if row is not None and row.prices_id is not None and provider is not None:
        prompts_at = provider.name
        text += say("serving.prompts", where=provider.name)
    return Serving(kind=kind, where=where, unit=unit or "GPU", units=units,
                   price_per_hour=scenario.gpu_price, hours=scenario.month_hours,
                   monthly=monthly, tokens_per_second=scenario.gpu_throughput,
                   tokens_a_month=needed, capacity_a_month=units * unit_capacity(scenario),
                   prompts_at=prompts_at, text=text, change=_change(kind, row, provider))
