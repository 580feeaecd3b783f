"""The tuning catalogue (engine/data/tuning.toml): training prices, the fine-tuned prices
genai-prices lacks, how a fine-tune is served and billed, batch discounts, open-weight models on
serverless hosts, and whether self-serve tuning is still offered, per provider and model, each
with the page it comes from and the date that page was read.

The file ships inside the package and is read once, at first use, and validated then: a row
without a source or a date, an unknown provider, or a price that is negative or not finite stops
with the row named. Reading a bundled, immutable file keeps the engine pure (genai-prices does the
same with its data); nothing here touches the network, the environment or the clock.
"""

import math
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

DATA_FILE = Path(__file__).parent / "data" / "tuning.toml"
HOURS_PER_MONTH = 730.0  # 24 x 365 / 12: how cloud providers turn an hourly rate into a month
DAYS_PER_MONTH = 365.25 / 12
# A row read longer ago than this is stale: `adapt catalogue` marks it and tests/test_catalog.py
# fails on it. Providers changed tuning offers and prices several times a quarter in 2026.
MAX_AGE_DAYS = 90

PerMTok = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Url = Annotated[str, Field(pattern=r"^https://\S+$")]
Tuning = Literal["offered", "closing", "ended"]
# How a fine-tune is billed: per token like its base, by the GPU-hour on a dedicated deployment,
# or by the model-unit hour on Bedrock's Provisioned Throughput.
Serving = Literal["per_token", "dedicated_gpu", "provisioned_throughput"]


class _Row(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    source: Url  # the page the row's figures come from
    read_on: date  # the day that page was read
    note: str | None = None  # for the people a report is for: shown with the model's status
    source_note: str | None = None  # how the figures were confirmed, where the source fell short
    tuning: Tuning | None = None  # None: not said here (a model row falls back on its provider)
    new_jobs_until: date | None = None  # "closing": the last day new tuning jobs are accepted
    ended: str | None = None  # "ended": since when, as the source says it ("May 2025")
    instead: str | None = None  # where tuning is still offered, when the source says
    serving: Serving | None = None

    def label(self) -> str:
        raise NotImplementedError

    @model_validator(mode="after")
    def _dates_fit_the_status(self) -> "_Row":
        if (self.tuning == "closing") != (self.new_jobs_until is not None):
            raise ValueError(f"{self.label()}: new_jobs_until goes with tuning = \"closing\"")
        return self


def _paired(row: _Row, value: object, source: object, names: str) -> None:
    if (value is None) != (source is None):
        raise ValueError(f"{row.label()}: {names} go together")


class ProviderRow(_Row):
    id: str  # genai-prices' provider id, or an alias of one (see prices_from)
    name: str  # as a sentence names it: "OpenAI", "The Gemini API"
    prices_from: str | None = None  # the genai-prices provider whose token prices apply
    batch_discount: Annotated[float, Field(gt=0, lt=1)] | None = None  # share off in batch
    batch_stacks_cache: bool = False  # cached tokens in a batch get the discount too
    batch_source: Url | None = None
    gpu: str | None = None  # "dedicated_gpu": the GPU its rate is for ("H100 80GB")
    gpu_per_hour: PerMTok | None = None
    gpu_source: Url | None = None

    def label(self) -> str:
        return f"provider {self.id}"

    @model_validator(mode="after")
    def _figures_are_sourced(self) -> "ProviderRow":
        _paired(self, self.batch_discount, self.batch_source, "batch_discount and batch_source")
        _paired(self, self.gpu_per_hour, self.gpu_source, "gpu_per_hour and gpu_source")
        _paired(self, self.gpu_per_hour, self.gpu, "gpu_per_hour and gpu")
        return self


class ModelRow(_Row):
    provider: str
    model: str  # genai-prices' model id under that provider, or an open-weight model's name
    prices_id: str | None = None  # the provider's genai-prices id for it (open-weight hosts)
    params_b: Positive | None = None  # parameters, billions (open-weight models)
    input_per_mtok: PerMTok | None = None  # base prices, where genai-prices has none
    cached_input_per_mtok: PerMTok | None = None
    output_per_mtok: PerMTok | None = None
    training_per_mtok: PerMTok | None = None  # USD per 1M training tokens (tokens x epochs)
    tuned_input_per_mtok: PerMTok | None = None  # the fine-tuned model's inference prices
    tuned_cached_input_per_mtok: PerMTok | None = None
    tuned_output_per_mtok: PerMTok | None = None
    hosting_per_hour: PerMTok | None = None  # USD per hour a deployed fine-tune is billed
    tokens_per_second: Positive | None = None  # one GPU's measured throughput, input + output
    throughput_source: Url | None = None
    retires: date | None = None  # the base model's shutdown, taking its fine-tunes with it
    retires_source: Url | None = None
    successors: list[str] = []  # the replacements the provider names ("openai:gpt-6-luna")
    tune_elsewhere: list[str] = []  # catalogue models where tuning is offered instead

    @property
    def ref(self) -> str:
        return f"{self.provider}:{self.model}"

    def label(self) -> str:
        return f"model {self.ref}"

    @model_validator(mode="after")
    def _figures_are_sourced(self) -> "ModelRow":
        _paired(self, self.retires, self.retires_source, "retires and retires_source")
        _paired(self, self.tokens_per_second, self.throughput_source,
                "tokens_per_second and throughput_source")
        if self.cached_input_per_mtok is not None and self.input_per_mtok is None:
            raise ValueError(f"{self.label()}: cached_input_per_mtok needs input_per_mtok")
        if self.prices_id is not None and self.input_per_mtok is not None:
            raise ValueError(f"{self.label()}: prices_id or input_per_mtok, not both")
        return self

    @property
    def priced_here(self) -> bool:
        """Whether this row, not genai-prices' own lookup by name, says where its token prices
        come from (a host's genai-prices id, or prices of its own)."""
        return self.prices_id is not None or self.input_per_mtok is not None


class Catalogue(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    read_on: date  # the newest read_on of any row: the default "as of" date for availability
    providers: list[ProviderRow]
    models: list[ModelRow]

    @model_validator(mode="after")
    def _rows_agree(self) -> "Catalogue":
        ids = [row.id for row in self.providers]
        if len(ids) != len(set(ids)):
            raise ValueError("a provider id appears twice")
        refs = [row.ref for row in self.models]
        if len(refs) != len(set(refs)):
            raise ValueError("a model row appears twice")
        for row in self.models:
            if row.provider not in ids:
                raise ValueError(f"{row.label()}: no provider row for it")
            for other in (*row.successors, *row.tune_elsewhere):
                if other not in refs:
                    raise ValueError(f"{row.label()}: {other} has no model row")
        newest = max(row.read_on for row in self.rows())
        if self.read_on != newest:
            raise ValueError(f"read_on at the top must be the newest row's ({newest})")
        return self

    def rows(self) -> list[ProviderRow | ModelRow]:
        return [*self.providers, *self.models]

    def provider(self, provider_id: str) -> ProviderRow | None:
        return next((row for row in self.providers if row.id == provider_id), None)

    def model(self, provider_id: str, model_id: str) -> ModelRow | None:
        """The row for a model under a provider, by its catalogue name or its genai-prices id."""
        return next((row for row in self.models if row.provider == provider_id
                     and model_id in (row.model, row.prices_id)), None)

    def named(self, model_id: str, provider_id: str | None = None) -> ModelRow | None:
        """The row that prices `model_id` itself (priced_here), under `provider_id` or, without
        one, the first such row in the file (an open-weight model's default host)."""
        return next((row for row in self.models if row.priced_here and row.model == model_id
                     and provider_id in (None, row.provider)), None)

    def aliases(self) -> dict[str, str]:
        """Catalogue provider ids that take their token prices from another genai-prices
        provider: {"vertex": "google"}."""
        return {row.id: row.prices_from for row in self.providers if row.prices_from}

    def tuning(self, row: ModelRow | None, provider: ProviderRow | None) -> Tuning | None:
        """The model row's tuning status, else its provider's."""
        if row is not None and row.tuning is not None:
            return row.tuning
        return provider.tuning if provider is not None else None

    def serving(self, row: ModelRow | None, provider: ProviderRow | None) -> Serving:
        for found in (row, provider):
            if found is not None and found.serving is not None:
                return found.serving
        return "per_token"


@cache
def catalogue() -> Catalogue:
    """The bundled catalogue, validated (a bad row raises pydantic's ValidationError)."""
    import tomllib  # here: a command that never asks the catalogue does not load the parser

    with DATA_FILE.open("rb") as handle:
        loaded = Catalogue.model_validate(tomllib.load(handle))
    return loaded


def months_between(start: date, end: date) -> float:
    """Calendar months from `start` to `end` (negative when `end` has passed)."""
    return (end - start).days / DAYS_PER_MONTH


def tuned_multiplier(row: ModelRow, base_input: float) -> float | None:
    """The row's fine-tuned input price as a multiple of the base model's (None: not known)."""
    if row.tuned_input_per_mtok is None or base_input <= 0:
        return None
    multiple = row.tuned_input_per_mtok / base_input
    return multiple if math.isfinite(multiple) else None
