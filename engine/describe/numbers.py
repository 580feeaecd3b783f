"""Number phrases ("about 300", "$1,800", "2 million", "half a million", "200-300"), read by
engine/numbers.py's grammar (the one KEY=VALUE values use), the words around them, and values
written back as text the keys' readers read back exactly."""

from dataclasses import dataclass

from adapt.engine.describe.tokens import Token, _fragment_end, _fragment_start
from adapt.engine.describe.words import (
    APPROX_WORDS,
    CURRENCY_WORDS,
    PERIOD_OF,
    RATE_ADVERBS,
    RATE_LEADS,
)
from adapt.engine.numbers import ARTICLES, NUMBER_WORDS, SUFFIX_SCALE, spelled
from adapt.engine.readers import ArgumentError, read_number


@dataclass
class _Number:
    start: int  # first token of the phrase ("about", "$")
    stop: int  # one past its last token
    at: int  # the number's own token
    value: float
    money: bool
    percent: bool = False  # "80%": only a factor can take it
    in_words: bool = False  # "two thousand": read only where it counts something


_PHRASE_MOST = 12  # tokens a number phrase spans at most ("two hundred and fifty thousand")


def _value(tokens: list[Token], i: int, end: int) -> tuple[float, int, float] | None:
    """The number at token i, in digits or words (engine/numbers.py's grammar): (value, one
    past its last token, the scale its words applied, 1 when none)."""
    token = tokens[i]
    if token.kind == "num" and token.suffix:  # "2M": its scale is its own
        return token.value, i + 1, 1.0
    if token.kind != "num" and token.word not in NUMBER_WORDS | ARTICLES:
        return None
    items: list[str | float] = []
    at: list[int] = []
    for j in range(i, min(end, i + _PHRASE_MOST)):
        if tokens[j].word == "-" and items:  # "twenty-five"
            continue
        if tokens[j].kind == "num" and j != i:
            break
        items.append(tokens[j].value if tokens[j].kind == "num" else tokens[j].word)
        at.append(j)
    found = spelled(items)
    if found is None:
        return None
    value, used = found
    scale = value / token.value if token.kind == "num" and token.value else 1.0
    return value, at[used - 1] + 1, scale


def _number(tokens: list[Token], i: int) -> _Number | None:
    """The number phrase at token i: "about 300", "$1,800", "2 million", "a million", "half a
    million", "200-300" and "2-3 million" (a range reads as its lower end)."""
    token = tokens[i]
    end = _fragment_end(tokens, i)
    read = _value(tokens, i, end)
    if read is None:
        return None
    value, j, scale = read
    if j + 1 < end and tokens[j].word in ("-", "to") and tokens[j + 1].kind == "num":
        upper = _value(tokens, j + 1, end)
        if upper is not None:
            if scale == 1.0 and not token.suffix:  # "2-3 million": the scale is both ends'
                value *= upper[2] * SUFFIX_SCALE.get(tokens[j + 1].suffix, 1.0)
            value, j = min(value, upper[0]), upper[1]
    if j < end and tokens[j].word == "+":
        j += 1
    percent = j < end and tokens[j].word == "%"
    j += percent
    money = False
    if j < end and tokens[j].word in CURRENCY_WORDS:
        money, j = True, j + 1
    start = i
    if start > 0 and tokens[start - 1].word == "$" and not tokens[start - 1].used:
        money, start = True, start - 1
    while start > 0 and tokens[start - 1].fragment == token.fragment \
            and tokens[start - 1].word in APPROX_WORDS and not tokens[start - 1].used:
        start -= 1
    return _Number(start, j, i, value, money, percent, in_words=token.kind != "num")


def _after(tokens: list[Token], number: _Number, most: int = 5) -> list[int]:
    """Indexes of the words after a number phrase, in its fragment, up to the next number;
    hyphens skipped ("3k-token", "2-year")."""
    out = []
    end = _fragment_end(tokens, number.at)
    for j in range(number.stop, min(end, number.stop + most)):
        if tokens[j].kind in ("num", "model") or tokens[j].used:
            break
        if tokens[j].word != "-":
            out.append(j)
    return out


def _before(tokens: list[Token], number: _Number, most: int = 5) -> list[int]:
    """Indexes of the words before the number itself (its "about" and "$" too), nearest first,
    in its fragment, back to the previous number or claimed word."""
    out = []
    first = _fragment_start(tokens, number.at)
    for j in range(number.at - 1, max(first, number.at - most) - 1, -1):
        if tokens[j].kind in ("num", "model") or (tokens[j].used and j < number.start):
            break
        out.append(j)
    return out


def _rate(tokens: list[Token], after: list[int]) -> tuple[str, int] | None:
    """"a day", "per month", "/week", "daily": (period, index of the last word) or None."""
    for n, j in enumerate(after):
        word = tokens[j].word
        if word in RATE_ADVERBS:
            return PERIOD_OF[word], j
        if word in RATE_LEADS and n + 1 < len(after):
            period = PERIOD_OF.get(tokens[after[n + 1]].word)
            if period and not tokens[after[n + 1]].word.endswith("s"):
                return period, after[n + 1]
    return None


def count_text(value: float) -> str:
    """A count as people write it and the readers read it back exactly: 2000000 -> "2M"."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= size:
            text = f"{value / size:g}{suffix}"
            if _reads_back(text, value):
                return text
    return amount_text(value)


def amount_text(value: float) -> str:
    """A plain number the readers read back exactly: 1800.0 -> "1800", 2.5 -> "2.5"."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:g}"
    return text if _reads_back(text, value) else repr(value)


def _reads_back(text: str, value: float) -> bool:
    try:
        return read_number("n", text, "") == value
    except ArgumentError:
        return False


def _monthly(count: float, per_month: float) -> float:
    """A volume per month: whole requests, and three figures where a week or a year made the
    month a fraction (1M a week -> 4.29M, not 4,285,714)."""
    monthly = count * per_month
    return float(round(monthly)) if per_month.is_integer() else float(f"{monthly:.3g}")
