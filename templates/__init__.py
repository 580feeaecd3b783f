"""Presentation: Jinja templates turn an engine Report into text, Markdown or Block Kit JSON.

Templates live beside this module so they ship inside the wheel; nothing here knows Slack's API,
only the shape of the documents it renders.
"""

import json
import math
import os
import re
from datetime import UTC, datetime
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

from adapt.engine.scenario import FACTOR_LABELS, PROBLEM_LABELS, Factor, level_word

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


def mrkdwn_code(text: Any) -> str:
    """Escape user text shown inside a `code span`: only &, < and > (and no closing backtick)."""
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("`", "\u02bc")


_USER = re.compile(r"^[UW][A-Z0-9]{2,20}$")
_CHANNEL = re.compile(r"^[CDG][A-Z0-9]{2,20}$")


def mention(user_id: Any) -> str:
    """<@U123> for a well-formed user id, so stored text can never become another mention."""
    return f"<@{user_id}>" if _USER.match(str(user_id)) else "someone"


def channel_mention(channel_id: Any) -> str:
    return f"<#{channel_id}>" if _CHANNEL.match(str(channel_id)) else "a direct message"


def plain_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def slack_date(moment: datetime) -> str:
    """A time each reader sees in their own time zone (Slack's date token), UTC as fallback."""
    return (f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} at {{time}}|"
            f"{plain_date(moment)}>")


def prefix(text: str, before: str) -> str:
    return before + text


def tip_side(tip: Any, upward: bool) -> str:
    """One tip as people say it: "from 100 labeled examples (data 40.0)", "at or below 37.0"."""
    where = f"{'from' if upward else 'at or below'} {tip.at:.1f}"
    if tip.at_examples is not None:
        count = f"{tip.at_examples:,} labeled example{'' if tip.at_examples == 1 else 's'}"
        where = f"from {count}" if upward else f"at {count} or fewer"
        where += f" ({tip.at:.1f})"
    elif tip.at_requests is not None:
        where = (f"{'from' if upward else 'at or below'} {compact(tip.at_requests)}"
                 f" requests/month ({tip.at:.1f})")
    elif tip.at_changes is not None:
        where = f"if facts change {tip.at_changes} ({tip.at:.1f})"
    return f"{where} → {tip.name}"


def tip_told(point: Any) -> str:
    """Both sides of one factor's tipping points, or that none exists."""
    sides = [tip_side(tip, upward) for tip, upward in ((point.below, False), (point.above, True))
             if tip is not None]
    return "; ".join(sides) or "no value in 0-100 changes the winner"


def tip_row(point: Any) -> str:
    """One factor's tipping points as a Slack bullet line."""
    return f"• *{point.factor.value}* {point.value:g}: {tip_told(point)}"


def plan_line(step: Any) -> str:
    return f"• *{step.when}:* {step.name}. {step.why}"


def stack_row(item: Any) -> str:
    return f"• *{item.name}*: {item.role}"


def cost_row(point: Any, top: float) -> str:
    """One month of the cumulative cost chart, both paths, for a monospaced block."""
    prompt_only, tuned = money(point.prompt_only), money(point.tuned)
    return (f"m{point.month:<3} prompt {bar(point.prompt_only, top, 12)} {prompt_only:>8}"
            f"  tuned {bar(point.tuned, top, 12)} {tuned:>8}")


def gap_rows(points: dict[str, float]) -> str:
    """Per-input points, largest effect first, as aligned monospaced rows."""
    rows = sorted(points.items(), key=lambda item: -abs(item[1]))
    return "\n".join(f"{name:<12}{value:+7.1f}" for name, value in rows)


def against(gap_by_input: dict[str, float], most: int = 3) -> str:
    """The inputs that work against a lead, largest first: "freshness -6.0, volume -4.8"."""
    costs = sorted((item for item in gap_by_input.items() if item[1] <= -0.5),
                   key=lambda item: item[1])[:most]
    return ", ".join(f"{name} {value:.1f}" for name, value in costs)


def key_row(key: Any) -> str:
    aliases = f" [{', '.join(key.aliases)}]" if key.aliases else ""
    return f"{key.key:<17}{key.values}{aliases}"


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


def _json(value: Any) -> str:
    """JSON for a value inside a JSON template (no HTML escaping: these are not HTML)."""
    return json.dumps(value, ensure_ascii=False)


# Block Kit's smallest pieces as JSON fragments. They are Python rather than Jinja macros because
# a result message uses about sixty of them and a macro call costs ten times a function call
# (bench/load.py measured the difference at the server).
def bk_md(text: str) -> str:
    return _json({"type": "mrkdwn", "text": text})


def bk_plain(text: str) -> str:
    return _json({"type": "plain_text", "text": text, "emoji": True})


def bk_section(text: str, block_id: str | None = None) -> str:
    block: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    if block_id:
        block["block_id"] = block_id
    return _json(block)


def bk_context(text: str) -> str:
    return _json({"type": "context", "elements": [{"type": "mrkdwn", "text": text}]})


def bk_header(text: str) -> str:
    shown = text if len(text) <= 150 else text[:149] + "…"
    return _json({"type": "header", "text": {"type": "plain_text", "text": shown, "emoji": True}})


def bk_image(chart: Any) -> str:
    """An image block showing an uploaded file by id; `chart` has file_id, alt_text, title and
    block_id (bot.blockkit.SlackImage)."""
    return _json({"type": "image", "block_id": chart.block_id, "slack_file": {"id": chart.file_id},
                  "alt_text": _clip(chart.alt_text, 2_000),
                  "title": {"type": "plain_text", "text": _clip(chart.title, 2_000),
                            "emoji": True}})


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def bk_button(label: str, action_id: str, value: str, style: str | None = None) -> str:
    button: dict[str, Any] = {"type": "button", "action_id": action_id, "value": value,
                              "text": {"type": "plain_text", "text": label, "emoji": True}}
    if style:
        button["style"] = style
    return _json(button)


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      autoescape=False, bytecode_cache=_bytecode_cache())
    env.filters.update(money=money, compact=compact, bar=bar, mrkdwn=mrkdwn, md=markdown_escape,
                       mrkdwn_code=mrkdwn_code, level=level_word, sample=sample,
                       nice_ceiling=nice_ceiling, prefix=prefix, tip_row=tip_row,
                       stack_line=stack_row, cost_row=cost_row, tip_told=tip_told,
                       plan_line=plan_line, gap_rows=gap_rows,
                       key_row=key_row, tojson=_json, against=against, slack_date=slack_date,
                       plain_date=plain_date, mention=mention, channel_mention=channel_mention)
    env.globals.update(md=bk_md, plain=bk_plain, section=bk_section, context=bk_context,
                       header=bk_header, button=bk_button, image=bk_image)
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
