"""Comparing two scenarios in Slack: `/adapt compare A | B`, the Compare with... form, and the
comparison's Markdown. Each side is KEY=VALUE text, a preset, a description, or the name of a
scenario saved in this workspace."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from adapt.bot.blockkit import compare_message, error_message, markdown_export_message
from adapt.bot.flows import saved
from adapt.bot.flows.results import report_for
from adapt.bot.request import Turn
from adapt.engine import ArgumentError, Report
from adapt.engine.compare import compared
from adapt.engine.presets import PRESETS
from adapt.templates import render_comparison

SEPARATOR = "|"
USAGE = ("compare takes two sides: write `/adapt compare A | B`, each side keys, a preset, a"
         " description or a saved scenario's name, e.g. `/adapt compare support | support"
         " requests=1M`")


def side_report(names: Turn | None, text: str) -> Report | ArgumentError:
    """One side: a saved scenario's name in the workspace of `names` (a single word that is no
    preset and no pair), else whatever /adapt reads."""
    word = text.strip()
    if names is not None and word and " " not in word and "=" not in word \
            and word.lower() not in PRESETS:
        found = saved.find(names, word)
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


def sides(names: Turn | None, text: str) -> tuple[Report, Report] | Problem:
    """Both sides' reports, or the problem, naming the side; saved names are looked up in the
    workspace of `names` (None: no side is a name)."""
    parts = text.split(SEPARATOR)
    if len(parts) != 2 or not all(part.strip() for part in parts):
        return Problem("", USAGE)
    reports = []
    for name, part in zip(("A", "B"), parts, strict=True):
        report = side_report(names, part)
        if isinstance(report, ArgumentError):
            return Problem(name, report)
        reports.append(report)
    return reports[0], reports[1]


def compare_command(turn: Turn, text: str) -> None:
    found = sides(turn, text)
    if isinstance(found, Problem):
        turn.reply(found.message())
        return
    turn.reply(compare_message(compared(*found, date.today())))


def compare_markdown(turn: Turn, text: str) -> None:
    """The Markdown button under a comparison: `A | B` canonical texts, parsed again."""
    found = sides(None, text)
    if isinstance(found, Problem):
        turn.reply(found.message())
        return
    comparison = compared(*found, date.today())
    turn.reply(markdown_export_message(render_comparison(comparison, "markdown")))
