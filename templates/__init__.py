"""Presentation: Jinja templates turn an engine Report into text, Markdown or Block Kit JSON.

Templates live beside this module so they ship inside the wheel; nothing here knows Slack's API,
only the shape of the documents it renders.
"""

import json
import math
import os
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
)

from engine.scenario import FACTOR_LABELS, PROBLEM_LABELS, Factor, level_word

TEMPLATE_DIR = Path(__file__).parent
BAR_WIDTH = 20


def money(value: float) -> str:
    """The seed's style: whole dollars from $100 up ($202, $2,419), cents below ($76.80)."""
    sign = "-" if value < 0 else ""
    amount = abs(value)
    if amount == 0:
        return "$0"
    return f"{sign}${amount:,.0f}" if amount >= 100 else f"{sign}${amount:,.2f}"


def compact(value: float) -> str:
    """120000 -> 120k, 1200000 -> 1.2M: how people say volumes."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


def bar(value: float, top: float = 100.0, width: int = BAR_WIDTH) -> str:
    filled = 0 if top <= 0 else round(width * min(max(value / top, 0.0), 1.0))
    return "█" * filled + "░" * (width - filled)


def mrkdwn(text: Any) -> str:
    """Escape user text for Slack mrkdwn: no <!channel>, no links, no stray formatting."""
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for mark in "*_~`":
        escaped = escaped.replace(mark, "\u02bc" if mark == "`" else f"\u200b{mark}\u200b")
    return escaped


def markdown_escape(text: Any) -> str:
    escaped = str(text)
    for mark in "\\`*_[]<>|#":
        escaped = escaped.replace(mark, "\\" + mark)
    return escaped


def sample(series: list[Any], most: int) -> list[Any]:
    """At most `most` evenly spaced points, always keeping the first and the last."""
    if len(series) <= most:
        return list(series)
    step = (len(series) - 1) / (most - 1)
    return [series[round(i * step)] for i in range(most)]


def nice_ceiling(value: float) -> float:
    """A round axis maximum just above `value` (1, 2 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _bytecode_cache() -> BytecodeCache | None:
    """Compiled templates kept between runs: compiling them is most of a CLI run's render time."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    directory = Path(base) / "adapt" / "jinja"
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # read-only home: compile every time, still correct
    return FileSystemBytecodeCache(str(directory))


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      autoescape=False, bytecode_cache=_bytecode_cache())
    env.filters.update(money=money, compact=compact, bar=bar, mrkdwn=mrkdwn, md=markdown_escape,
                       level=level_word, sample=sample, nice_ceiling=nice_ceiling)
    env.globals.update(FACTORS=list(Factor), FACTOR_LABELS=FACTOR_LABELS,
                       PROBLEM_LABELS=PROBLEM_LABELS, BAR_WIDTH=BAR_WIDTH)
    return env


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def render_json(name: str, **context: Any) -> Any:
    """Render a JSON template and parse it, so a template bug fails loudly here, not in Slack."""
    return json.loads(render(name, **context))


FORMATS = ("text", "markdown", "json")


def render_report(report: Any, fmt: str) -> str:
    """One engine Report in one of FORMATS; JSON is the report's own model_dump, full precision."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    name = {"text": "text/report.txt.j2", "markdown": "markdown/report.md.j2"}[fmt]
    return render(name, r=report)
