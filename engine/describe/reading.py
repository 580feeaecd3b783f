"""What was read: the Reading describe() returns, and what the rules fill in on the way."""

from dataclasses import dataclass, field

from adapt.engine.describe.tokens import Token
from adapt.engine.keys import in_table_order
from adapt.engine.scenario import Problem
from adapt.engine.units import Cadence


@dataclass(frozen=True)
class Reading:
    """What a description says: `pairs` maps canonical keys to raw value text each key's reader
    accepts (so KEY=VALUE and a sentence are checked by one set of rules); `not_used` lists the
    parts nothing was read from, as written (clipped, control characters removed), and the
    clauses read but not used, each with a note in brackets: a lesser failure ("sometimes bad
    JSON (noted: a lesser failure, format)"), or words a KEY=VALUE pair overrode ("about 300
    labeled examples (examples=5000 given instead)")."""

    pairs: dict[str, str]
    not_used: tuple[str, ...]

    @property
    def read_as(self) -> list[str]:
        """The canonical KEY=VALUE list: preset first, then the key table's order."""
        return in_table_order(self.pairs)


@dataclass
class _Found:
    tokens: list[Token]
    bounds: list[tuple[int, int]]  # each fragment's span of the text
    pairs: dict[str, str] = field(default_factory=dict)
    used_fragments: set[int] = field(default_factory=set)
    unplaced: list[tuple[int, int]] = field(default_factory=list)  # token index spans
    problems: list[tuple[float, int, Problem]] = field(default_factory=list)  # strength, where
    cadences: dict[int, Cadence] = field(default_factory=dict)  # fragment -> how often it changes
    where: dict[str, int] = field(default_factory=dict)  # key -> the token its reading starts at
    notes: list[tuple[int, str]] = field(default_factory=list)  # (token, note) on a clause read

    def claim(self, start: int, stop: int) -> None:
        for token in self.tokens[start:stop]:
            token.used = True
            self.used_fragments.add(token.fragment)

    def set(self, key: str, raw: str, start: int, stop: int) -> None:
        """The first statement of a fact wins; a different later one is listed as not used."""
        self.claim(start, stop)
        if key not in self.pairs:
            self.pairs[key] = raw
            self.where[key] = start
        elif self.pairs[key] != raw:
            self.unplaced.append((start, stop))

    def set_aside(self, start: int, stop: int) -> None:
        """Understood as a number but not as any key's: listed under "not used"."""
        for token in self.tokens[start:stop]:
            token.used = True
        self.unplaced.append((start, stop))
