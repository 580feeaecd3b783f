"""The PNG charts: they decode at the promised size, show what the report says, and say it in
their alt text; and nothing but a chart request loads matplotlib."""

import io
import subprocess
import sys
import textwrap
from datetime import date

import numpy as np
import pytest
from matplotlib.image import imread

from adapt.engine import Scenario, evaluate, parse_scenario
from adapt.engine.presets import PRESETS
from adapt.templates.charts import (
    BLUE,
    GREY,
    HEIGHT,
    ORANGE,
    WIDTH,
    cost_alt_text,
    cost_chart,
    cost_headline,
    score_chart,
)
from adapt.templates.format import money

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SCENARIOS = {
    **{name: parse_scenario([name]) for name in PRESETS},
    "long_horizon_huge_volume": Scenario(horizon=120, requests=1e12),
    "never_pays_back": Scenario(tuned_multiplier=3),
    "all_zero": Scenario(requests=0, extra_tokens=0, reduction=0, price=0, training=0, eval=0,
                         horizon=1),
    "no_one_time_cost": Scenario(training=0, eval=0),
    "extreme": Scenario(requests=1e12, extra_tokens=1e7, reduction=1e7, shared_tokens=1e7,
                        price=10_000, training=1e9, eval=1e9, hosting=1e9, tuned_multiplier=100,
                        horizon=120),
}


def _pixels(png: bytes) -> np.ndarray:
    assert png.startswith(PNG_SIGNATURE)
    image = imread(io.BytesIO(png), format="png")
    assert image.shape[:2] == (HEIGHT, WIDTH)
    return image[:, :, :3]


def _longest_run(row: np.ndarray) -> int:
    """The longest stretch of consecutive True pixels in one row of a mask."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], row.astype(np.int8), [0]))))
    return int((edges[1::2] - edges[::2]).max()) if edges.size else 0


def _mask(pixels: np.ndarray, colour: str) -> np.ndarray:
    rgb = np.array([int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.abs(pixels - rgb).sum(axis=2) < 0.03


@pytest.mark.parametrize("name", SCENARIOS)
def test_cost_chart_decodes_and_draws_both_paths(name):
    report = evaluate(SCENARIOS[name])
    chart = cost_chart(report)
    pixels = _pixels(chart.png)
    assert _mask(pixels, ORANGE).sum() > 300, "the prompt-only line (and its legend entry)"
    assert _mask(pixels, BLUE).sum() > 300, "the tuned line (and its legend entry)"
    assert chart.alt_text == cost_alt_text(report)
    assert chart.filename.endswith(".png")


def test_a_retired_models_cost_chart_draws_no_tuned_path():
    """Issue 26: a model that no longer exists has no tuned path, on the chart as in the text."""
    report = evaluate(parse_scenario("support model=gpt-4o-mini"), today=date(2027, 2, 1))
    chart = cost_chart(report)
    pixels = _pixels(chart.png)
    assert _mask(pixels, ORANGE).sum() > 300
    assert _mask(pixels, BLUE).sum() == 0
    assert "retired" in chart.title and "tuned" not in chart.title
    assert chart.alt_text.count("gpt-4o-mini retired on 2027-01-14") == 1
    assert cost_headline(report)[0] == "gpt-4o-mini retired 2027-01-14:"


@pytest.mark.parametrize("name", SCENARIOS)
def test_score_chart_bars_are_as_long_as_the_scores(name):
    report = evaluate(SCENARIOS[name])
    chart = score_chart(report)
    pixels = _pixels(chart.png)
    winner_bar = max(_longest_run(row) for row in _mask(pixels, BLUE))
    longest_grey_bar = max(_longest_run(row) for row in _mask(pixels, GREY))
    winner = report.ranking[0]
    longest_other = max(option.score for option in report.ranking[1:])  # eligible or not
    if winner.score >= 5 and longest_other >= 5:  # bars long enough to measure
        assert winner_bar / longest_grey_bar == pytest.approx(winner.score / longest_other,
                                                              rel=0.03)
    assert winner.name in chart.title
    for option in report.ranking:
        assert f"{option.name} {option.score:.1f}" in chart.alt_text.replace(" wins with", "")


def test_seed_alt_text_states_the_finding():
    report = evaluate(parse_scenario(["support"]))
    assert cost_alt_text(report).endswith(
        "Tuning breaks even after 17.6 months, beyond the 12-month horizon:"
        " $2,419 prompt-only vs $3,122 tuned over 12 months.")
    assert cost_headline(report) == ["No payback within 12 months:", "break-even at 17.6 months"]
    scores = score_chart(report).alt_text
    assert f"LoRA / PEFT wins with {report.winner.score:.1f}" in scores
    assert f"{report.winner.gap:.1f} points ahead of {report.ranking[1].name}" in scores


@pytest.mark.parametrize("name", SCENARIOS)
def test_alt_text_matches_the_report(name):
    report = evaluate(SCENARIOS[name])
    cost = report.cost
    alt = cost_alt_text(report)
    months = "1 month" if cost.horizon_months == 1 else f"{cost.horizon_months} months"
    assert (f"{money(cost.prompt_only_total)} prompt-only vs {money(cost.tuned_total)} tuned"
            f" over {months}.") in alt
    be = cost.break_even_months
    if be is None or be > 10 * cost.horizon_months:  # past ten horizons reads "never" (issue 23)
        assert "never pays back" in alt
        assert "never pays back" in " ".join(cost_headline(report))
    elif be == 0:
        assert "from the start" in alt
    elif be < 0.05:
        assert "breaks even in under 0.1 months" in alt
    else:
        assert f"breaks even after {be:,.1f} months" in alt
        assert ("beyond the" in alt) is (not cost.pays_back_in_horizon)
    if cost.pays_back_in_horizon and be:
        assert cost_headline(report)[0].startswith("Break-even:")
    assert len(alt) <= 2_000  # Slack's image alt_text limit


def test_extraction_marks_its_break_even_within_the_horizon():
    report = evaluate(parse_scenario(["extraction"]))
    assert report.cost.pays_back_in_horizon
    crossing = report.cost.break_even_months * report.cost.prompt_only_monthly
    assert cost_headline(report) == [
        f"Break-even: {report.cost.break_even_months:.1f} months",
        f"{money(crossing)} spent on each path"]


_NO_PLOTTING = """
    import inspect
    import sys
    from adapt.cli import main
    assert main(["volume=high"]) == 0
    import adapt.bot.app
    from adapt.bot.listeners.commands import adapt_command

    class Client:
        posted = []
        def chat_postMessage(self, **message):
            self.posted.append(message)

    client = Client()
    offered = {"ack": lambda *a, **k: None, "client": client,  # by name, as Bolt passes them
               "command": {"text": "volume=high", "user_id": "U1", "trigger_id": "t"}}
    wanted = inspect.signature(adapt_command).parameters
    adapt_command(**{name: value for name, value in offered.items() if name in wanted})
    assert client.posted[0]["text"].startswith("Adapt: "), client.posted
    loaded = sorted(m for m in sys.modules if m.partition(".")[0] == "matplotlib")
    print("LOADED", loaded[:3])
    {extra}
"""


def _run(extra: str = "") -> str:
    code = textwrap.dedent(_NO_PLOTTING).replace("{extra}", extra)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.subprocess
def test_the_plain_paths_do_not_import_matplotlib():
    assert "LOADED []" in _run()


@pytest.mark.subprocess
def test_the_check_would_see_matplotlib_if_a_chart_were_drawn(tmp_path):
    chart = tmp_path / "c.png"
    out = _run(f"main(['support', '--chart', {str(chart)!r}]);"
               " print('AFTER', 'matplotlib' in sys.modules)")
    assert "AFTER True" in out and chart.read_bytes().startswith(PNG_SIGNATURE)
