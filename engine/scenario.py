"""The scenario: every input the engine takes, validated once at the edge."""

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from adapt.engine.units import (
    MAX_EXAMPLES,
    Cadence,
    data_for_examples,
    freshness_for_changes,
    requests_for_volume,
    volume_for_requests,
)

# The words people type for a factor, and the number each stands for. The seed reads 82, 72 and 84
# as High and 18 and 36 as Low, so the words sit well inside those bands.
LEVELS: dict[str, float] = {"low": 20.0, "medium": 50.0, "high": 80.0}
LOW_BELOW = 40.0
HIGH_FROM = 65.0


def level_word(value: float) -> str:
    """How a factor value reads: Low below 40, High from 65, Medium between."""
    if value < LOW_BELOW:
        return "Low"
    return "High" if value >= HIGH_FROM else "Medium"


class Factor(StrEnum):
    STABILITY = "stability"
    DATA = "data"
    VOLUME = "volume"
    FRESHNESS = "freshness"
    TOLERANCE = "tolerance"


_FIELD_OF: dict[Factor, str] = {factor: str(factor.value) for factor in Factor}  # hot path

FACTOR_LABELS: dict[Factor, str] = {
    Factor.STABILITY: "Requirement stability",
    Factor.DATA: "Labeled-data availability",
    Factor.VOLUME: "Request volume",
    Factor.FRESHNESS: "Freshness need",
    Factor.TOLERANCE: "Tolerance for long prompts",
}


class Problem(StrEnum):
    STYLE = "style"
    KNOWLEDGE = "knowledge"
    FORMAT = "format"
    DOMAIN = "domain"
    COST = "cost"
    EXPLORATION = "exploration"


PROBLEM_LABELS: dict[Problem, str] = {
    Problem.STYLE: "tone or format drift",
    Problem.KNOWLEDGE: "missing or stale facts",
    Problem.FORMAT: "schema or rule violations",
    Problem.DOMAIN: "specialised terms and decision boundaries",
    Problem.COST: "prompts too long or expensive",
    Problem.EXPLORATION: "requirements still moving",
}

FactorValue = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Money = Annotated[float, Field(ge=0, le=1e9, allow_inf_nan=False)]
Tokens = Annotated[float, Field(ge=0, le=10_000_000, allow_inf_nan=False)]

DEFAULT_PRICE_PER_MTOK = 4.00


DEFAULT_FACTOR = 50.0


class Scenario(BaseModel):
    """All inputs after defaults; field names are the canonical argument keys (a contract).

    Facts set factors: `examples` sets `data`, `changes` sets `freshness`, and `requests` and
    `volume` are two readings of one fact, so whichever is given sets the other (neither: volume
    50, 10,000 requests a month). An explicit factor always wins over the fact.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    stability: FactorValue = DEFAULT_FACTOR
    data: FactorValue = DEFAULT_FACTOR
    volume: FactorValue = DEFAULT_FACTOR
    freshness: FactorValue = DEFAULT_FACTOR
    tolerance: FactorValue = DEFAULT_FACTOR
    problem: Problem = Problem.STYLE
    preset: str | None = None
    examples: Annotated[int, Field(ge=0, le=MAX_EXAMPLES)] | None = None
    changes: Cadence | None = None
    requests: Annotated[float, Field(ge=0, le=1e12, allow_inf_nan=False)] = 10_000
    extra_tokens: Tokens = 420
    training: Money = 1_800
    eval: Money = 400
    reduction: Tokens = 260
    shared_tokens: Tokens = 0
    price: Annotated[float, Field(ge=0, le=10_000, allow_inf_nan=False)] = DEFAULT_PRICE_PER_MTOK
    model: str | None = Field(default=None, max_length=200)
    tuned_multiplier: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] = 1.0
    hosting: Money = 0.0
    horizon: Annotated[int, Field(ge=1, le=120)] = 12

    @model_validator(mode="before")
    @classmethod
    def _facts_set_factors(cls, values: object) -> object:
        if not isinstance(values, dict):
            return values
        given = dict(values)
        if given.get("examples") is not None and "data" not in given:
            given["data"] = data_for_examples(float(given["examples"]))
        if given.get("changes") is not None and "freshness" not in given:
            given["freshness"] = freshness_for_changes(Cadence(given["changes"]))
        if "requests" in given and "volume" not in given:
            given["volume"] = volume_for_requests(float(given["requests"]))
        elif "requests" not in given:
            volume = given.get("volume", DEFAULT_FACTOR)
            if isinstance(volume, int | float) and 0 <= volume <= 100:
                given["requests"] = requests_for_volume(float(volume))
        return given

    @model_validator(mode="after")
    def _reduction_fits(self) -> "Scenario":
        if self.reduction > self.extra_tokens:
            raise ValueError(
                f"reduction ({self.reduction:g}) cannot exceed extra_tokens"
                f" ({self.extra_tokens:g}): tuning can only remove tokens the prompt carries"
            )
        return self

    def factor(self, factor: Factor) -> float:
        return float(getattr(self, _FIELD_OF[factor]))

    def with_factor(self, factor: Factor, value: float) -> "Scenario":
        return self.model_copy(update={factor.value: value})
