"""A description in plain words -> the canonical input keys.

`describe("our support bot's tone drifts, about 300 labeled examples, 2M requests a month")`
reads `problem=style examples=300 requests=2M` and says which parts it did not understand.

Deterministic and offline: word tables and patterns, no model, no network, no I/O. Each table
says where its words come from: the key table (engine/keys.py) and the readers' aliases
(engine/readers.py) wherever they fit a sentence, issue 9 ("Say it the way you'd say it") for
the phrasings it lists, and everyday wording beyond that. The output is raw value text that the
keys' own readers accept, so a sentence is checked by exactly the rules KEY=VALUE is.

How it reads, in order (an earlier rule claims its words, a later one never reuses them):
model names (read as the exact provider:id prices.known_models() lists), presets, numbers
with what they count (engine/numbers.py's grammar, the one KEY=VALUE values use: examples,
requests, tokens, dollars, months; totals apart from rates), "no labeled data", `key value`
pairs written without '=', how often facts change, factor phrases ("requirements are stable"),
and last the product failure, with negation and emphasis read by clause. The first statement
of a fact wins; a second, different one is reported under "not used", and so, with a note, are
a lesser failure and the words a KEY=VALUE pair overrides. Every step is linear in the text.

Where each part lives (each module imports only those above it):

    words.py      the word tables, each saying where its words come from
    tokens.py     tokenising, the one-slip typo correction, looking along a fragment's tokens
    reading.py    Reading (what describe returns) and what the rules fill in on the way
    numbers.py    number phrases and the words around them; count_text, amount_text
    changes.py    rule: how often facts change (`changes`) and requirements (`stability`)
    counts.py     rule: what each number counts; "no labeled data"
    models.py     model names matched as words against prices.known_models()
    names.py      rules: phrases set aside, model names, presets, `key value` without '='
    factors.py    rules: factor phrases ("high traffic"), prompt length (`tolerance`)
    problems.py   rule: the product failure
    not_used.py   what nothing was read from, and the notes (lesser failures, overrides)
    examples.py   what to say when nothing could be read
"""

from collections.abc import Callable, Mapping

from adapt.engine.describe.changes import _cadences, _requirements
from adapt.engine.describe.counts import _no_data, _numbers
from adapt.engine.describe.examples import EXAMPLE_ARGS, EXAMPLE_SENTENCES, nothing_read
from adapt.engine.describe.factors import _levels, _tolerance
from adapt.engine.describe.names import _ignored, _key_words, _models, _presets
from adapt.engine.describe.not_used import (
    FRAGMENT_CHARS,
    NOT_USED_MOST,
    NOTED_CHARS,
    _not_used,
    _overridden,
)
from adapt.engine.describe.numbers import amount_text, count_text
from adapt.engine.describe.problems import _problems
from adapt.engine.describe.reading import Reading, _Found
from adapt.engine.describe.tokens import TABLE_WORDS, _tokens

# bench/describe.py empties the typo lookup's cache through this name
from adapt.engine.describe.tokens import _vocabulary as _vocabulary
from adapt.engine.readers import MAX_DESCRIPTION_CHARS

__all__ = ["EXAMPLE_ARGS", "EXAMPLE_SENTENCES", "FRAGMENT_CHARS", "MAX_DESCRIPTION_CHARS",
           "NOTED_CHARS", "NOT_USED_MOST", "RULES", "TABLE_WORDS", "Reading", "amount_text",
           "count_text", "describe", "nothing_read"]


# The rules, in order. Each reads one kind of fact from the tokens no earlier rule has claimed.
RULES: tuple[Callable[[_Found], None], ...] = (
    _ignored, _models, _presets, _numbers, _no_data, _key_words, _requirements, _cadences,
    _levels, _tolerance, _problems,
)


def describe(text: str, given: Mapping[str, str] | None = None) -> Reading:
    """Read a description into the canonical keys. Pure and deterministic; never raises for any
    text (a description too long to read is the caller's to refuse, see MAX_DESCRIPTION_CHARS).
    `given`: KEY=VALUE pairs written beside it, which win; words they contradict are noted."""
    found = _Found(*_tokens(text))
    for rule in RULES:
        rule(found)
    _overridden(found, given or {})
    return Reading(pairs=found.pairs, not_used=_not_used(text, found))
