"""How figures and report pieces are written in every medium: money, counts, bars, tipping
points, rows. Plain text only; escaping for Markdown lives here too, Slack's mrkdwn in the bot."""

import math
from datetime import UTC, datetime
from typing import Any

# The engine's, so its sentences and every table write amounts and paybacks alike.
from adapt.engine.args import to_args
from adapt.engine.keys import FACT_OF_FACTOR, KEY_BY_NAME, KEYS
from adapt.engine.presets import PRESETS
from adapt.engine.scenario import PROBLEM_LABELS, Factor, level_word
from adapt.engine.sentences import say
from adapt.engine.tipping import STEP as TIP_STEP
from adapt.engine.units import (
    CADENCE_WORDS,
    NEVER_PAYS_BACK,
    Cadence,
    break_even_text,
    examples_for_data,
    examples_told,
)
from adapt.engine.units import compact_count as compact
from adapt.engine.units import money as money

BAR_WIDTH = 20


def bar(value: float, top: float = 100.0, width: int = BAR_WIDTH) -> str:
    filled = 0 if top <= 0 else round(width * min(max(value / top, 0.0), 1.0))
    return "█" * filled + "░" * (width - filled)


def break_even(cost: Any, horizon: float | None = None) -> str:
    """A CostReport's break-even as every table shows it: "17.6 months", or "never pays back"
    when there is none or it lies past ten horizons (the engine's one rule, units.py); or, with
    `horizon`, a break-even in months (`cost` a number or None) judged against that horizon."""
    if horizon is not None:
        return break_even_text(cost, horizon)
    return break_even_text(cost.break_even_months, cost.horizon_months)


def plain_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


# Factors in words (issue 23: "no 0-100 number anywhere a person reads"): a factor's level as a
# phrase, for a factor no fact set; a fact, in its own units, for one that a fact did set.
LEVEL_PHRASES: dict[Factor, dict[str, str]] = {
    Factor.STABILITY: {"Low": "requirements still changing", "Medium": "requirements partly"
                       " settled", "High": "stable requirements"},
    Factor.DATA: {"Low": "little labeled data", "Medium": "some labeled data",
                  "High": "plenty of labeled data"},
    Factor.VOLUME: {"Low": "low request volume", "Medium": "medium request volume",
                    "High": "high request volume"},
    Factor.FRESHNESS: {"Low": "facts rarely change", "Medium": "facts change now and then",
                       "High": "facts change often"},
    Factor.TOLERANCE: {"Low": "long prompts are a problem", "Medium": "long prompts are"
                       " acceptable", "High": "long prompts are fine"},
}
# What moves when a factor moves, for "if ... falls to low".
FACTOR_NOUNS: dict[Factor, str] = {
    Factor.STABILITY: "requirement stability", Factor.DATA: "labeled data",
    Factor.VOLUME: "request volume", Factor.FRESHNESS: "the need for fresh facts",
    Factor.TOLERANCE: "tolerance for long prompts",
}


def level_phrase(factor: Factor, value: float) -> str:
    return LEVEL_PHRASES[factor][level_word(value)]


def fact_of(scenario: Any, factor: Factor) -> str | None:
    """The fact a factor was read from, in its units ("300 labeled examples", "2M requests a
    month", "facts change every week": the fact's row says it, keys.Sets.told); None when no
    fact set it."""
    fact = KEY_BY_NAME.get(FACT_OF_FACTOR.get(factor.value, ""))
    if fact is None or fact.sets is None:
        return None
    told = getattr(scenario, fact.name)
    if told is None or scenario.factor(factor) != fact.sets.reads(told):
        return None
    return fact.sets.told(told)


def fact_told(scenario: Any, factor: Factor | str) -> str:
    """A factor as a person reads it: the fact it came from, else its level in words."""
    factor = Factor(factor)
    return fact_of(scenario, factor) or level_phrase(factor, scenario.factor(factor))


def input_told(report: Any, name: str) -> str:
    """One input of the score (a factor, the problem, the payback term) in words."""
    if name in Factor.__members__.values():
        return fact_told(report.scenario, Factor(name))
    if name == "problem":
        return PROBLEM_LABELS[report.scenario.problem]
    if name == "payback":
        told = break_even(report.cost)
        return "tuning never pays back" if told == NEVER_PAYS_BACK \
            else f"tuning pays back in {told}"
    return {"base": "where each option starts"}.get(name, name)


def _level_side(factor: Factor, at: float, upward: bool) -> str:
    return f"if {FACTOR_NOUNS[factor]} {'rises' if upward else 'falls'} to" \
        f" {level_word(at).lower()}"


def tip_side(tip: Any, upward: bool, factor: Factor) -> str:
    """One tip in the fact's units, or the factor's level in words: "from 100 labeled
    examples", "at 2.24k requests a month or fewer", "if facts change every week", "if
    requirement stability falls to low"."""
    if factor is Factor.DATA:
        count = tip.at_examples if tip.at_examples is not None else examples_for_data(
            tip.at if upward else tip.at + TIP_STEP) - (0 if upward else 1)
        about = "" if tip.at_examples is not None else "about "
        where = f"from {about}{examples_told(max(count, 0))}" if upward \
            else f"at {about}{examples_told(max(count, 0))} or fewer"
    elif tip.at_requests is not None:
        where = f"{'from' if upward else 'at or below'} {compact(tip.at_requests)}" \
                " requests a month"
    elif tip.at_changes is not None:
        changes = Cadence(tip.at_changes)
        where = "if facts never change" if changes is Cadence.NEVER \
            else f"if facts change {CADENCE_WORDS[changes]}"
    else:
        where = _level_side(factor, tip.at, upward)
    return f"{where} → {tip.name}"


def tip_told(point: Any) -> str:
    """Both sides of one factor's tipping points, or that none exists."""
    sides = [tip_side(tip, upward, point.factor)
             for tip, upward in ((point.below, False), (point.above, True)) if tip is not None]
    return "; ".join(sides) or "no change to it alone changes the winner"


def quiet_factors(points: Any) -> str:
    """The factors no change of which alone changes the winner, in words."""
    return said_together([FACTOR_NOUNS[point.factor] for point in points
                          if not (point.below or point.above)])


def said_together(items: list[str], word: str = "or") -> str:
    """["a", "b", "c"] -> "a, b or c"."""
    return items[0] if len(items) == 1 else \
        f"{', '.join(items[:-1])} {word} {items[-1]}" if items else ""


def difference_told(difference: Any, a: Any, b: Any) -> tuple[str, str]:
    """One differing input of two scenarios as (A, B) a person reads: a factor as its level in
    words ("high", "low"; "high, lower" when both read the same), anything else as compare
    says it (a fact in its units, an amount)."""
    if difference.key not in Factor.__members__.values():
        return difference.a, difference.b
    before, after = a.factor(Factor(difference.key)), b.factor(Factor(difference.key))
    words = level_word(before).lower(), level_word(after).lower()
    if words[0] != words[1]:
        return words
    return words[0], f"{words[1]}, {'higher' if after > before else 'lower'}"


def standing(entry: Any) -> str:
    """Why a ranked option is not in the running, in a word or two: "waits" (it can fix the
    failure but cannot start yet) or "cannot fix"; "" for one that can start now."""
    return "" if entry.eligible else "waits" if entry.fixes else "cannot fix"


def requests_note(scenario: Any) -> str | None:
    """Where the monthly requests the cost uses were read from the volume factor (`volume=high`
    costs 316k requests a month), which figure that was and how to give the real one; None
    when they were stated. A power of ten (1k, 10k, 1M) may be either, since `requests=1M`
    and `volume=90` are one scenario: it gets no note rather than a wrong one."""
    if any(arg.startswith("requests=") for arg in to_args(scenario)):
        return None
    preset = PRESETS.get(scenario.preset or "")
    if preset is not None and preset.values.get("requests") == scenario.requests:
        return None
    if scenario.requests <= 0 or math.log10(scenario.requests).is_integer():
        return None
    return say("cost.requests.volume", requests=compact(scenario.requests),
               level=level_word(scenario.volume).lower())


def gap_rows(points: dict[str, float], report: Any) -> str:
    """Per-input points, largest effect first, each input in words; an input that moves
    nothing (under 0.05 points) is left out rather than shown as "-0.0"."""
    rows = sorted((item for item in points.items() if abs(item[1]) >= 0.05),
                  key=lambda item: -abs(item[1]))
    return "\n".join(f"{value:+6.1f}  {input_told(report, name)}" for name, value in rows)


def against(report: Any, most: int = 3) -> str:
    """The inputs that work against the winner's lead, largest first, in words: "high request
    volume (8.4 points), tuning's payback (17.6 months) (3.8 points)"."""
    costs = sorted((item for item in report.winner.gap_by_input.items() if item[1] <= -0.5),
                   key=lambda item: item[1])[:most]
    return ", ".join(f"{input_told(report, name)} ({-value:.1f} points)" for name, value in costs)


KEY_COLUMN = max(len(key.name) for key in KEYS) + 2  # the longest key name never runs into
# its values ("tokens_per_examplea count" was the 17-wide column's bug)


def key_row(key: Any) -> str:
    """One input key for a monospaced help table: name, allowed values, aliases."""
    aliases = f" [{', '.join(key.aliases)}]" if key.aliases else ""
    return f"{key.key:<{KEY_COLUMN}}{key.values}{aliases}"


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
