"""Properties over random scenarios and random text (hypothesis)."""

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from adapt.engine import ArgumentError, Scenario, evaluate, parse_scenario
from adapt.engine.options import OptionId
from adapt.engine.scenario import Factor, Problem

factor = st.floats(min_value=0, max_value=100, allow_nan=False)
scenarios = st.builds(
    Scenario,
    stability=factor, data=factor, volume=factor, freshness=factor, tolerance=factor,
    problem=st.sampled_from(list(Problem)),
    requests=st.floats(min_value=0, max_value=1e12),
    extra_tokens=st.floats(min_value=1000, max_value=10_000_000),
    reduction=st.floats(min_value=0, max_value=1000),
    shared_tokens=st.floats(min_value=0, max_value=10_000_000),
    training=st.floats(min_value=0, max_value=1e9), eval=st.floats(min_value=0, max_value=1e9),
    price=st.floats(min_value=0, max_value=10_000),
    tuned_multiplier=st.floats(min_value=0.01, max_value=100),
    hosting=st.floats(min_value=0, max_value=1e9), horizon=st.integers(min_value=1, max_value=120),
)


def _all_finite(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_all_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_all_finite(v) for v in value)
    return True


@settings(max_examples=300, deadline=None)
@given(scenarios)
def test_report_is_complete_and_finite(scenario):
    report = evaluate(scenario)
    dumped = report.model_dump(mode="json")
    assert _all_finite(dumped)
    json.dumps(dumped, allow_nan=False)
    assert len(report.ranking) == len(OptionId)
    assert report.winner == report.ranking[0]
    assert len(report.tipping_points) == len(Factor)
    assert len(report.cost.series) == scenario.horizon + 1
    assert report.stack[0].option is report.winner.option


def _score(scenario: Scenario, option: OptionId) -> float:
    return next(e.score for e in evaluate(scenario).ranking if e.option is option)


@settings(max_examples=300, deadline=None)
@given(scenarios, factor, factor)
def test_monotone_factors(scenario, a, b):
    low, high = sorted((a, b))
    checks = [(Factor.FRESHNESS, OptionId.RAG), (Factor.DATA, OptionId.PEFT),
              (Factor.DATA, OptionId.FULL_FINETUNE), (Factor.VOLUME, OptionId.PEFT)]
    for moved, option in checks:
        before = _score(scenario.with_factor(moved, low), option)
        after = _score(scenario.with_factor(moved, high), option)
        assert after >= before, (moved, option)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(), st.lists(st.text()).map(" ".join),
                 st.lists(st.tuples(st.sampled_from(["volume", "data", "requests", "price",
                                                     "model", "horizon", "problem", "preset",
                                                     "reduction", "tuned_multiplier", "x"]),
                                    st.text(max_size=12))).map(
                     lambda pairs: " ".join(f"{k}={v}" for k, v in pairs))))
def test_any_text_gives_a_scenario_or_a_clear_error(text):
    try:
        scenario = parse_scenario(text)
    except ArgumentError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert isinstance(scenario, Scenario)


@settings(max_examples=300, deadline=None)
@given(scenarios, st.sampled_from(list(Factor)), factor,
       st.sampled_from([None, "gpt-4o-mini", "gpt-4.1-mini", "google:gemini-1.5-flash"]),
       st.dates())
def test_the_tipping_scan_rescores_exactly_as_evaluate(scenario, moved, value, model, today):
    """The tipping points' cheap re-score (no changed scenario built, the cost reused) names the
    winner evaluate's own scoring gives the changed scenario, for any factor and value, with or
    without a named model whose tuning may be closed or retiring on the date."""
    from adapt.engine.availability import tuning_status
    from adapt.engine.costs import workbench
    from adapt.engine.feasibility import out_of_the_running
    from adapt.engine.tipping import _leader_with, _Rescore

    if model is not None:
        scenario = scenario.model_copy(update={"model": model})
    tuning = tuning_status(scenario.model, today)
    cost = workbench(scenario, tuning)
    out = out_of_the_running(scenario, cost, tuning)
    rescore = _Rescore(scenario, cost, out, tuning)
    assert rescore(moved, value) is _leader_with(scenario.with_factor(moved, value), tuning)
