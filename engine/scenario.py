"""The scenario: every input the engine takes, validated once at the edge."""

import math
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from adapt.engine.catalog import HOURS_PER_MONTH
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
PricePerMTok = Annotated[float, Field(ge=0, le=10_000, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
PerHour = Annotated[float, Field(gt=0, le=1e6, allow_inf_nan=False)]  # USD an hour
TokensPerSecond = Annotated[float, Field(gt=0, le=1e9, allow_inf_nan=False)]
HoursAMonth = Annotated[float, Field(gt=0, le=744, allow_inf_nan=False)]  # 744: 31 days of 24 h

DEFAULT_PRICE_PER_MTOK = 4.00
# Training from the data bills examples x tokens per example x epochs. Providers pick the epochs
# from the dataset's size unless told ("auto"); 3 is issue 12's worked example and OpenAI's own
# cost example, so it is the default when `epochs` is not given.
DEFAULT_EPOCHS = 3
TRAINING_TOKENS_PER_PRICE_UNIT = 1_000_000  # training is billed per 1M training tokens


DEFAULT_FACTOR = 50.0
DEFAULT_REDUCTION = 260.0  # the seed's prompt tokens removed after tuning


NEEDS_EXAMPLES = ("tokens_per_example: training from the data needs examples= (how many labeled"
                  " examples the run trains on)")


def _training_tokens(examples: float, tokens_per_example: float, epochs: int | None) -> float:
    return float(examples) * float(tokens_per_example) * float(epochs or DEFAULT_EPOCHS)


def _training_from_data(given: dict) -> float:
    """examples x tokens_per_example x epochs x training_price / 1M; raises when a part is missing
    (issue 12: "Providers bill training per 1M training tokens times epochs")."""
    if given.get("training_price") is None:
        raise ValueError("tokens_per_example: training from the data needs a training price:"
                         " give training_price= (USD per 1M training tokens), a model= the"
                         " catalogue prices, or training=")
    if given.get("examples") is None:
        raise ValueError(NEEDS_EXAMPLES)
    tokens = _training_tokens(given["examples"], given["tokens_per_example"], given.get("epochs"))
    return tokens * float(given["training_price"]) / TRAINING_TOKENS_PER_PRICE_UNIT


def reduction_default(extra_tokens: float, default: float = DEFAULT_REDUCTION) -> float:
    """The tokens tuning removes when nobody said: the default, but never more than the prompt
    carries (issue 21: `extra_tokens=150` alone is a scenario, not an error). A default never
    contradicts what was given."""
    return min(default, extra_tokens) if math.isfinite(extra_tokens) else default


# Keys whose JSON appears only when they are given (see Scenario._unmodelled_left_out).
WHEN_GIVEN = ("batch", "batch_price", "batch_output_price", "batch_cache_price", "gpu_price",
              "gpu_throughput", "gpu_hours")


class Scenario(BaseModel):
    """All inputs after defaults; field names are the canonical argument keys (a contract).

    Facts set factors: `examples` sets `data`, `changes` sets `freshness`, and `requests` and
    `volume` are two readings of one fact, so whichever is given sets the other (neither: volume
    50, 10,000 requests a month). An explicit factor always wins over the fact.
    """

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

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
    reduction: Tokens = DEFAULT_REDUCTION  # not given: at most extra_tokens (see below)
    shared_tokens: Tokens = 0
    output_tokens: Tokens = 0  # per call, on every path
    cached: Share | None = None  # share of the prompt-only path's extra_tokens read from the
    # provider's prompt cache; None: caching not modelled
    batch: Share | None = None  # share of calls sent through the provider's batch API, on every
    # path; None: batch not modelled
    price: PricePerMTok = DEFAULT_PRICE_PER_MTOK
    model: str | None = Field(default=None, max_length=200)
    output_price: PricePerMTok | None = None  # USD per 1M output tokens (the model's, if named)
    cache_price: PricePerMTok | None = None  # USD per 1M cached input tokens
    batch_price: PricePerMTok | None = None  # the batch API's prices (the model's, if named)
    batch_output_price: PricePerMTok | None = None
    batch_cache_price: PricePerMTok | None = None
    tuned_multiplier: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] = 1.0
    hosting: Money = 0.0
    gpu_price: PerHour | None = None  # the tuned model served on a GPU (or model unit) by the
    # hour, not per token: USD an hour for one
    gpu_throughput: TokensPerSecond | None = None  # tokens a second one serves, input + output
    gpu_hours: HoursAMonth | None = None  # hours a month they run; None: HOURS_PER_MONTH
    tokens_per_example: Tokens | None = None  # with examples: training comes from the data
    epochs: Annotated[int, Field(ge=1, le=100)] | None = None  # None: DEFAULT_EPOCHS
    training_price: PricePerMTok | None = None  # USD per 1M training tokens
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
        extra = given.get("extra_tokens")
        if "reduction" not in given and isinstance(extra, int | float):
            given["reduction"] = reduction_default(float(extra))
        if "training" not in given and given.get("tokens_per_example") is not None:
            given["training"] = _training_from_data(given)
        return given

    @model_validator(mode="after")
    def _reduction_fits(self) -> "Scenario":
        if self.reduction > self.extra_tokens:
            raise ValueError(
                f"reduction ({self.reduction:g}) cannot exceed extra_tokens"
                f" ({self.extra_tokens:g}): tuning can only remove tokens the prompt carries"
            )
        return self

    @model_validator(mode="after")
    def _prices_for_what_is_modelled(self) -> "Scenario":
        # Each of these would otherwise need a price nobody gave: never assume one.
        if self.cached is not None and self.cache_price is None:
            raise ValueError("cached: caching needs a cache-read price: give cache_price= (USD"
                             " per 1M cached input tokens) or a model= whose price list has one")
        if self.output_tokens > 0 and self.output_price is None:
            raise ValueError("output_tokens: output tokens need a price: give output_price= (USD"
                             " per 1M output tokens) or a model= whose price list has one")
        if self.tokens_per_example is not None and self.examples is None:
            raise ValueError(NEEDS_EXAMPLES)
        return self

    @model_validator(mode="after")
    def _batch_and_gpu_are_priced(self) -> "Scenario":
        for needed, price, key, what in (
                (True, self.batch_price, "batch_price", "USD per 1M input tokens"),
                (self.output_tokens > 0, self.batch_output_price, "batch_output_price",
                 "USD per 1M output tokens"),
                (self.cached is not None, self.batch_cache_price, "batch_cache_price",
                 "USD per 1M cached input tokens")):
            if self.batch is not None and needed and price is None:
                raise ValueError(f"batch: batch calls need {key}= ({what} in the batch API) or"
                                 " a model= whose price list has batch prices")
        if self.gpu_price is not None and self.gpu_throughput is None:
            raise ValueError("gpu_throughput: a model served by the hour needs the tokens a"
                             " second one GPU (or model unit) serves: give gpu_throughput=")
        if self.gpu_price is None and (self.gpu_throughput or self.gpu_hours) is not None:
            raise ValueError("gpu_price: gpu_throughput and gpu_hours price the tuned model by"
                             " the hour; give gpu_price= (USD an hour for one GPU or model"
                             " unit)")
        return self

    @model_serializer(mode="wrap")
    def _unmodelled_left_out(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Keys added by issue 22 appear in the JSON only when given, so a scenario without
        them dumps exactly as before."""
        dumped: dict[str, Any] = handler(self)
        for name in WHEN_GIVEN:
            if dumped.get(name, 0) is None:
                dumped.pop(name)
        return dumped

    @property
    def served_hourly(self) -> bool:
        """The tuned model runs on GPUs (or model units) billed by the hour, not per token."""
        return self.gpu_price is not None

    @property
    def month_hours(self) -> float:
        return self.gpu_hours if self.gpu_hours is not None else HOURS_PER_MONTH

    @property
    def training_tokens(self) -> float | None:
        """Tokens a training run bills: examples x tokens per example x epochs (None: the data's
        size is not given)."""
        if self.tokens_per_example is None or self.examples is None:
            return None
        return _training_tokens(self.examples, self.tokens_per_example, self.epochs)

    def training_from_data(self) -> bool:
        """Whether `training` is the cost computed from the data (not a typed amount)."""
        tokens = self.training_tokens
        return (tokens is not None and self.training_price is not None
                and self.training == tokens * self.training_price / TRAINING_TOKENS_PER_PRICE_UNIT)

    def with_examples(self, count: int) -> "Scenario":
        """The same scenario with `count` labeled examples: data reads from them, and so does the
        training cost when it came from the data (model_copy would keep the old one)."""
        update: dict[str, object] = {"examples": count, "data": data_for_examples(count)}
        if self.training_from_data():
            update["training"] = _training_from_data({**self.model_dump(), **update})
        return self.model_copy(update=update)

    def factor(self, factor: Factor) -> float:
        return float(getattr(self, _FIELD_OF[factor]))

    def with_factor(self, factor: Factor, value: float) -> "Scenario":
        return self.model_copy(update={factor.value: value})
