"""Facts in the units people know, and the 0-100 factors they set.

- `examples` (labeled examples) -> `data`: piecewise linear in log10, anchored on provider guidance:
  OpenAI's fine-tuning guide asks for at least 10 examples and sees clear gains from 50-100;
  Google's Vertex AI tuning docs recommend 100-500; full fine-tuning relearns every weight and
  needs thousands (Hugging Face PEFT docs). 100 examples reads as data 40, the LoRA/PEFT minimum;
  5,000 as 85, the full fine-tuning minimum.
- `requests` (per month) -> `volume`: 20 points per tenfold, 10,000 a month reading as medium (50),
  so the seed's 120,000 a month reads as High (71.6), as its 84 does.
- `changes` (how often the facts answers depend on change) -> `freshness`: weekly and faster
  read as a freshness need that calls for retrieval (from 60, see advice.FRESH_FROM).
"""

import bisect
import itertools
import math
from enum import StrEnum

# (labeled examples, data factor): the anchors of the examples -> data mapping.
EXAMPLE_ANCHORS: tuple[tuple[float, float], ...] = (
    (1, 5.0),  # one example: nothing to learn from
    (10, 20.0),  # OpenAI's minimum to start a fine-tune
    (100, 40.0),  # the end of OpenAI's "clear gains at 50-100": the LoRA/PEFT minimum
    (500, 60.0),  # the top of Vertex AI's recommended 100-500
    (5_000, 85.0),  # thousands: the full fine-tuning minimum
    (50_000, 100.0),  # tens of thousands: as much as this tool distinguishes
)
MAX_EXAMPLES = 10_000_000


VOLUME_AT_10K = 50.0  # 10,000 requests a month reads as medium
VOLUME_PER_DECADE = 20.0  # each tenfold in requests adds this many points


class Cadence(StrEnum):
    HOURLY = "hourly"
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
    NEVER = "never"


# How often facts change -> freshness need. Weekly and faster sit above 60, where the engine pairs
# any path with retrieval; yearly and never sit in the Low band.
CADENCE_FRESHNESS: dict[Cadence, float] = {
    Cadence.HOURLY: 100.0,
    Cadence.DAILY: 92.0,
    Cadence.WEEKLY: 80.0,
    Cadence.MONTHLY: 60.0,
    Cadence.QUARTERLY: 40.0,
    Cadence.YEARLY: 20.0,
    Cadence.NEVER: 5.0,
}
CADENCE_WORDS: dict[Cadence, str] = {
    Cadence.HOURLY: "every hour", Cadence.DAILY: "every day", Cadence.WEEKLY: "every week",
    Cadence.MONTHLY: "every month", Cadence.QUARTERLY: "every quarter",
    Cadence.YEARLY: "every year", Cadence.NEVER: "never",
}

_LOG_ANCHORS = [(math.log10(count), data) for count, data in EXAMPLE_ANCHORS]


def data_for_examples(examples: float) -> float:
    """Labeled examples -> the data factor (0-100)."""
    if examples < EXAMPLE_ANCHORS[0][0]:
        return 0.0
    x = math.log10(examples)
    xs = [point[0] for point in _LOG_ANCHORS]
    if x >= xs[-1]:
        return 100.0
    i = bisect.bisect_right(xs, x) - 1
    (x0, y0), (x1, y1) = _LOG_ANCHORS[i], _LOG_ANCHORS[i + 1]
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0)


def examples_for_data(data: float) -> int:
    """The fewest labeled examples that read as at least `data`."""
    if data <= 0:
        return 0
    if data > 100:
        return MAX_EXAMPLES + 1
    for (x0, y0), (x1, y1) in itertools.pairwise(_LOG_ANCHORS):
        if data <= y1:
            x = x0 + (x1 - x0) * max(0.0, data - y0) / (y1 - y0)
            count = max(1, math.ceil(10 ** x - 1e-9))
            while data_for_examples(count) < data:
                count += 1
            return count
    return 1


def volume_for_requests(requests: float) -> float:
    """Requests per month -> the volume factor (0-100)."""
    if requests <= 0:
        return 0.0
    value = VOLUME_AT_10K + VOLUME_PER_DECADE * (math.log10(requests) - 4)
    return min(100.0, max(0.0, value))


def requests_for_volume(volume: float) -> float:
    """The monthly request count that reads as `volume`, to three significant figures."""
    raw = 10 ** (4 + (volume - VOLUME_AT_10K) / VOLUME_PER_DECADE)
    return float(f"{raw:.3g}")


def freshness_for_changes(changes: Cadence) -> float:
    return CADENCE_FRESHNESS[changes]


# Each fact as a person says it (keys.Sets.told: the reports say a factor as the fact it came
# from, issue 23).
def examples_told(count: int) -> str:
    return "no labeled examples" if count == 0 else \
        f"{count:,} labeled example{'' if count == 1 else 's'}"


def requests_told(requests: float) -> str:
    return f"{compact_count(requests)} requests a month"


def changes_told(changes: Cadence) -> str:
    cadence = Cadence(changes)
    return "facts never change" if cadence is Cadence.NEVER \
        else f"facts change {CADENCE_WORDS[cadence]}"


def compact_count(value: float) -> str:
    """120000 -> 120k, 5000000 -> 5M, 1e12 -> 1T: how people say volumes and counts."""
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


def money(value: float) -> str:
    """The seed's style: whole dollars from $100 up ($202, $2,419), cents below ($76.80)."""
    sign = "-" if value < 0 else ""
    amount = abs(value)
    if amount == 0:
        return "$0"
    return f"{sign}${amount:,.0f}" if amount >= 100 else f"{sign}${amount:,.2f}"


# A payback past this many horizons is no payback a team can plan on: it reads "never pays back"
# everywhere (issue 23: "pays back in 176.3 years" was shown as if it were an answer).
NEVER_AFTER_HORIZONS = 10
NEVER_PAYS_BACK = "never pays back"


def pays_back_ever(months: float | None, horizon: float) -> bool:
    """Whether a break-even is one to show as a time: there is one, within ten horizons."""
    return months is not None and months <= NEVER_AFTER_HORIZONS * horizon


def break_even_text(months: float | None, horizon: float) -> str:
    """17.56 -> "17.6 months", 0.02 -> "1 day"; None, or past ten `horizon`s -> "never pays
    back": a break-even as tables, outputs and JSON text show it (the seed's "17.6 months";
    under a month in days, never "0.0 months")."""
    if months is None or not pays_back_ever(months, horizon):
        return NEVER_PAYS_BACK
    return payback_when(months) if months < 1 else f"{months:.1f} months"


def payback_when(months: float) -> str:
    """0.42 -> "13 days", 2.1 -> "2.1 months", 57.3 -> "4.8 years": a payback time as people
    say it (months up to two years, as the seed's "17.6 months")."""
    if months < 1:
        days = max(1, round(months * 30))
        return f"{days} day" if days == 1 else f"{days} days"
    return f"{months:.1f} months" if months < 24 else f"{months / 12:.1f} years"


def months_text(months: float) -> str:
    """12.0 -> "12", 1.4456 -> "1.4": a horizon as a sentence says it."""
    return f"{months:.0f}" if float(months).is_integer() else f"{months:.1f}"
