"""The first screen is drawn from a report without tipping points (evaluate(tipping=False), the
cheaper path the Slack answer takes) and is, byte for byte, what the full report draws; the
rest of that report is the full report's. Details and every other view still get everything."""

import json
from datetime import date

import pytest
from hypothesis import given, settings
from test_blockkit import EXTREMES
from test_properties import scenarios

from adapt.bot.blockkit import result_message
from adapt.engine import Scenario, evaluate, evaluate_input, parse_scenario
from adapt.engine.presets import PRESETS
from adapt.engine.scenario import Factor

SCENARIOS = [parse_scenario([name]) for name in PRESETS] + EXTREMES
DAYS = [None, date(2026, 12, 1), date(2027, 2, 1)]  # gpt-4o-mini's tuning closes, then retires
MODELS = ["", " model=gpt-4o-mini", " model=gpt-4.1-mini examples=80"]


def _same_but_tipping(scenario: Scenario, today: date | None) -> None:
    full, lite = evaluate(scenario, today), evaluate(scenario, today, tipping=False)
    assert lite.tipping_points == [] and len(full.tipping_points) == len(Factor)
    assert lite.model_copy(update={"tipping_points": full.tipping_points}) == full
    assert json.dumps(result_message(lite)) == json.dumps(result_message(full))


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("today", DAYS)
def test_presets_and_extremes(scenario, today):
    _same_but_tipping(scenario, today)


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("text", ["support", "routing volume=30", "prototype",
                                  "tone drifts, 300 labeled examples, 2M requests a month"])
def test_descriptions_and_models(text, model):
    lite = evaluate_input(text + model, date(2026, 12, 1), tipping=False)
    full = evaluate_input(text + model, date(2026, 12, 1))
    assert json.dumps(result_message(lite)) == json.dumps(result_message(full))


@settings(max_examples=200, deadline=None)
@given(scenarios)
def test_random_scenarios(scenario):
    _same_but_tipping(scenario, None)
