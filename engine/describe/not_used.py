"""The parts of a description nothing was read from, as written: clipped, control characters
removed, at most NOT_USED_MOST of them."""

import re
from collections.abc import Mapping

from adapt.engine.describe.reading import _Found
from adapt.engine.describe.tokens import _fragment_end
from adapt.engine.describe.words import APPROX_WORDS, FILLER
from adapt.engine.keys import KEY_BY_NAME
from adapt.engine.readers import ArgumentError, echo

NOT_USED_MOST = 10  # fragments listed under "not used"; more are counted, not shown
FRAGMENT_CHARS = 80  # each fragment shown at most this long
NOTED_CHARS = 160  # a fragment and its note in brackets, at most this long


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _clip(text: str) -> str:
    flat = " ".join(_CONTROL.sub(" ", text).split())
    return flat if len(flat) <= FRAGMENT_CHARS else flat[: FRAGMENT_CHARS - 1] + "…"


def _overridden(found: _Found, given: Mapping[str, str]) -> None:
    """Note the clause of each fact a KEY=VALUE pair says otherwise ("examples=5000 given
    instead"): a pair wins, and the reply says what it won over."""
    for key, raw in given.items():
        if key in found.where and not _same(key, found.pairs[key], raw):
            written = echo("".join(raw.split()))
            found.notes.append((found.where[key], f"{key}={written} given instead"))


def _same(key: str, read: str, raw: str) -> bool:
    reader = KEY_BY_NAME[key].read
    try:
        return bool(reader(key, read) == reader(key, raw))
    except ArgumentError:
        return False


def _not_used(text: str, found: _Found) -> tuple[str, ...]:
    tokens = found.tokens
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        end = _fragment_end(tokens, i)
        fragment = tokens[i:end]
        meaningful = [t for t in fragment if t.kind != "sym" and t.word not in FILLER
                      and t.word not in APPROX_WORDS and (len(t.word) > 1 or t.kind == "num")]
        if tokens[i].fragment not in found.used_fragments and meaningful:
            spans.append(found.bounds[tokens[i].fragment])
        i = end
    spans += [(tokens[a].start, tokens[b - 1].end) for a, b in found.unplaced
              if tokens[a].fragment in found.used_fragments]  # else its fragment is listed
    shown = [_clip(text[a:b]) for a, b in sorted(set(spans))]
    notes = _noted(text, found)
    if notes:
        listed = sorted({(a, b, _clip(text[a:b])) for a, b in spans} | set(notes))
        shown = [part for _, _, part in listed]
    if len(shown) > NOT_USED_MOST:
        shown = [*shown[: NOT_USED_MOST - 1], f"… and {len(shown) - NOT_USED_MOST + 1} more"]
    return tuple(s for s in shown if s)


def _noted(text: str, found: _Found) -> set[tuple[int, int, str]]:
    """Each noted clause once, as written, with its notes in brackets."""
    by_fragment: dict[int, list[str]] = {}
    for i, note in found.notes:
        listed = by_fragment.setdefault(found.tokens[i].fragment, [])
        if note not in listed:
            listed.append(note)
    out = set()
    for fragment, notes in by_fragment.items():
        a, b = found.bounds[fragment]
        words = _clip(text[a:b])
        note = "; ".join(notes)
        room = NOTED_CHARS - len(words) - 3
        out.add((a, b, f"{words} ({note if len(note) <= room else note[:room - 1] + '…'})"))
    return out
