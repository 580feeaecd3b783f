"""The engine's own promises: presets rank as the seeds advise, tipping points are exact."""

import itertools
import re

import pytest

from adapt.engine import ArgumentError, evaluate, parse_scenario
from adapt.engine.options import OptionId
from adapt.engine.scenario import Factor, Problem, Scenario
from adapt.templates import render_report

# preset -> (expected winner, why the seeds say so)
PRESET_WINNERS = {
    "support": (OptionId.PEFT, "seed 001: stable tone at high volume with enough examples"),
    "extraction": (OptionId.GUARDRAILS, "output validation failures call for guardrails"),
    "writing": (OptionId.PEFT, "seed 001: bake the brand voice in so prompts can be shorter"),
    "routing": (OptionId.PEFT, "seed 001: PEFT for routing at high volume with labeled data"),
    "knowledge": (OptionId.RAG, "tuning does not fix stale facts; retrieval does"),
    "prototype": (OptionId.PROMPTING, "moving requirements call for prompting"),
}


@pytest.mark.parametrize("preset", PRESET_WINNERS)
def test_each_preset_ranks_as_the_seeds_advise(preset):
    expected, why = PRESET_WINNERS[preset]
    report = evaluate(parse_scenario([preset]))
    assert report.winner.option is expected, why
    assert report.best_fit.option is expected, why


def test_presets_get_their_complements():
    knowledge = evaluate(parse_scenario(["knowledge"]))
    assert [item.option for item in knowledge.stack] == [OptionId.RAG]
    extraction = evaluate(parse_scenario(["extraction"]))
    assert [item.option for item in extraction.stack][:2] == [OptionId.GUARDRAILS, OptionId.PEFT]
    fresh_tone = evaluate(parse_scenario(["support", "freshness=75"]))
    assert fresh_tone.winner.option is OptionId.PEFT
    assert OptionId.RAG in [item.option for item in fresh_tone.stack]


def test_problem_kind_decides_the_design():
    tuned = parse_scenario(["support"])
    stale = evaluate(tuned.model_copy(update={"problem": Problem.KNOWLEDGE}))
    assert stale.best_fit.option is OptionId.RAG
    assert stale.ranking[0].option is not OptionId.FULL_FINETUNE
    moving = evaluate(tuned.model_copy(update={"problem": Problem.EXPLORATION, "stability": 30}))
    assert moving.winner.option is OptionId.PROMPTING
    thin = evaluate(tuned.model_copy(update={"data": 5}))
    assert thin.winner.option not in (OptionId.PEFT, OptionId.FULL_FINETUNE)
    assert "low_data" in [w.id for w in thin.warnings]


def test_mismatch_between_scores_and_problem_is_warned():
    """Where an option scores above the winner (it cannot fix the failure, or cannot start yet),
    it is not eligible and the ranking says why beside it; every preset under every problem, with
    such cases among them (seed 001: "the product failure still decides")."""
    seen = 0
    for preset, problem in itertools.product(PRESET_WINNERS, Problem):
        report = evaluate(parse_scenario([preset, f"problem={problem.value}"]))
        lines = render_report(report, "text").splitlines()
        for entry in (e for e in report.ranking if e.score > report.winner.score):
            seen += 1
            assert not entry.eligible, (preset, problem, entry.option)
            # shown apart from the bars, on the line that says why (issue 23): it waits, with
            # its trigger, or it cannot fix the failure
            apart = re.compile(rf"\s+(Waits|Cannot fix [^:]+): .*{re.escape(entry.name)} \(")
            assert [line for line in lines if apart.match(line)], (preset, problem, entry.name)
    assert seen


def _winner(scenario: Scenario) -> OptionId:
    return evaluate(scenario).winner.option


@pytest.mark.parametrize("preset", PRESET_WINNERS)
def test_tipping_points_are_exact(preset):
    """Between the current value and a tipping point the winner holds; just past it, it changes
    to the option named; and where no tip is reported, no value on that side changes it."""
    scenario = parse_scenario([preset])
    report = evaluate(scenario)
    for point in report.tipping_points:
        here = scenario.factor(point.factor)
        for tip, sign in ((point.below, -1), (point.above, 1)):
            edge = 0.0 if sign < 0 else 100.0
            # A tip is the first value a person can type (one decimal) where the win changes;
            # the winner holds on every typeable value before it.
            limit = edge if tip is None else tip.at - sign * 0.1
            steps = [here + (limit - here) * i / 50 for i in range(51)]
            for value in steps[1:]:
                assert _winner(scenario.with_factor(point.factor, value)) is report.winner.option
            if tip is not None:
                assert _winner(scenario.with_factor(point.factor, tip.at)) is tip.option


def test_cost_never_pays_back_when_tuning_saves_nothing():
    report = evaluate(parse_scenario(["reduction=0", "tuned_multiplier=2"]))
    assert report.cost.monthly_savings < 0
    assert report.cost.break_even_months is None
    assert report.cost.payback_requests is None
    zero = evaluate(parse_scenario(["requests=0"]))
    assert zero.cost.break_even_months is None


def test_hosting_and_multiplier_enter_the_tuned_path():
    report = evaluate(parse_scenario(["tuned_multiplier=2x", "hosting=50", "horizon=24",
                                      "requests=120k"]))
    assert report.cost.tuned_monthly == pytest.approx(120_000 * 160 * 4 * 2 / 1e6 + 50)
    assert len(report.cost.series) == 25
    assert report.cost.tuned_total == pytest.approx(2200 + 24 * report.cost.tuned_monthly)


def test_payback_volume_is_where_tuning_pays_back():
    scenario = parse_scenario(["support"])
    needed = evaluate(scenario).cost.payback_requests
    assert needed is not None
    at = evaluate(scenario.model_copy(update={"requests": needed})).cost
    below = evaluate(scenario.model_copy(update={"requests": needed - 2})).cost
    assert at.pays_back_in_horizon and not below.pays_back_in_horizon


def test_scores_stay_in_range_at_every_corner():
    for values in itertools.product((0.0, 100.0), repeat=5):
        for problem in Problem:
            scenario = Scenario(problem=problem, **dict(zip([f.value for f in Factor], values,
                                                            strict=True)))
            for entry in evaluate(scenario).ranking:
                assert 0.0 <= entry.score <= 100.0


@pytest.mark.parametrize(("text", "field"), [
    ("volume=101", "volume"), ("horizon=0", "horizon"), ("horizon=3 weeks", None),
    ("price=-1", "price"), ("tuned_multiplier=0", "tuned_multiplier"), ("model=a b", None),
    ("preset=nope", "preset"), ("problem=vibes", "problem"), ("volume=", "volume"),
])
def test_parser_names_the_field(text, field):
    with pytest.raises(ArgumentError) as caught:
        parse_scenario(text)
    assert caught.value.field == field


def test_parser_understands_the_documented_value_forms():
    scenario = parse_scenario("traffic=high labels=low requests=1.2M training=$1,800 "
                              "tuned_multiplier=2x eval=1.5k horizon=2y freshness=80% Problem=json")
    assert (scenario.volume, scenario.data, scenario.requests) == (80, 20, 1_200_000)
    assert (scenario.training, scenario.tuned_multiplier, scenario.eval) == (1800, 2, 1500)
    assert (scenario.horizon, scenario.freshness, scenario.problem) == (24, 80, Problem.FORMAT)


def test_explicit_keys_override_a_preset_in_any_order():
    scenario = parse_scenario("volume=10 preset=support")
    assert scenario.volume == 10 and scenario.stability == 82 and scenario.preset == "support"
