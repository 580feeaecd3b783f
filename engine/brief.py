"""The decision at a glance: the one cost line that matters for it, and the one warning to hear
first. Short answers (Slack's first screen) show these; full reports keep every figure.

The cost line follows the decision (seed 001: "cost affects the decision, but the product
failure still decides the right system design"): when the plan tunes, it says whether tuning
pays back, or what the tune costs beyond the prompt path and why it is still worth it (issue 20:
never a bare contrary line); when nothing in the plan trains, it prices tuning as the alternative
considered, or, where tuning cannot fix the failure, only the prompt path.
"""

from typing import Literal

from adapt.engine.advice import Alert, StackItem
from adapt.engine.availability import TuningStatus
from adapt.engine.capability import can_fix
from adapt.engine.costs import CostReport
from adapt.engine.decision import Decision
from adapt.engine.options import TUNING
from adapt.engine.sentences import say
from adapt.engine.units import money, months_text, payback_when, pays_back_ever

# Most important first: a model that is gone or going comes before anything else (issue 20), then
# a call too close to trust and inputs that contradict each other, then cautions about the chosen
# path, then its prerequisites, then bookkeeping.
WARNING_PRIORITY: tuple[str, ...] = (
    "model_retired", "model_retiring", "catalogue_old", "close_call", "volume_mismatch", "low_data",
    "stale_weights", "availability", "no_eval", "cache_first", "tuned_price_partial",
)


def tuning_planned(stack: list[StackItem]) -> bool:
    return any(item.option in TUNING for item in stack)


def _window(cost: CostReport) -> str:
    """The months tuning has to pay back in: the horizon, or the tuned model's remaining life."""
    if cost.payback_horizon_months < cost.horizon_months:
        return say("cost.window.life", months=months_text(cost.payback_horizon_months))
    return say("cost.window.horizon", horizon=cost.horizon_months)


def _cheaper_prompt(cost: CostReport) -> tuple[float, float]:
    """(monthly, horizon total) of the prompt path tuning is judged against."""
    if cost.compared_with == "cached" and cost.cached_monthly is not None:
        return cost.cached_monthly, cost.cached_total or 0.0
    return cost.prompt_only_monthly, cost.prompt_only_total


def _premium(decision: Decision, tuned: StackItem, cost: CostReport) -> str:
    """A tune that does not pay back in its window: the monthly premium over the window and why
    it is worth paying (feasibility kept it within weights.MAX_QUALITY_SPEND_RATIO)."""
    window = cost.payback_horizon_months
    monthly, _ = _cheaper_prompt(cost)
    tuned_spend = cost.one_time + window * cost.tuned_monthly
    prompt_spend = window * monthly
    months = cost.break_even_months
    payback = say("cost.payback.late", when=payback_when(months)) \
        if months is not None and pays_back_ever(months, cost.horizon_months) \
        else say("cost.payback.never")
    return say("cost.tuned.premium", name=tuned.name,
               premium=money((tuned_spend - prompt_spend) / window),
               path=say(f"cost.path.{cost.compared_with}"), window=_window(cost),
               tuned_total=money(tuned_spend), prompt_total=money(prompt_spend),
               payback=payback, worth=say(f"cost.worth.{decision.failure.value}"))


def cost_line(decision: Decision, stack: list[StackItem], cost: CostReport,
              tuning: TuningStatus | None = None) -> str:
    """Against the cheaper prompt path (issue 12: with caching, savings and break-even are
    judged against the cached prompt when it is cheaper); where no tune of the named model can
    start on the date, only the prompt path."""
    months = cost.break_even_months
    monthly, total = _cheaper_prompt(cost)
    figures = {"horizon": cost.horizon_months, "window": _window(cost),
               "path": say(f"cost.path.{cost.compared_with}"),
               "prompt_total": money(total), "tuned_total": money(cost.tuned_total),
               "prompt_monthly": money(monthly), "tuned_monthly": money(cost.tuned_monthly),
               "one_time": money(cost.one_time), "when": payback_when(months or 0.0),
               "failure": decision.failure_label}
    tuned = next((item for item in stack if item.option in TUNING), None)
    if tuned is not None:
        if not cost.pays_back_in_horizon:
            return _premium(decision, tuned, cost)
        short = cost.payback_horizon_months < cost.horizon_months
        return say("cost.tuned.pays_back_short" if short else "cost.tuned.pays_back", **figures)
    if not any(can_fix(decision.failure, option) for option in TUNING):
        return say("cost.untrained.only", **figures)
    if tuning is not None and tuning.not_yet is not None:
        return say("cost.untrained.closed", not_yet=tuning.not_yet, **figures)
    case = "never" if not pays_back_ever(months, cost.horizon_months) \
        else "pays_back" if cost.pays_back_in_horizon else "late"
    return say(f"cost.untrained.{case}", **figures)


def tuned_path(tuning: TuningStatus | None) -> Literal["open", "closed", "retired"]:
    """Whether a tune of the named model can start on the date: the model is gone ("retired"),
    the provider takes no job for it ("closed"), or it may ("open"; no model named, too)."""
    if tuning is not None and tuning.retired:
        return "retired"
    return "closed" if tuning is not None and tuning.not_yet is not None else "open"


def requests_tip(cost: CostReport, tuning: TuningStatus | None) -> str:
    """What monthly volume would do for tuning, never offering it where it cannot start."""
    if tuning is not None and tuning.not_yet is not None:
        return say("tip.requests.closed", not_yet=tuning.not_yet)
    if cost.payback_requests is None:
        return say("tip.requests.never", window=_months(cost))
    return say("tip.requests.at", window=_months(cost), requests=cost.payback_requests)


def _months(cost: CostReport) -> str:
    """"12 months", or "the 1.3 months the tuned model would live"."""
    if cost.payback_horizon_months < cost.horizon_months:
        return say("cost.window.life", months=months_text(cost.payback_horizon_months))
    return f"{cost.horizon_months} months"


def lead_warning(warnings: list[Alert]) -> Alert | None:
    """The most important warning: the short answer shows it beside the cost line."""
    ranked = sorted(warnings, key=lambda w: WARNING_PRIORITY.index(w.id)
                    if w.id in WARNING_PRIORITY else len(WARNING_PRIORITY))
    return ranked[0] if ranked else None
