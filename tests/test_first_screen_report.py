"""The first screen is drawn from a report without tipping points (evaluate(tipping=False), the
cheaper path the Slack answer takes) and is, byte for byte, what the full report draws; the
rest of that report is the full report's. Details and every other view still get everything."""

import json
from datetime import date, timedelta

import pytest
from helpers.strategies import EXTREMES, cases, examples
from hypothesis import given

from adapt.bot.blockkit import result_message
from adapt.engine import Scenario, evaluate, evaluate_input, parse_scenario
from adapt.engine.catalog import catalogue
from adapt.engine.presets import PRESETS
from adapt.engine.scenario import Factor

MODEL = "gpt-4o-mini"
_ROW = catalogue().model("openai", MODEL)
_OPENAI = catalogue().provider("openai")
assert _ROW is not None and _ROW.retires is not None
assert _OPENAI is not None and _OPENAI.new_jobs_until is not None
# gpt-4o-mini's tuning is open (the day the catalogue was read), closed (the day after OpenAI's
# last day for new jobs), then gone with the model (the day it retires): (day, offered, retired).
DAYS = [(catalogue().read_on, True, False),
        (_OPENAI.new_jobs_until + timedelta(days=1), False, False),
        (_ROW.retires, False, True)]
SCENARIOS = [parse_scenario([name]) for name in PRESETS] + EXTREMES
MODEL_SCENARIOS = [parse_scenario([name, f"model={MODEL}"]) for name in PRESETS] + [
    scenario.model_copy(update={"model": MODEL}) for scenario in EXTREMES]
MODELS = ["", f" model={MODEL}", " model=gpt-4.1-mini examples=80"]


def _same_but_tipping(scenario: Scenario, today: date | None) -> None:
    full, lite = evaluate(scenario, today), evaluate(scenario, today, tipping=False)
    assert lite.tipping_points == [] and len(full.tipping_points) == len(Factor)
    assert lite.model_copy(update={"tipping_points": full.tipping_points}) == full
    assert json.dumps(result_message(lite)) == json.dumps(result_message(full))


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_presets_and_extremes(scenario):
    _same_but_tipping(scenario, None)


@pytest.mark.parametrize("scenario", MODEL_SCENARIOS)
@pytest.mark.parametrize(("today", "offered", "retired"), DAYS)
def test_gpt_4o_mini_open_then_closed_then_retired(scenario, today, offered, retired):
    tuning = evaluate(scenario, today, tipping=False).tuning
    assert tuning is not None and tuning.offered is offered
    assert (tuning.retires is not None and tuning.retires <= today) is retired
    _same_but_tipping(scenario, today)


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("text", ["support", "routing volume=30", "prototype",
                                  "tone drifts, 300 labeled examples, 2M requests a month"])
def test_descriptions_and_models(text, model):
    lite = evaluate_input(text + model, date(2026, 12, 1), tipping=False)
    full = evaluate_input(text + model, date(2026, 12, 1))
    assert json.dumps(result_message(lite)) == json.dumps(result_message(full))


@examples(200)
@given(cases)
def test_random_scenarios(case):
    _same_but_tipping(case.scenario, case.as_of)
