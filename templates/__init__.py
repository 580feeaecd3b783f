"""Presentation: an engine Report as text, Markdown or JSON, and as charts (`charts`).

- `format`: how figures and report pieces are written (money, counts, bars, tipping points).
- `environment`: the Jinja wiring every medium shares (the Slack app's Block Kit templates use it
  too, from `adapt.bot.blockkit`).
- `text/`, `markdown/`: the templates, shipped inside the package.
- `charts`: PNG charts; matplotlib is imported only when one is drawn.

Nothing here knows Slack: Slack's mrkdwn and Block Kit live in the bot.
"""

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment

from adapt.engine.args import to_args
from adapt.templates.environment import make_environment
from adapt.templates.format import compact, money, plain_date

__all__ = ["FORMATS", "compact", "money", "plain_date", "render", "render_canvas",
           "render_comparison", "render_report"]

TEMPLATE_DIR = Path(__file__).parent
FORMATS = ("text", "markdown", "json")


@cache
def environment() -> Environment:
    return make_environment(TEMPLATE_DIR)


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def render_report(report: Any, fmt: str) -> str:
    """One engine Report in one of FORMATS; JSON is the report's own model_dump, full precision."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    name = {"text": "text/report.txt.j2", "markdown": "markdown/report.md.j2"}[fmt]
    return render(name, r=report)


def render_canvas(report: Any) -> str:
    """The decision record in the markdown Slack canvases accept (the Markdown export's
    sections, with the cost over time as a table)."""
    return render("canvas/adr.md.j2", r=report, args=" ".join(to_args(report.scenario)))


def render_comparison(comparison: Any, fmt: str) -> str:
    """Two reports side by side (engine.compare.Comparison) in one of FORMATS."""
    if fmt == "json":
        return comparison.model_dump_json(indent=2) + "\n"
    name = {"text": "text/compare.txt.j2", "markdown": "markdown/compare.md.j2"}[fmt]
    args = [" ".join(to_args(side.scenario)) or "(defaults)" for side in (comparison.a,
                                                                           comparison.b)]
    return render(name, c=comparison, args=args)
