"""How figures and report pieces are written in every medium: money, counts, bars, tipping
points, rows. Plain text only; escaping for Markdown lives here too, Slack's mrkdwn in the bot."""

import math
from datetime import UTC, datetime
from typing import Any

# The engine's, so its sentences and every table write amounts alike.
from adapt.engine.units import break_even_text as break_even_text
from adapt.engine.units import money as money

BAR_WIDTH = 20


def compact(value: float) -> str:
    """120000 -> 120k, 1200000 -> 1.2M: how people say volumes."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


def bar(value: float, top: float = 100.0, width: int = BAR_WIDTH) -> str:
    filled = 0 if top <= 0 else round(width * min(max(value / top, 0.0), 1.0))
    return "█" * filled + "░" * (width - filled)


def plain_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


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
    """One input key for a monospaced help table: name, allowed values, aliases."""
    aliases = f" [{', '.join(key.aliases)}]" if key.aliases else ""
    return f"{key.key:<17}{key.values}{aliases}"


def lower_first(text: str) -> str:
    """"From about 100 labeled examples" -> "from about 100 labeled examples", for a trigger
    read inside a sentence."""
    return text[:1].lower() + text[1:]


def escape_markdown(text: Any) -> str:
    """User text inside Markdown: every character Markdown could read as syntax, escaped."""
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
