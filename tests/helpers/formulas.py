"""The cost workbench's formulas as design.md states them (seed 001), written out here apart from
the engine, so that a test derives each figure a report must show instead of copying it from the
program's output:

    monthly = requests x tokens x price / 1e6          one-time = training + evaluation
    break-even = one-time / monthly savings (never, when savings <= 0)
    horizon spend = months x monthly (+ one-time on the tuned path)

and the reading of requests as a volume factor engine/units.py documents ("20 points per tenfold,
10,000 a month reading as medium (50)").
"""

import math
from dataclasses import dataclass, fields, replace

from adapt.engine.presets import PRESETS

SEED_PRICE = 4.00  # USD per 1M input tokens: design.md's default, which reproduces the seed
SEED_HORIZON = 12  # months


@dataclass(frozen=True)
class Workbench:
    requests: float
    extra_tokens: float
    reduction: float
    training: float
    eval: float
    price: float = SEED_PRICE
    horizon: int = SEED_HORIZON

    @classmethod
    def preset(cls, name: str, **changes: float) -> "Workbench":
        """A preset's cost inputs (engine/presets.py: inputs, not results), `changes` over them."""
        names = {field.name for field in fields(cls)}
        given = {key: value for key, value in PRESETS[name].values.items() if key in names}
        return replace(cls(**given), **changes)  # type: ignore[arg-type]

    @property
    def prompt_only_monthly(self) -> float:
        return self.requests * self.extra_tokens * self.price / 1e6

    @property
    def tuned_monthly(self) -> float:
        return self.requests * (self.extra_tokens - self.reduction) * self.price / 1e6

    @property
    def one_time(self) -> float:
        return self.training + self.eval

    @property
    def savings(self) -> float:
        return self.prompt_only_monthly - self.tuned_monthly

    @property
    def break_even(self) -> float | None:
        return self.one_time / self.savings if self.savings > 0 else None

    @property
    def prompt_only_total(self) -> float:
        return self.horizon * self.prompt_only_monthly

    @property
    def tuned_total(self) -> float:
        return self.horizon * self.tuned_monthly + self.one_time


def volume_for(requests: float) -> float:
    return 50 + 20 * math.log10(requests / 10_000)


def dollars(amount: float) -> str:
    """Whole dollars with thousands separators, as reports show amounts from $100 up: "$4,838"."""
    return f"${amount:,.0f}"
