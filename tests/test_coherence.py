"""Invariants of one coherent decision, held by hypothesis over random scenarios: no report
contradicts itself (the issue "One coherent decision from real-world facts")."""

from helpers.strategies import cases, examples, factor
from hypothesis import given
from hypothesis import strategies as st

from adapt.engine import Scenario, evaluate
from adapt.engine.options import TUNING, OptionId
from adapt.engine.scenario import Problem
from adapt.engine.units import CADENCE_FRESHNESS, Cadence

# Facts, not factors: examples set data, changes set freshness and requests set volume, so the
# properties below move a fact and see the factor it sets move with it.
facts = st.fixed_dictionaries({
    "stability": factor, "tolerance": factor,
    "problem": st.sampled_from(list(Problem)),
    "examples": st.integers(0, 200_000),
    "changes": st.sampled_from(list(Cadence)),
    "requests": st.floats(100, 10_000_000, allow_nan=False),
})


@examples(300)
@given(cases)
def test_no_winner_that_its_own_warnings_rule_out(case):
    """Over the whole input space (tests/helpers/strategies.py: every key, any model, any date)."""
    report = evaluate(case.scenario, case.as_of)
    ids = {w.id for w in report.warnings}
    assert report.winner.eligible
    if "low_data" in ids:
        assert report.winner.option not in TUNING
    # Nothing in the stack waits (what helps alongside may not fix the failure, but can start).
    assert all(o.blocked_by is None for o in report.ranking
               if o.option in {s.option for s in report.stack})
    assert report.plan[0].option is report.winner.option
    assert report.best_fit.option in {item.option for item in report.stack}


@examples(200)
@given(facts, st.integers(1, 100_000))
def test_more_examples_never_lower_tuning(values, more):
    low = evaluate(Scenario(**values))
    high = evaluate(Scenario(**{**values, "examples": values["examples"] + more}))
    for option in TUNING:
        before = next(o.score for o in low.ranking if o.option is option)
        after = next(o.score for o in high.ranking if o.option is option)
        assert after >= before - 1e-9


@examples(200)
@given(facts, st.floats(1.01, 100))
def test_more_requests_never_lower_tuning_when_it_saves_per_call(values, factor_up):
    low = evaluate(Scenario(**values))
    if low.cost.monthly_savings <= 0:
        return
    high = evaluate(Scenario(**{**values, "requests": min(1e12, values["requests"] * factor_up)}))
    for option in TUNING:
        before = next(o.score for o in low.ranking if o.option is option)
        after = next(o.score for o in high.ranking if o.option is option)
        assert after >= before - 1e-9


@examples(200)
@given(facts, st.sampled_from(list(Cadence)))
def test_facts_changing_more_often_never_lower_retrieval(values, other):
    slow, fast = sorted([values["changes"], other], key=CADENCE_FRESHNESS.__getitem__)
    rag = [next(o.score for o in evaluate(Scenario(**{**values, "changes": c})).ranking
                if o.option is OptionId.RAG) for c in (slow, fast)]
    assert rag[1] >= rag[0] - 1e-9


@examples(150)
@given(facts)
def test_every_tipping_point_rerun_at_its_value_changes_the_winner_as_it_says(values):
    scenario = Scenario(**values)
    report = evaluate(scenario)
    for point in report.tipping_points:
        for tip in (point.below, point.above):
            if tip is None:
                continue
            assert evaluate(scenario.with_factor(point.factor, tip.at)).winner.option is tip.option
            if tip.at_examples is not None:
                moved = Scenario(**{**values, "examples": tip.at_examples})
                assert evaluate(moved).winner.option is tip.option
