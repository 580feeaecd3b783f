"""Two scenarios compared: which inputs differ and the one line that says what changed the
answer, in the engine and as `adapt compare` prints it."""

import json
from datetime import date

import pytest
from helpers.formulas import Workbench, volume_for
from helpers.strategies import cases, examples, scenarios
from hypothesis import given

from adapt.engine import parse_scenario
from adapt.engine.compare import compare
from adapt.engine.options import OptionId
from adapt.engine.presets import PRESETS
from adapt.engine.scenario import Factor
from adapt.engine.weights import FACTOR_WEIGHTS

TODAY = date(2026, 12, 1)


def _compare(a: str, b: str):
    return compare(parse_scenario(a), parse_scenario(b), TODAY)


SUPPORT = Workbench.preset("support")  # seed 001: break-even 17.6 months
SUPPORT_1M = Workbench.preset("support", requests=1_000_000)


def test_the_input_that_moves_payback_is_named():
    c = _compare("preset=support", "preset=support requests=1M")
    assert c.summary == (f"Raising requests from 120k to 1M makes LoRA / PEFT pay back in"
                         f" {SUPPORT_1M.break_even:.1f} months (it took"
                         f" {SUPPORT.break_even:.1f} months).")
    volume = PRESETS["support"].values["volume"]  # stated by the preset, read from 1M on side B
    assert [(d.key, d.a, d.b) for d in c.differences] == [
        ("volume", f"{volume:g}", f"{volume_for(1_000_000):g}"), ("requests", "120k", "1M")]


def test_the_input_that_hands_over_the_win_is_named_even_among_others():
    c = _compare("volume=high data=low", "volume=high data=high changes=weekly")
    assert c.a.winner.option is not c.b.winner.option
    assert c.summary.startswith("Raising data from low to high hands the win from")  # in words


def test_when_no_single_input_does_it_the_line_says_so():
    c = _compare("preset=support", "preset=extraction")
    assert c.summary.startswith("Together, the ") and "no one of them does it alone" in \
        c.summary


def test_a_fact_stands_for_the_factor_it_sets():
    keys = [d.key for d in _compare("examples=300", "examples=3000").differences]
    assert keys == ["examples"]  # data follows the examples on both sides
    keys = [d.key for d in _compare("preset=support", "examples=300").differences]
    assert "data" in keys  # the preset's data 72 was stated, not read from examples


# Raising stability moves LoRA / PEFT's score by its weight per 50 points (engine/weights.py's
# table: "the points an option gains when that factor goes from medium (50) to 100").
STABILITY_POINTS = FACTOR_WEIGHTS[OptionId.PEFT][Factor.STABILITY] * (
    90 - PRESETS["support"].values["stability"]) / 50


@pytest.mark.parametrize("a, b, start", [
    ("preset=support", "preset=support", "Both sides are the same scenario"),
    ("preset=support", "preset=support stability=90", "Both answers are LoRA / PEFT; the changes"
                                                       f" move its score by {STABILITY_POINTS:+.1f}"
                                                       " points"),
    ("preset=support", "preset=support changes=weekly", "Both answers lead with LoRA / PEFT,"
                                                         " but the second pairs it"),
])
def test_same_winner_lines(a, b, start):
    assert _compare(a, b).summary.startswith(start)


def test_adapt_compare_in_every_format(run_adapt):
    text = run_adapt("compare", "support", "support requests=1M", "--as-of", "2026-12-01").stdout
    assert f"makes LoRA / PEFT pay back in {SUPPORT_1M.break_even:.1f} months" in text
    assert "requests           120k -> 1M" in text and f"{SUPPORT.break_even:.1f} months" in text
    markdown = run_adapt("compare", "support", "knowledge", "-f", "markdown").stdout
    assert markdown.startswith("## Comparison: LoRA / PEFT vs Retrieval (RAG)")
    knowledge = Workbench.preset("knowledge")
    assert (f"| Break-even | {SUPPORT.break_even:.1f} months | {knowledge.break_even:.1f} months |"
            in markdown)
    data = json.loads(run_adapt("compare", "support", "tone drifts, 300 labeled examples",
                                "-f", "json").stdout)
    assert set(data) == {"a", "b", "differences", "summary"}
    assert data["b"]["read_as"] == ["problem=style", "examples=300"]
    assert "read_as" not in data["a"]
    assert {"key": "examples", "a": "none", "b": "300"} in data["differences"]


def test_adapt_compare_names_the_bad_side(run_adapt):
    bad = run_adapt("compare", "support", "volum=3", check=False)
    assert bad.returncode == 2 and bad.stderr.startswith("adapt: side B: unknown key 'volum'")
    assert bad.stderr.count("\n") == 1
    missing = run_adapt("compare", "support", check=False)
    assert missing.returncode == 2 and "adapt:" in missing.stderr


@examples(80)
@given(cases, scenarios)
def test_any_two_scenarios_compare_and_say_their_winners(case, b):
    a = case.scenario
    c = compare(a, b, case.as_of)
    assert c.summary
    if c.a.winner.option is not c.b.winner.option:
        assert c.a.winner.name in c.summary and c.b.winner.name in c.summary
    for d in c.differences:
        assert getattr(a, d.key) != getattr(b, d.key)
