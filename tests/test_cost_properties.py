"""Invariants of the cost model (issue 12), held by hypothesis over random scenarios: savings and
break-even are measured against the cheaper prompt path, the new keys left out reproduce the
seed's arithmetic bit for bit, and tuning never wins where it is no longer offered."""

import sys
from datetime import date

from helpers.strategies import examples
from hypothesis import given
from hypothesis import strategies as st

from adapt.engine import Scenario, evaluate
from adapt.engine.costs import CostReport, workbench
from adapt.engine.options import TUNING
from adapt.engine.scenario import Problem
from adapt.engine.units import Cadence

money = st.floats(0, 1e6, allow_nan=False)
rate = st.floats(0, 100, allow_nan=False)
costs = st.fixed_dictionaries({
    "requests": st.floats(0, 1e9, allow_nan=False),
    "extra_tokens": st.floats(0, 100_000, allow_nan=False),
    "shared_tokens": st.floats(0, 100_000, allow_nan=False),
    "output_tokens": st.floats(0, 10_000, allow_nan=False),
    "price": rate, "output_price": rate, "cache_price": rate,
    "cached": st.floats(0, 1, allow_nan=False),
    "tuned_multiplier": st.floats(0.1, 10, allow_nan=False),
    "training": money, "eval": money, "hosting": money,
    "horizon": st.integers(1, 120),
    "reduction_share": st.floats(0, 1, allow_nan=False),
})


# Float rounding in a monthly figure is a few ulps of the largest amount summed into it, so two
# figures that are equal in exact arithmetic may differ by that much: tolerances are relative to
# the amounts involved (a trillionth of them: a thousand times the rounding, far below any real
# difference the properties look for). Below the smallest normal float (requests=5e-324 is a
# valid input) the spacing of floats is absolute, so that is the floor.
ROUNDING = 1e-12


def _slack(*reports: CostReport) -> float:
    """The rounding allowed between figures computed from these reports' monthly amounts."""
    largest = max(max(abs(r.prompt_only_monthly), abs(r.tuned_monthly),
                      abs(r.cached_monthly or 0.0)) for r in reports)
    return ROUNDING * largest + sys.float_info.min


def _scenario(values: dict, **changes: object) -> Scenario:
    values = {**values, **changes}
    share = values.pop("reduction_share")
    return Scenario(**values, reduction=values["extra_tokens"] * share)


@examples(300)
@given(costs)
def test_savings_and_break_even_are_against_the_cheaper_prompt_path(values):
    cost = workbench(_scenario(values))
    assert cost.cached_monthly is not None
    cheaper = min(cost.prompt_only_monthly, cost.cached_monthly)
    assert cost.monthly_savings == cheaper - cost.tuned_monthly
    assert cost.compared_with == ("cached" if cost.cached_monthly < cost.prompt_only_monthly
                                  else "prompt_only")
    if cost.break_even_months is not None:
        assert cost.monthly_savings > 0
        # tuned_total carries one_time, so subtracting it leaves rounding of tuned_total's size
        assert cost.tuned_total - cost.one_time <= cost.horizon_months * cheaper + (
            cost.horizon_months * _slack(cost) + ROUNDING * abs(cost.tuned_total))
    else:
        assert cost.monthly_savings <= 0 or cost.one_time / cost.monthly_savings == float("inf")


@examples(300)
@given(costs)
def test_a_cache_no_dearer_than_input_never_raises_the_prompt_path(values):
    values = {**values, "cache_price": min(values["cache_price"], values["price"])}
    cost = workbench(_scenario(values))
    assert cost.cached_monthly is not None
    assert cost.cached_monthly <= cost.prompt_only_monthly + _slack(cost)


@examples(300)
@given(costs)
def test_left_out_the_new_keys_reproduce_the_seeds_arithmetic_exactly(values):
    """Seed 001's formulas, as the workbench computed them before issue 12."""
    scenario = _scenario(values, output_tokens=0, cached=None, output_price=None,
                         cache_price=None)
    cost = workbench(scenario)
    prompt_tokens = scenario.extra_tokens + scenario.shared_tokens
    tuned_tokens = prompt_tokens - scenario.reduction
    prompt_only = scenario.requests * (prompt_tokens * scenario.price * 1.0 / 1_000_000)
    tuned = (scenario.requests * (tuned_tokens * scenario.price * scenario.tuned_multiplier
                                  / 1_000_000) + scenario.hosting)
    assert cost.prompt_only_monthly == prompt_only  # bit for bit, not approximately
    assert cost.tuned_monthly == tuned
    assert cost.monthly_savings == prompt_only - tuned
    assert cost.cached_monthly is None and cost.compared_with == "prompt_only"
    assert cost.payback_horizon_months == scenario.horizon


@examples(200)
@given(costs, st.floats(0, 10_000, allow_nan=False))
def test_more_output_tokens_never_favour_a_dearer_tuned_model(values, more):
    values = {**values, "tuned_multiplier": max(1.0, values["tuned_multiplier"])}
    fewer = workbench(_scenario(values))
    extra = workbench(_scenario(values, output_tokens=values["output_tokens"] + more))
    # savings subtract monthly amounts of up to about 1e17: compare at their scale, not the
    # savings' (which can be near 0 while the amounts are millions)
    assert extra.monthly_savings <= fewer.monthly_savings + _slack(fewer, extra)


facts = st.fixed_dictionaries({
    "stability": st.floats(0, 100), "tolerance": st.floats(0, 100),
    "problem": st.sampled_from(list(Problem)),
    "examples": st.integers(0, 200_000),
    "changes": st.sampled_from(list(Cadence)),
    "requests": st.floats(100, 10_000_000),
})
# Where the catalogue says self-serve tuning is over, on the date given (engine/data/tuning.toml).
NOT_OFFERED = [("gemini-2.5-flash", date(2026, 12, 1)), ("cohere:command-r", date(2026, 12, 1)),
               ("claude-3-haiku", date(2026, 12, 1)), ("gpt-4o-mini", date(2027, 1, 7)),
               ("gpt-4.1", date(2027, 3, 1))]


@examples(200)
@given(facts, st.sampled_from(NOT_OFFERED))
def test_tuning_never_wins_where_it_is_no_longer_offered(values, where):
    model, today = where
    scenario = Scenario(**values, model=model, price=1.0)
    report = evaluate(scenario, today=today)
    assert report.tuning is not None and report.tuning.not_yet is not None
    assert report.winner.option not in TUNING
    for entry in report.ranking:
        assert entry.eligible is (entry.fixes and entry.option not in TUNING)
    assert not {item.option for item in report.stack} & TUNING
    for step in report.plan:  # tuning only as the step that waits for another model
        assert step.option not in TUNING or step.when == "On a model that can still be tuned"
    assert report.best_fit.option in {item.option for item in report.stack}
    for point in report.tipping_points:  # no factor brings tuning back
        for tip in (point.below, point.above):
            if tip is not None:
                assert tip.option not in TUNING
                moved = evaluate(scenario.with_factor(point.factor, tip.at), today=today)
                assert moved.winner.option is tip.option
