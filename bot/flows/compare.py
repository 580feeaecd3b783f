"""Comparing two scenarios in Slack: `/adapt compare A | B`, the Compare with... form, and the
comparison's Markdown. Each side is KEY=VALUE text, a preset, a description, or the name of a
scenario saved in this workspace."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from adapt.bot.blockkit import compare_message, error_message, markdown_export_message
from adapt.bot.flows import saved
from adapt.bot.flows.results import reply, report_for
from adapt.engine import ArgumentError, Report
from adapt.engine.compare import compared
from adapt.engine.presets import PRESETS
from adapt.templates import render_comparison

SEPARATOR = "|"
USAGE = ("compare takes two sides: write `/adapt compare A | B`, each side keys, a preset, a"
         " description or a saved scenario's name, e.g. `/adapt compare support | support"
         " requests=1M`")


def side_report(context: BoltContext | None, text: str) -> Report | ArgumentError:
    """One side: a saved scenario's name (a single word that is no preset and no pair), else
    whatever /adapt reads."""
    word = text.strip()
    if context is not None and word and " " not in word and "=" not in word \
            and word.lower() not in PRESETS:
        found = saved.find(context, word)
        if found is not None:
            return report_for(found.args)
    return report_for(text)


@dataclass(frozen=True)
class Problem:
    """Why a comparison cannot be made: which side (empty: neither) and what is wrong."""

    side: str
    error: ArgumentError | str

    def message(self) -> dict[str, Any]:
        return error_message(self.error, lead=f"Side {self.side}: " if self.side else "")


def sides(context: BoltContext | None, text: str) -> tuple[Report, Report] | Problem:
    """Both sides' reports, or the problem, naming the side."""
    parts = text.split(SEPARATOR)
    if len(parts) != 2 or not all(part.strip() for part in parts):
        return Problem("", USAGE)
    reports = []
    for name, part in zip(("A", "B"), parts, strict=True):
        report = side_report(context, part)
        if isinstance(report, ArgumentError):
            return Problem(name, report)
        reports.append(report)
    return reports[0], reports[1]


def compare_command(client: WebClient, body: dict[str, Any], context: BoltContext | None,
                    text: str, **how: Any) -> None:
    found = sides(context, text)
    if isinstance(found, Problem):
        reply(client, body, found.message(), **how)
        return
    reply(client, body, compare_message(compared(*found, date.today())), **how)


def compare_markdown(client: WebClient, body: dict[str, Any], text: str) -> None:
    """The Markdown button under a comparison: `A | B` canonical texts, parsed again."""
    found = sides(None, text)
    if isinstance(found, Problem):
        reply(client, body, found.message())
        return
    comparison = compared(*found, date.today())
    reply(client, body, markdown_export_message(render_comparison(comparison, "markdown")))
