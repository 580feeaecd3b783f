"""What each number counts, by the words near it: examples, requests a month, tokens, dollars
(training, eval, hosting, a price per million tokens), months of horizon, "every 2 weeks", a
tuned model's `Nx`, or a key named just before it; and "no labeled data", a count of zero said
in words. A number nothing names is listed under "not used", never guessed."""

import math
import re

from adapt.engine.describe.changes import _cadence_fact, _nearest_cadence
from adapt.engine.describe.numbers import (
    _after,
    _before,
    _monthly,
    _Number,
    _number,
    _rate,
    amount_text,
    count_text,
)
from adapt.engine.describe.reading import _Found
from adapt.engine.describe.tokens import (
    _READ_WORDS,
    Token,
    _fragment_end,
    _fragment_start,
    _fragment_words,
    _phrase_end,
)
from adapt.engine.describe.words import (
    APPROX_WORDS,
    DATA_NOUNS,
    EVERY_WORDS,
    EXAMPLE_NOUNS,
    FILLER,
    HORIZON_LEADS,
    HORIZON_WORDS,
    KEY_VALUE_GLUE,
    LABELED_LATER,
    MONEY_CONTEXT,
    MONTHS_IN,
    PAST_WORDS,
    PER_MILLION,
    PER_MONTH,
    PERIOD_DAYS,
    PERIOD_OF,
    PRICE_TAIL,
    RATE_ADVERBS,
    RATE_NOUNS,
    REDUCTION_VERBS,
    REQUEST_NOUNS,
    TOKEN_NOUNS,
    TOTAL_PHRASES,
    TUNED_WORDS,
    UNREAD_KEYS,
    ZERO_WORDS,
)
from adapt.engine.keys import FACT_OF_FACTOR, KEY_BY_NAME, KEY_OF
from adapt.engine.readers import ArgumentError

NONE_AFTER = frozenset({"none", "nil", "zero"})  # "examples: none"


def _duration(found: _Found, number: _Number, after: list[int], before: list[int]) -> bool:
    """"over 2 years", "18-month horizon", "every 2 weeks": True when the number was read."""
    tokens = found.tokens
    unit = tokens[after[0]].word if after else ""
    period, count, stop = PERIOD_OF.get(unit), number.value, (after[0] + 1 if after else 0)
    if period is None and tokens[number.at].suffix == "m" and (
            not after or tokens[after[0]].word in HORIZON_WORDS):
        period, count, stop = "month", number.value / 1e6, number.stop  # "over 18m"
    if period is None:
        return False
    leads = {tokens[j].word for j in before} | {tokens[j].word for j in after[1:3]}
    if leads & PAST_WORDS:  # "over the past 3 months" looks back: no horizon, no cadence
        return False
    if leads & (HORIZON_LEADS | HORIZON_WORDS) and period in MONTHS_IN:
        months = count * MONTHS_IN[period]
        nxt = next((j for j in after[:3] if tokens[j].word in HORIZON_WORDS), stop - 1)
        found.set("horizon", amount_text(months), number.start, max(stop, nxt + 1))
        return True
    every = [j for j in before[:2] if tokens[j].word in EVERY_WORDS]
    if every:
        cadence = _nearest_cadence(count * PERIOD_DAYS[period])
        _cadence_fact(found, cadence, min(every[0], number.start), stop)
        return True
    return False


def _money(found: _Found, number: _Number, after: list[int], before: list[int]) -> None:
    """A dollar amount names its key by a word near it, or it is not used (never guessed)."""
    tokens = found.tokens
    price_end = _price_end(tokens, number)
    if price_end is not None:
        found.set("price", amount_text(number.value), number.start, price_end)
        return
    for j in sorted([*after, *before], key=lambda j: abs(j - number.at)):
        for key, words_of_key in MONEY_CONTEXT.items():
            if tokens[j].word in words_of_key:
                lo, hi = min(number.start, j), max(number.stop, j + 1)
                found.set(key, amount_text(number.value), lo, hi)
                return
    found.set_aside(number.start, _with_noun(tokens, number, after))


def _price_end(tokens: list[Token], number: _Number) -> int | None:
    """"$2.50 per 1M tokens", "$0.15/million input tokens": where the price phrase ends, or None
    when the amount is not a price per million tokens."""
    end, j = _fragment_end(tokens, number.at), number.stop
    if j + 1 >= end or tokens[j].word not in ("per", "/", "a"):
        return None
    million = tokens[j + 1]
    if not (million.word in PER_MILLION or (million.kind == "num" and million.value == 1e6)):
        return None
    j += 2
    while j < min(end, number.stop + 6) and tokens[j].word in PRICE_TAIL:  # "input tokens"
        j += 1
    return j


def _unit(tokens: list[Token], indexes: list[int]) -> tuple[str, int] | None:
    """What the words near a number say it counts: ("examples" | "requests" | "tokens", index).
    Requests a label comes to later in the clause are examples ("2,500 past replies that the
    team labeled")."""
    for j in indexes:
        word = tokens[j].word
        if word in EXAMPLE_NOUNS:
            return "examples", j
        if word in TOKEN_NOUNS:
            return "tokens", j
    for j in indexes:
        if tokens[j].word in REQUEST_NOUNS:
            return ("examples" if _labeled_later(tokens, j) else "requests"), j
    return None


def _labeled_later(tokens: list[Token], j: int) -> bool:
    """Whether the clause says, soon after the noun at j, that people labeled them."""
    return any(tokens[k].word in LABELED_LATER for k in range(j + 1, min(tokens[j].stop, j + 8)))


def _total(tokens: list[Token], number: _Number) -> tuple[int, int] | None:
    """A count said as a total, not a rate ("5,000 tickets so far", "in total we've collected
    40k conversations", "2,500 past replies"): the span of the words that say so, or None.
    Looked for near the number, so a long clause is read in linear time."""
    first, end = _fragment_start(tokens, number.at), _fragment_end(tokens, number.at)
    for k in range(max(first, number.start - 8), min(end, number.stop + 8)):
        if not tokens[k].clause & _TOTAL_FIRST_WORDS:
            return None
        for phrase in TOTAL_PHRASES:
            if tokens[k].word == phrase[0]:
                stop = _phrase_end(tokens, k, phrase, claimed=True)
                if stop is not None:
                    return min(k, number.start), max(stop, number.stop)
    return None


_TOTAL_FIRST_WORDS = frozenset(phrase[0] for phrase in TOTAL_PHRASES)


def _key_before(tokens: list[Token], before: list[int]) -> tuple[str, int] | None:
    """"horizon 24", "eval: 400", "stability is 80": a key named just before a bare number."""
    for j in before:
        word = tokens[j].word
        if word in KEY_VALUE_GLUE or (word in APPROX_WORDS and word not in KEY_OF):
            continue
        key = KEY_OF.get(word)
        return (key, j) if key and key not in UNREAD_KEYS else None
    return None


def _counted(found: _Found, number: _Number, after: list[int], before: list[int]) -> bool:
    tokens = found.tokens
    if number.percent or (after and after[0] == number.stop and tokens[after[0]].word in
                          PERIOD_OF and tokens[after[0]].word not in RATE_ADVERBS):
        return False  # "2% of the time", "3 yrs of labeled tickets": not a count
    unit = _unit(tokens, after)
    own = unit is None and _counts_own_noun(tokens, number, after)
    if own and _labeled_later(tokens, after[0]):  # "25k claims that humans routed"
        unit = "examples", after[0]
    elif unit is None and not own:
        unit = _unit(tokens, before[:4])  # "requests: 2M", but not "tickets into 40 queues"
    rate = _rate(tokens, after)
    if rate is None and unit and unit[1] < number.at:  # "monthly requests: 2M"
        rate = _rate(tokens, [j for j in reversed(before) if j < unit[1]][-1:])
    if unit is not None and tokens[unit[1]].word in RATE_NOUNS:
        rate = RATE_NOUNS[tokens[unit[1]].word], unit[1]
    if unit is None and rate is None:
        return False
    kind = unit[0] if unit else "requests"
    spans = [number.start, number.stop - 1] + ([unit[1]] if unit else [])
    if kind == "tokens" and rate is not None:  # "2M tokens a month": no per-call figure
        found.set_aside(min(spans), max([*spans, rate[1]]) + 1)
    elif kind == "tokens":
        cut = [j for j in before if tokens[j].word in REDUCTION_VERBS]
        found.set("reduction" if cut else "extra_tokens", count_text(number.value),
                  min(spans + cut[:1]), max(spans) + 1)
    elif kind == "examples":
        found.set("examples", count_text(number.value), min(spans), max(spans) + 1)
    elif rate is None and (total := _total(tokens, number)) is not None:
        found.set_aside(min(total[0], *spans), max(total[1], *[s + 1 for s in spans]))
    else:
        per_month = PER_MONTH[rate[0]] if rate else 1.0
        spans += [rate[1]] if rate else []
        found.set("requests", count_text(_monthly(number.value, per_month)), min(spans),
                  max(spans) + 1)
    return True


def _counts_own_noun(tokens: list[Token], number: _Number, after: list[int]) -> bool:
    """Whether the word right after a number is a noun no table knows ("40 categories")."""
    if not after or after[0] != number.stop:
        return False
    token = tokens[after[0]]
    return token.kind == "word" and (token.fuzzy or token.word not in _READ_WORDS)


def _multiplier(found: _Found, i: int) -> bool:
    """"the tuned model costs 2x": an `Nx` after tuned or fine-tuned in one clause."""
    token = found.tokens[i]
    if token.kind != "alnum" or not re.fullmatch(r"[0-9]+(?:\.[0-9]+)?x", token.word):
        return False
    start = max(_fragment_start(found.tokens, i), i - 8)  # "the tuned model costs 2x"
    tuned = [j for j in range(start, i) if found.tokens[j].word in TUNED_WORDS]
    if not tuned:
        return False
    found.set("tuned_multiplier", token.word, tuned[0], i + 1)  # its "costs" is no failure
    return True


def _numbers(found: _Found) -> None:
    tokens = found.tokens
    for i in range(len(tokens)):
        if tokens[i].used:
            continue
        if _multiplier(found, i):
            continue
        number = _number(tokens, i)
        if number is None:
            continue
        _read_number(found, number)


def _read_number(found: _Found, number: _Number) -> None:
    tokens = found.tokens
    after, before = _after(tokens, number), _before(tokens, number)
    if not math.isfinite(number.value):  # 400 nines: no key's number
        found.set_aside(number.start, number.stop)
    elif number.money:
        _money(found, number, after, before)
    elif _duration(found, number, after, before) or _counted(found, number, after, before):
        return
    elif _trimmed(tokens, number, before):  # "tuning would save about 1.5k of them"
        cut = next(j for j in before if tokens[j].word in REDUCTION_VERBS)
        found.set("reduction", count_text(number.value), cut, number.stop)
    elif (paid := _paid_for(tokens, number, after, before)) is not None:
        found.set(paid[0], amount_text(number.value), min(number.start, paid[1]),
                  max(number.stop, paid[1] + 1))
    elif (named := _key_before(tokens, before)) is not None:
        key, j = named
        if key in FACT_OF_FACTOR and number.value > 100 and not number.percent:
            key = FACT_OF_FACTOR[key]
        named_key = KEY_BY_NAME[key]  # a fact's count is written compactly, as typed
        counted = named_key.sets is not None and named_key.kind in ("count", "whole")
        raw = count_text(number.value) if counted else amount_text(number.value)
        if _accepts(key, raw):
            found.set(key, raw, j, number.stop)
        elif not number.in_words:
            found.set_aside(number.start, _with_noun(tokens, number, after))
    elif not number.in_words:  # "one of the issues" is no number left unread
        found.set_aside(number.start, _with_noun(tokens, number, after))


def _trimmed(tokens: list[Token], number: _Number, before: list[int]) -> bool:
    """A bare number after cut/save in a clause about tuning: the tokens tuning removes."""
    return any(tokens[j].word in REDUCTION_VERBS for j in before) and bool(
        _fragment_words(tokens, number.at) & TUNED_WORDS)


def _paid_for(tokens: list[Token], number: _Number, after: list[int], before: list[int]
              ) -> tuple[str, int] | None:
    """"1.8k training", "eval: 400": an amount without '$' right beside what it pays for."""
    near = [j for j in (after[:1] + before[:1]) if abs(j - number.at) <= 2]
    for j in near:
        for key, words in MONEY_CONTEXT.items():
            if tokens[j].word in words:
                return key, j
    return None


def _with_noun(tokens: list[Token], number: _Number, after: list[int]) -> int:
    """Where a number not read ends, with the word it counts ("6 months", "$500 budget")."""
    if after and after[0] == number.stop and tokens[after[0]].kind == "word" \
            and tokens[after[0]].word not in FILLER:
        return after[0] + 1
    return number.stop


def _accepts(key: str, raw: str) -> bool:
    try:
        KEY_BY_NAME[key].read(key, raw)
    except ArgumentError:
        return False
    return True


def _no_data(found: _Found) -> None:
    """"no labeled data", "zero examples", "we don't have any labels", "examples: none":
    examples=0."""
    tokens = found.tokens
    for i, token in enumerate(tokens):
        if not token.used and token.word in NONE_AFTER:
            j = i - 1
            while j > token.first and tokens[j].word in KEY_VALUE_GLUE and i - j < 3:
                j -= 1
            if j >= token.first and tokens[j].word in DATA_NOUNS and not tokens[j].used:
                found.set("examples", "0", j, i + 1)  # "examples: none", "labels: zero"
                continue
        if token.used or token.word not in ZERO_WORDS:
            continue
        end = _fragment_end(tokens, i)
        for j in range(i + 1, min(end, i + 5)):
            if tokens[j].word in DATA_NOUNS and not tokens[j].used:
                if tokens[j].word == "training" and (j + 1 >= end or tokens[j + 1].word not in
                                                     DATA_NOUNS):
                    break
                stop = j + 1
                while stop < end and tokens[stop].word in DATA_NOUNS:
                    stop += 1
                found.set("examples", "0", i, stop)
                break
