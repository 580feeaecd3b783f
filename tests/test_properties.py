"""Properties over random scenarios and random text (hypothesis). The scenarios are
tests/helpers/strategies.py's: every input key, a named model or none, and a date."""

import json
import math
from datetime import date
from typing import Any

import pytest
from helpers.strategies import MODELS, cases, examples, factor, inputs
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from adapt.engine import ArgumentError, Scenario, evaluate, parse_scenario
from adapt.engine.keys import KEYS
from adapt.engine.options import OptionId
from adapt.engine.scenario import Factor


def _all_finite(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_all_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_all_finite(v) for v in value)
    return True


@examples(300)
@given(cases)
def test_report_is_complete_and_finite(case):
    scenario, as_of = case
    report = evaluate(scenario, as_of)
    dumped = report.model_dump(mode="json")
    assert _all_finite(dumped)
    json.dumps(dumped, allow_nan=False)
    assert len(report.ranking) == len(OptionId)
    assert report.winner == report.ranking[0]
    assert len(report.tipping_points) == len(Factor)
    assert len(report.cost.series) == scenario.horizon + 1
    assert report.stack[0].option is report.winner.option


def _score(scenario: Scenario, option: OptionId, as_of: date) -> float:
    return next(e.score for e in evaluate(scenario, as_of).ranking if e.option is option)


@examples(300)
@given(cases, factor, factor)
def test_monotone_factors(case, a, b):
    scenario, as_of = case
    low, high = sorted((a, b))
    checks = [(Factor.FRESHNESS, OptionId.RAG), (Factor.DATA, OptionId.PEFT),
              (Factor.DATA, OptionId.FULL_FINETUNE), (Factor.VOLUME, OptionId.PEFT)]
    for moved, option in checks:
        before = _score(scenario.with_factor(moved, low), option, as_of)
        after = _score(scenario.with_factor(moved, high), option, as_of)
        assert after >= before, (moved, option)


@examples(1000)
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


@examples(300)
@given(cases, st.sampled_from(list(Factor)), factor)
def test_the_tipping_scan_rescores_exactly_as_evaluate(case, moved, value):
    """The tipping points' cheap re-score (no changed scenario built, the cost reused) names the
    winner evaluate's own scoring gives the changed scenario, for any factor and value, with or
    without a named model whose tuning may be closed or retiring on the date."""
    from adapt.engine.availability import tuning_status
    from adapt.engine.costs import workbench
    from adapt.engine.feasibility import out_of_the_running
    from adapt.engine.tipping import _leader_with, _Rescore

    scenario, today = case
    tuning = tuning_status(scenario.model, today)
    cost = workbench(scenario, tuning)
    out = out_of_the_running(scenario, cost, tuning)
    rescore = _Rescore(scenario, cost, out, tuning)
    assert rescore(moved, value) is _leader_with(scenario.with_factor(moved, value), tuning)




# Drawing until every wanted value has turned up, without shrinking (only coverage matters).
_SEARCH = settings(phases=[Phase.generate], max_examples=20_000, database=None)


@pytest.mark.fuzz  # up to 20,000 draws
def test_the_scenario_generator_reaches_every_key_and_every_model():
    """The shared generator covers the whole input space: every key of the key table, every
    model it names, and no model. One search draws until all have turned up (find raises,
    naming what never did, when the draws run out first)."""
    wanted = {*(("key", key.name) for key in KEYS), *(("model", model) for model in MODELS),
              ("model", None)}
    seen: set[tuple[str, str | None]] = set()

    def everything_seen(values: dict[str, Any]) -> bool:
        seen.update(("key", name) for name in values)
        seen.add(("model", values.get("model")))
        return wanted <= seen

    try:
        find(inputs, everything_seen, settings=_SEARCH)
    except NoSuchExample:
        pytest.fail(f"never drawn: {sorted(wanted - seen, key=str)}")
