"""The decision at a glance: the one cost line that matters for it, and the one warning to hear
first. Short answers (Slack's first screen) show these; full reports keep every figure.

The cost line follows the decision (seed 001: "cost affects the decision, but the product
failure still decides the right system design"): when the plan tunes, it says whether tuning
pays back and which path is cheaper over the horizon; when nothing in the plan trains, it prices
tuning as the alternative considered, never as the plan.
"""

from adapt.engine.advice import Alert, StackItem
from adapt.engine.costs import CostReport
from adapt.engine.options import TUNING
from adapt.engine.sentences import say
from adapt.engine.units import money, months_text, payback_when

# Most important first: a call too close to trust and inputs that contradict each other come
# before cautions about the chosen path, then its prerequisites, then bookkeeping.
WARNING_PRIORITY: tuple[str, ...] = (
    "close_call", "volume_mismatch", "low_data", "stale_weights", "unstable", "availability",
    "no_eval", "try_lora_first", "tuned_price_partial", "problem_mismatch", "no_payback",
)
# Said already by the headline (the hybrid names the best fit), or by the cost line and the
# plan's "at about N requests a month" step.
SAID_ELSEWHERE = frozenset({"problem_mismatch", "no_payback"})


def tuning_planned(stack: list[StackItem]) -> bool:
    return any(item.option in TUNING for item in stack)


def _window(cost: CostReport) -> str:
    """The months tuning has to pay back in: the horizon, or the tuned model's remaining life."""
    if cost.payback_horizon_months < cost.horizon_months:
        return say("cost.window.life", months=months_text(cost.payback_horizon_months))
    return say("cost.window.horizon", horizon=cost.horizon_months)


def cost_line(stack: list[StackItem], cost: CostReport) -> str:
    """Against the cheaper prompt path (issue 12: with caching, savings and break-even are
    judged against the cached prompt when it is cheaper)."""
    months = cost.break_even_months
    cached = cost.compared_with == "cached" and cost.cached_monthly is not None
    monthly = cost.cached_monthly if cached else cost.prompt_only_monthly
    total = cost.cached_total if cached else cost.prompt_only_total
    figures = {"horizon": cost.horizon_months, "window": _window(cost),
               "path": say(f"cost.path.{cost.compared_with}"),
               "prompt_total": money(total or 0.0), "tuned_total": money(cost.tuned_total),
               "prompt_monthly": money(monthly or 0.0),
               "tuned_monthly": money(cost.tuned_monthly), "one_time": money(cost.one_time),
               "when": payback_when(months or 0.0)}
    case = "never" if months is None else "pays_back" if cost.pays_back_in_horizon else "late"
    plan = "tuned" if tuning_planned(stack) else "untrained"
    if (plan, case) == ("tuned", "pays_back") and \
            cost.payback_horizon_months < cost.horizon_months:
        case = "pays_back_short"  # the horizon's totals would outlive the tuned model
    return say(f"cost.{plan}.{case}", **figures)


def lead_warning(warnings: list[Alert]) -> Alert | None:
    """The most important warning the short answer does not already say another way."""
    fresh = [w for w in warnings if w.id not in SAID_ELSEWHERE]
    ranked = sorted(fresh, key=lambda w: WARNING_PRIORITY.index(w.id)
                    if w.id in WARNING_PRIORITY else len(WARNING_PRIORITY))
    return ranked[0] if ranked else None
