"""The tuning catalogue (engine/data/tuning.toml): training prices, the fine-tuned prices
genai-prices lacks, hosting fees, and whether self-serve tuning is still offered, per provider and
model, each with the page it comes from and the date that page was read.

The file ships inside the package and is read once, at first use, and validated then: a row
without a source or a date, an unknown provider, or a price that is negative or not finite stops
with the row named. Reading a bundled, immutable file keeps the engine pure (genai-prices does the
same with its data); nothing here touches the network or the environment.
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

PerMTok = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Url = Annotated[str, Field(pattern=r"^https://\S+$")]
Tuning = Literal["offered", "closing", "ended"]


class _Row(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    source: Url  # the page the row's figures come from
    read_on: date  # the day that page was read
    note: str | None = None


class ProviderRow(_Row):
    id: str  # genai-prices' provider id, or an alias of one (see prices_from)
    name: str  # as a sentence names it: "OpenAI", "The Gemini API"
    prices_from: str | None = None  # the genai-prices provider whose token prices apply
    tuning: Tuning | None = None  # None: it varies by model (the model rows say)
    new_jobs_until: date | None = None  # "closing": the last day new tuning jobs are accepted
    ended: str | None = None  # "ended": since when, as the source says it ("May 2025")
    instead: str | None = None  # where tuning is still offered, when the source says

    @model_validator(mode="after")
    def _dates_fit_the_status(self) -> "ProviderRow":
        if (self.tuning == "closing") != (self.new_jobs_until is not None):
            raise ValueError(f"provider {self.id}: new_jobs_until goes with tuning = \"closing\"")
        return self


class ModelRow(_Row):
    provider: str
    model: str  # genai-prices' model id under that provider
    tuning: Tuning | None = None  # overrides the provider's
    training_per_mtok: PerMTok | None = None  # USD per 1M training tokens (tokens x epochs)
    tuned_input_per_mtok: PerMTok | None = None  # the fine-tuned model's inference prices
    tuned_cached_input_per_mtok: PerMTok | None = None
    tuned_output_per_mtok: PerMTok | None = None
    hosting_per_hour: PerMTok | None = None  # USD per hour a deployed fine-tune is billed
    retires: date | None = None  # the base model's shutdown, taking its fine-tunes with it
    retires_source: Url | None = None

    @model_validator(mode="after")
    def _retirement_is_sourced(self) -> "ModelRow":
        if (self.retires is None) != (self.retires_source is None):
            raise ValueError(f"model {self.provider}:{self.model}: retires needs retires_source")
        return self


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
        keys = [(row.provider, row.model) for row in self.models]
        if len(keys) != len(set(keys)):
            raise ValueError("a model row appears twice")
        for row in self.models:
            if row.provider not in ids:
                raise ValueError(f"model {row.provider}:{row.model}: no provider row for it")
        newest = max(row.read_on for row in (*self.providers, *self.models))
        if self.read_on != newest:
            raise ValueError(f"read_on at the top must be the newest row's ({newest})")
        return self

    def provider(self, provider_id: str) -> ProviderRow | None:
        return next((row for row in self.providers if row.id == provider_id), None)

    def model(self, provider_id: str, model_id: str) -> ModelRow | None:
        return next((row for row in self.models
                     if row.provider == provider_id and row.model == model_id), None)

    def aliases(self) -> dict[str, str]:
        """Catalogue provider ids that take their token prices from another genai-prices
        provider: {"vertex": "google"}."""
        return {row.id: row.prices_from for row in self.providers if row.prices_from}


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
