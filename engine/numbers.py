"""Numbers as people write them: the one grammar behind KEY=VALUE values (`requests=2mn`,
`examples=20 000`) and the numbers in a description ("half a million", "1 500 000 requests").

- digits, grouped by thousands with a comma, a space, a no-break or narrow no-break space (French
  and SI style, issue 21: "20 000"), an apostrophe (Swiss), an underscore (Python), or with dots
  when the groups leave no doubt ("20.000", "1.500.000": German; "1.500" stays one and a half);
  a decimal point, or a decimal comma before a scale ("1,5k", "2,5 million");
- a scale, attached or as a word: k, m, mn, mm, mil, b, bn, thousand, million, billion, lakh,
  crore (Indian English: 1e5, 1e7), grand, hundred, and their plurals ("2 millions");
- number words: "two thousand", "fifty thousand", "twenty-five hundred", "half a million",
  "a quarter million", "a couple (of) hundred", "a dozen", "one and a half million",
  "two hundred and fifty thousand".

Every step is a single left-to-right pass (no backtracking pattern over unbounded text).
"""

import math
import re
from collections.abc import Sequence

# Scales a number may carry: attached ("2mn") or as the next word ("2 million").
SUFFIX_SCALE: dict[str, float] = {"k": 1e3, "mil": 1e6, "mm": 1e6, "mn": 1e6, "m": 1e6,
                                  "bn": 1e9, "b": 1e9}
SCALE_WORDS: dict[str, float] = {
    **SUFFIX_SCALE, "thousand": 1e3, "thousands": 1e3, "grand": 1e3, "million": 1e6,
    "millions": 1e6, "billion": 1e9, "billions": 1e9, "lakh": 1e5, "lakhs": 1e5,
    "crore": 1e7, "crores": 1e7,
}
HUNDRED = frozenset({"hundred", "hundreds"})
UNIT_WORDS: dict[str, float] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS_WORDS: dict[str, float] = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                                "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
FRACTION_WORDS: dict[str, float] = {"half": 0.5, "quarter": 0.25}  # "half a million"
COUNT_NOUNS: dict[str, float] = {"couple": 2, "dozen": 12}  # "a couple hundred", "a dozen"
ARTICLES = frozenset({"a", "an"})
NUMBER_WORDS = frozenset({*UNIT_WORDS, *TENS_WORDS, *FRACTION_WORDS, *COUNT_NOUNS, *HUNDRED,
                          *SCALE_WORDS})

_SUFFIXES = "|".join(sorted(SUFFIX_SCALE, key=len, reverse=True))
_SCALES = "|".join(sorted(SCALE_WORDS, key=len, reverse=True))
_GROUP_SEPARATORS = ", \u00a0\u202f\u2009'_"
# One numeral, as a regular expression to embed (no groups of its own, so it nests anywhere).
NUMERAL = rf"""(?:
      [0-9]{{1,3}}(?:,[0-9]{{3}}(?![0-9]))+(?:\.[0-9]+)?              # 20,000  1,234.5
    | [0-9]{{1,3}}(?:[ \u00a0\u202f\u2009][0-9]{{3}}(?![0-9]))+        # 20 000 (any space)
    | [0-9]{{1,3}}(?:['_][0-9]{{3}}(?![0-9]))+                         # 20'000  20_000
    | [1-9][0-9]{{0,2}}(?:\.[0-9]{{3}}){{2,}}(?![0-9])                 # 1.500.000
    | [1-9][0-9]{{0,2}}\.000(?![0-9.])                                 # 20.000
    | [0-9]+,[0-9]{{1,2}}(?=\s?(?:{_SCALES})(?![a-z]))                 # 1,5k  2,5 million
    | [0-9]+(?:\.[0-9]+)?|\.[0-9]+                                     # 300  2.5  .5
    )"""
_NUMERAL = re.compile(NUMERAL, re.VERBOSE | re.IGNORECASE)
_VALUE = re.compile(
    rf"^([+-]?)\$?\s*({NUMERAL})(?:e([+-]?[0-9]{{1,4}}))?\s*({_SCALES})?$",
    re.VERBOSE | re.IGNORECASE)
_WORD_SPLIT = re.compile(r"[\s-]+")


def numeral_value(text: str) -> float:
    """The value of a numeral NUMERAL matched: separators dropped, a dot between thousands
    groups ("20.000") or a decimal comma ("1,5") read as such."""
    if "," in text and not re.search(r",[0-9]{3}(?![0-9])", text):
        return float(text.replace(",", "."))  # a decimal comma: "1,5"
    if text.count(".") > 1 or (text.endswith(".000") and _dotted_thousands(text)):
        text = text.replace(".", "")
    for separator in _GROUP_SEPARATORS:
        text = text.replace(separator, "")
    return float(text)


def _dotted_thousands(text: str) -> bool:
    """"20.000" is twenty thousand (nobody writes 20.0 that way); "0.000" is zero."""
    head = text.split(".", 1)[0]
    return head.isdigit() and head[0] != "0" and len(head) <= 3


def spelled(words: Sequence[str | float], start: int = 0) -> tuple[float, int] | None:
    """A number in words from words[start]: (value, index past its last word), or None.

    Items are lowercase words (hyphens already dropped) or numbers already read ("2" in "2 and a
    half million", only as the first item). "a"/"an" count only before what they quantify ("a
    million", "a couple hundred", "half a million"), "and" only inside a number ("two hundred
    and fifty"); a fraction or "couple" needs a scale ("half a million", not "half the time").
    """
    total = current = last_scale = 0.0
    whole = False  # a count of its own was read, not only "half" or "couple"
    i = start
    while i < len(words):
        word, following = words[i], words[i + 1] if i + 1 < len(words) else None
        if isinstance(word, float):
            if i != start:
                break
            current, whole = word, True
        elif word in UNIT_WORDS or word in TENS_WORDS:
            small = UNIT_WORDS.get(word, TENS_WORDS.get(word, 0.0))
            after_tens = current % 100 in TENS_WORDS.values() and 0 < small < 10
            if current % 100 and not after_tens:
                break  # "five six" is two numbers; "twenty five" is one
            current, whole = current + small, True
        elif word in ARTICLES:
            if following in FRACTION_WORDS or following in COUNT_NOUNS:
                pass  # "a half", "a couple": the next word counts
            elif (following in SCALE_WORDS or following in HUNDRED) and not current:
                current = 1.0  # "a million", "a hundred"
            elif not ((following in SCALE_WORDS or following in HUNDRED)
                      and not whole and current):  # "half a million"
                break
        elif word in FRACTION_WORDS and not current and last_scale and words[i - 1] in ARTICLES:
            total += FRACTION_WORDS[word] * last_scale  # "a million and a half"
        elif word in FRACTION_WORDS:
            current += FRACTION_WORDS[word]
        elif word in COUNT_NOUNS:  # "a dozen", "2 dozen", "a couple (of) hundred"
            current = current * COUNT_NOUNS[word] if whole else current + COUNT_NOUNS[word]
            whole = whole or word == "dozen"
            i += following == "of"  # "a couple of hundred"
        elif word in HUNDRED and current:
            current, whole = current * 100, True
        elif word in SCALE_WORDS and (current or total):
            total, current, whole = total + (current or 1.0) * SCALE_WORDS[word], 0.0, True
            last_scale = SCALE_WORDS[word]
        elif not (word == "and" and whole and continues(words, i + 1)):
            break
        i += 1
    if not whole:
        return None
    return total + current, i


def continues(words: Sequence[str | float], i: int) -> bool:
    """Whether the words at i go on with the number ("and fifty", "and a half")."""
    if i >= len(words) or isinstance(words[i], float):
        return False
    word = words[i]
    return word in UNIT_WORDS or word in TENS_WORDS or word in FRACTION_WORDS or (
        word in ARTICLES and i + 1 < len(words) and words[i + 1] in FRACTION_WORDS)


_PLAIN_DECIMAL = re.compile(r"^\$?\s*([0-9]+\.[0-9]+)$")


def read_value(raw: str, *, decimal_point: bool = False) -> float | None:
    """A whole value as a number: "2mn", "20 000", "$1,800", "1.2e6", "two thousand", "half a
    million"; None when it is not one. Not finite values are the caller's to refuse.
    `decimal_point`: a lone dot is always a decimal point ("1.000" is one), for prices, where
    nobody writes a thousand dollars per million tokens the German way."""
    text = raw.strip().lower().replace("usd", "").strip()
    plain = _PLAIN_DECIMAL.match(text) if decimal_point else None
    if plain:
        return float(plain.group(1))
    match = _VALUE.match(text)
    if match:
        sign, numeral, exponent, scale = match.groups()
        value = numeral_value(numeral) * SCALE_WORDS.get(scale or "", 1.0)
        if exponent and math.isfinite(value):
            value = float(f"{value!r}e{exponent}")  # "1e309" is inf, not an OverflowError
        return -value if sign == "-" else value
    words: list[str | float] = [w for w in _WORD_SPLIT.split(text) if w]
    leading = _NUMERAL.fullmatch(str(words[0])) if words else None
    if leading:
        words[0] = numeral_value(str(words[0]))
    found = spelled(words)
    if found is None or found[1] != len(words):
        return None
    return found[0] if math.isfinite(found[0]) else math.inf
