"""The Workflow Builder step "Decide how to adapt a model" (manifest.yaml, functions.adapt_decide):
a scenario in, the decision out, so a review workflow can carry it. complete() with the outputs,
or fail() with the problem in one line; never silence."""

import logging
from typing import Any

from slack_bolt import App, Complete, Fail

from adapt.bot.blockkit import markdown_text
from adapt.bot.flows.results import report_for
from adapt.bot.ids import Step
from adapt.bot.payloads import as_dict, text_of
from adapt.bot.request import acknowledge
from adapt.engine import ArgumentError, Report
from adapt.engine.units import break_even_text, pays_back_ever

log = logging.getLogger("adapt.steps")
SCENARIO_INPUT = "scenario"


def register(app: App) -> None:
    # The ack is the event's; the step runs after the response and ends in complete or fail.
    app.function(Step.DECIDE, auto_acknowledge=False)(ack=acknowledge, lazy=[decide])


def outputs(report: Report) -> dict[str, Any]:
    """The step's outputs (manifest.yaml's output_parameters): the decision, its one-line
    summary, the payback ("17.6 months" or "never pays back", and as a number only when it is
    one: absent when none or past ten horizons, as the text says) and the Markdown record."""
    cost = report.cost
    found: dict[str, Any] = {
        "winner_id": report.winner.option.value, "winner_name": report.winner.name,
        "summary": report.summary, "headline": report.headline,
        "break_even": break_even_text(cost.break_even_months, cost.horizon_months),
        "markdown": markdown_text(report),
    }
    if cost.break_even_months is not None and pays_back_ever(cost.break_even_months,
                                                             cost.horizon_months):
        found["break_even_months"] = round(cost.break_even_months, 2)
    return found


def decide(inputs: dict[str, Any], complete: Complete, fail: Fail) -> None:
    text = text_of(as_dict(inputs).get(SCENARIO_INPUT)).strip()
    if not text:
        fail("Adapt needs a scenario: describe the job in words, or give KEY=VALUE keys")
        return
    report = report_for(text)
    if isinstance(report, ArgumentError):
        fail(f"Adapt could not read the scenario: {report.message}")
        return
    complete(outputs=outputs(report))
