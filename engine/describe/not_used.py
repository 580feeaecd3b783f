"""The parts of a description nothing was read from, as written: clipped, control characters
removed, at most NOT_USED_MOST of them."""

import re

from adapt.engine.describe.reading import _Found
from adapt.engine.describe.tokens import _fragment_end
from adapt.engine.describe.words import APPROX_WORDS, FILLER

NOT_USED_MOST = 10  # fragments listed under "not used"; more are counted, not shown
FRAGMENT_CHARS = 80  # each fragment shown at most this long


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _clip(text: str) -> str:
    flat = " ".join(_CONTROL.sub(" ", text).split())
    return flat if len(flat) <= FRAGMENT_CHARS else flat[: FRAGMENT_CHARS - 1] + "…"


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
    if len(shown) > NOT_USED_MOST:
        shown = [*shown[: NOT_USED_MOST - 1], f"… and {len(shown) - NOT_USED_MOST + 1} more"]
    return tuple(s for s in shown if s)
