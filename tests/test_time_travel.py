"""Time travel (issue 26): the reports (text, Markdown, JSON, and compare in each) read on dates
past every date the tuning catalogue states (the day after a provider's last day for new tuning
jobs, the day each model retires, a year after the catalogue was read) and on the day it was
read, over every preset and a few scenarios where tuning pays back fast, each naming a model the
catalogue speaks about. They must read sanely: no "0 months", tuning never recommended nor
offered where the catalogue says it cannot be started, no tuned path priced and no price shown
as current for a model that no longer exists, and a warning once the catalogue is older than its
documented limit.

Each check names the part of the report it holds; the cases follow the catalogue's facts
(retired, closed, ended), never a run of the check itself.
"""

import json
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import cache
from typing import Any, NamedTuple

import pytest
from helpers.formulas import Workbench
from helpers.strategies import MODELS

from adapt.engine import Report, evaluate_input
from adapt.engine.catalog import catalogue
from adapt.engine.compare import Comparison, compared
from adapt.engine.options import TUNING
from adapt.engine.presets import PRESETS
from adapt.engine.prices import UnknownModel, model_prices
from adapt.templates import FORMATS, render_comparison, render_report

READ_ON = catalogue().read_on
A_YEAR_ON = READ_ON + timedelta(days=365)


def _days() -> dict[date, str]:
    """Each day to read the reports on, and why: the catalogue's own day, the first day past
    each provider's last day for new tuning jobs, each retirement, and a year on."""
    days = {READ_ON: "read"}
    for provider in catalogue().providers:
        if provider.new_jobs_until is not None:
            days.setdefault(provider.new_jobs_until + timedelta(days=1), f"closed-{provider.id}")
    for row in catalogue().models:
        if row.retires is not None:
            days.setdefault(row.retires, f"retired-{row.model}")
    days.setdefault(A_YEAR_ON, "a-year-on")
    return dict(sorted(days.items()))


DAYS = _days()


class Facts(NamedTuple):
    """What the catalogue says about tuning one model on one day, read from its rows."""

    retired: bool  # the model, and every fine-tune of it, is shut down
    closed: bool  # its provider's last day for new tuning jobs has passed
    ended: bool  # its provider (or the row) offers no self-serve tuning at all
    training_priced: bool  # the row prices training per 1M tokens

    @property
    def unavailable(self) -> bool:
        return self.retired or self.closed or self.ended


def _known(model: str) -> bool:
    try:
        prices = model_prices(model)
    except UnknownModel:
        return False
    return catalogue().provider(prices.provider) is not None


def facts(model: str, day: date) -> Facts:
    prices = model_prices(model)  # only to resolve the name to the catalogue's ids
    provider = catalogue().provider(prices.provider)
    row = catalogue().model(prices.provider, prices.model_id)
    assert provider is not None
    status = catalogue().tuning(row, provider)  # the row's, else its provider's
    says = row if row is not None and row.tuning is not None else provider
    return Facts(
        retired=row is not None and row.retires is not None and row.retires <= day,
        closed=status == "closing" and says.new_jobs_until is not None
        and day > says.new_jobs_until,
        ended=status == "ended",
        training_priced=row is not None and row.training_per_mtok is not None)


# Every model the catalogue speaks about: each of its rows and the priced models under a provider
# it knows (the shared generator's list).
KNOWN_MODELS = [model for model in MODELS if _known(model)]


def _pairs(model: str) -> list[tuple[str, str]]:
    """(A, B) scenarios naming the model: every preset, B with 100M requests a month; routing
    where tuning pays back within days; training priced from the data where the row can."""
    pairs = [(name, f"{name} requests=100M") for name in PRESETS]
    pairs.append(("routing requests=50M", "routing requests=200M"))
    if facts(model, READ_ON).training_priced:
        data = "support examples=2000 tokens_per_example=600"
        pairs.append((data, f"{data} requests=100M"))
    return [(f"{a} model={model}", f"{b} model={model}") for a, b in pairs]


class Read(NamedTuple):
    reports: list[Report]
    comparisons: list[Comparison]

    def outputs(self, *, reports: bool = True, compare: bool = True) -> Iterator[str]:
        """Every rendering, in every format."""
        for fmt in FORMATS:
            if reports:
                yield from (render_report(report, fmt) for report in self.reports)
            if compare:
                yield from (render_comparison(c, fmt) for c in self.comparisons)


@cache
def read(model: str, day: date) -> Read:
    reports, comparisons = [], []
    for a, b in _pairs(model):
        first, second = evaluate_input(a, day), evaluate_input(b, day)
        reports.append(first)
        comparisons.append(compared(first, second, day))
    return Read(reports, comparisons)


def _cases(applies: Callable[[Facts], bool]) -> list[Any]:
    """(model, day) for every model and day the check applies to. The fast suite reads, on
    each day, one model for each thing the catalogue says of tuning that day; the others, the
    whole grid, are marked fuzz (run by ADAPT_TESTS=all, as CI does)."""
    cases, said = [], set()
    for model in KNOWN_MODELS:
        for day, why in DAYS.items():
            found = facts(model, day)
            if applies(found):
                marks = [pytest.mark.fuzz] if (day, found) in said else []
                said.add((day, found))
                cases.append(pytest.param(model, day, id=f"{model}@{day}({why})", marks=marks))
    return cases


def _strings(value: Any) -> Iterator[str]:
    """Every string in a JSON document, keys aside."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _texts(output: str) -> Iterator[str]:
    """A rendering as the text a person reads: a JSON document's strings, else the lines."""
    if output.startswith("{"):
        yield from _strings(json.loads(output))
    else:
        yield from output.splitlines()


def _said_nowhere(pattern: re.Pattern[str], found: Read, *, reports: bool = True,
                  compare: bool = True, kept: Callable[[str], str] = lambda text: text) -> None:
    """No text of any rendering (of the reports, the comparisons or both) matches `pattern`,
    once `kept` has taken from it what another test holds."""
    for output in found.outputs(reports=reports, compare=compare):
        for text in _texts(output):
            assert not pattern.search(kept(text)), text


ZERO_MONTHS = re.compile(r"(?<![\d.])0(?:\.0+)? months?\b")
# A break-even figure ("Break-even  0.0 months", a compare row's, a payback reason's value), but
# not the months it is judged over: test_a_break_even_shorter_than_a_day_never_reads_zero_months
# holds the figures.
BREAK_EVEN_FIGURE = re.compile(r"\b\d+\.\d months\b(?! the tuned)")


def _life_and_windows(text: str) -> str:
    if re.fullmatch(r"\d+\.\d months", text):  # a reason's value in JSON
        return ""
    text = re.sub(r"\| \d+\.\d months \|", "|", text)  # a break-even column's cell
    text = re.sub(r"payback=\d+\.\d months", "", text)
    return BREAK_EVEN_FIGURE.sub("", text) if "break-even" in text.lower() else text


@pytest.mark.parametrize(("model", "day"), _cases(lambda f: True))
def test_no_report_counts_zero_months(model, day):
    _said_nowhere(ZERO_MONTHS, read(model, day), kept=_life_and_windows)


def test_a_break_even_shorter_than_a_day_never_reads_zero_months():
    fast = Workbench.preset("routing", requests=200_000_000)
    assert fast.break_even is not None and fast.break_even * 30 < 1  # design.md's formulas
    report = evaluate_input("routing requests=200M")
    both = compared(evaluate_input("routing"), report)
    for fmt in FORMATS:
        for output in (render_report(report, fmt), render_comparison(both, fmt)):
            for text in _texts(output):
                assert not ZERO_MONTHS.search(text), text


@pytest.mark.parametrize(("model", "day"), _cases(lambda f: f.unavailable))
def test_tuning_never_wins_nor_is_planned_where_it_cannot_be_started(model, day):
    for report in read(model, day).reports:
        assert report.tuning is not None and report.tuning.not_yet is not None
        assert report.winner.option not in TUNING
        assert not {item.option for item in report.stack} & TUNING
        assert report.plan[0].option not in TUNING  # later steps may tune another model
        for point in report.tipping_points:
            for tip in (point.below, point.above):
                assert tip is None or tip.option not in TUNING, point


# Words that offer tuning: a volume or a change at which it pays back, or a plan step for it.
OFFERS = re.compile(r"(?i)(?<!volume makes )\btuning pays? back (?:with)?in\b"
                    r"|\bmakes [^.]*? pay back in\b|\bwould pay back (?:with)?in\b")


@pytest.mark.parametrize(("model", "day"), _cases(lambda f: f.unavailable))
def test_tuning_is_never_offered_in_words_where_it_cannot_be_started(model, day):
    _said_nowhere(OFFERS, read(model, day))


NOT_YET = re.compile(r"(LoRA / PEFT|Full fine-tuning)[ |]+[\d.]+ \(not yet\)")


@pytest.mark.parametrize(("model", "day"), _cases(lambda f: f.unavailable))
def test_compare_never_says_not_yet_of_tuning_that_cannot_be_started(model, day):
    _said_nowhere(NOT_YET, read(model, day), reports=False)


# A tuned path priced: a tuned monthly or total amount, or a break-even in months.
TUNED_PRICE = re.compile(r"(?i)\btuned\b[^$]*\$\d|\$[\d,.]+k?\s+tuned\b|break-even\W+\d"
                         r"|^\|\s*\|\s*Prompt-only\s*\|\s*Tuned\s*\|")


def _elsewhere(found: Read) -> Callable[[str], str]:
    """A text about a way out (issue 22: tuning on another model, priced) is not the retired
    model's tuned path: it names the other model."""
    others = {way.model.partition(":")[2] for report in found.reports if report.lifecycle
              for way in report.lifecycle.ways_out}
    return lambda text: "" if any(other in text for other in others) else text


@pytest.mark.parametrize(("model", "day"), _cases(lambda f: f.retired))
def test_no_tuned_path_is_priced_for_a_model_that_no_longer_exists(model, day):
    found = read(model, day)
    _said_nowhere(TUNED_PRICE, found, kept=_elsewhere(found))
    for report in found.reports:  # and the ways out exist: there is somewhere to move to
        assert report.lifecycle is not None and report.lifecycle.ways_out, report.scenario.model


@pytest.mark.parametrize(("model", "day"), _cases(lambda f: f.retired))
def test_a_retired_models_price_is_never_shown_without_saying_it_retired(model, day):
    name = model_prices(model).model_id
    for output in read(model, day).outputs(compare=False):
        for text in _texts(output):
            if name in text and "$" in text:
                assert "retired" in text, text


def _says_how_old(report: Report) -> bool:
    """A warning that dates the catalogue: it names the day the catalogue was read."""
    return any(READ_ON.isoformat() in warning.text for warning in report.warnings)


@pytest.mark.parametrize("model", KNOWN_MODELS)
def test_a_catalogue_a_year_old_is_said_to_be_old(model):
    for report in read(model, A_YEAR_ON).reports:
        assert _says_how_old(report)
        for fmt in FORMATS:
            assert READ_ON.isoformat() in render_report(report, fmt)


@pytest.mark.parametrize("model", KNOWN_MODELS)
def test_a_catalogue_read_today_is_not_said_to_be_old(model):
    assert not any(_says_how_old(report) for report in read(model, READ_ON).reports)


def test_the_cases_reach_every_state_the_catalogue_has():
    """The days and models above meet every state a check is about, so none is vacuous."""
    seen = {facts(model, day) for model in KNOWN_MODELS for day in DAYS}
    assert any(f.retired for f in seen) and any(f.closed and not f.retired for f in seen)
    assert any(f.ended for f in seen) and any(not f.unavailable for f in seen)
    assert any(f.training_priced for f in seen)


def test_the_command_line_reads_as_of_a_retirement(run_adapt):
    """`--as-of` reaches the engine from the command line, for a report and for compare."""
    row = next(row for row in catalogue().models if row.retires is not None)
    day = row.retires.isoformat()
    ref = f"model={row.provider}:{row.model}"
    report = json.loads(run_adapt("support", ref, "--as-of", day, "-f", "json").stdout)
    assert report["as_of"] == day and report["tuning"]["offered"] is False
    assert report["winner"]["option"] not in {option.value for option in TUNING}
    both = json.loads(run_adapt("compare", f"support {ref}", f"routing {ref}", "--as-of", day,
                                "-f", "json").stdout)
    assert both["a"]["as_of"] == both["b"]["as_of"] == day
