"""The catalogue as a list people can check (`adapt catalogue`): every row, what it says, where
it comes from, when that was read and how old that is on the caller's date, so a stale row is
seen before a report relies on it (issue 22: "make staleness visible").
"""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from adapt.engine.catalog import MAX_AGE_DAYS, ModelRow, ProviderRow, catalogue
from adapt.engine.units import money


class CatalogueEntry(BaseModel):
    model_config = ConfigDict(defer_build=True)

    kind: Literal["provider", "model"]
    id: str  # "openai", "openai:gpt-4o-mini"
    says: list[str]  # what the row records, one fact each: "tuning closing until 2027-01-06"
    note: str | None
    source_note: str | None  # how its figures were confirmed, where the source fell short
    source: str
    read_on: date
    age_days: int  # days from read_on to the listing's as_of
    stale: bool  # older than MAX_AGE_DAYS


class CatalogueListing(BaseModel):
    model_config = ConfigDict(defer_build=True)

    as_of: date
    read_on: date  # the newest row's
    max_age_days: int
    stale: int  # how many rows are older than max_age_days
    entries: list[CatalogueEntry]


SERVING_WORDS = {"per_token": "fine-tunes billed per token",
                 "dedicated_gpu": "fine-tunes served on a dedicated GPU by the hour",
                 "provisioned_throughput": "fine-tunes served on Provisioned Throughput by the"
                                           " hour"}


def _rate(value: float) -> str:
    return f"${value:.2f}" if round(value, 2) == value else f"${value:g}"


def _tuning(row: ProviderRow | ModelRow) -> list[str]:
    if row.tuning == "closing" and row.new_jobs_until is not None:
        return [f"tuning closing: new jobs until {row.new_jobs_until.isoformat()}"]
    if row.tuning == "ended":
        return [f"tuning ended ({row.ended})" if row.ended else "tuning ended"]
    return [f"tuning {row.tuning}"] if row.tuning else []


def _provider_says(row: ProviderRow) -> list[str]:
    says = _tuning(row)
    if row.serving is not None:
        says.append(SERVING_WORDS[row.serving])
    if row.gpu_per_hour is not None:
        says.append(f"dedicated {row.gpu} {money(row.gpu_per_hour)} an hour")
    if row.batch_discount is not None:
        stacks = ", stacks with caching" if row.batch_stacks_cache else ""
        says.append(f"batch {row.batch_discount:.0%} off{stacks}")
    if row.prices_from is not None:
        says.append(f"token prices from genai-prices' {row.prices_from}")
    return says


def _model_says(row: ModelRow) -> list[str]:
    says = _tuning(row)
    if row.serving is not None:
        says.append(SERVING_WORDS[row.serving])
    figures = [("input", row.input_per_mtok), ("cached input", row.cached_input_per_mtok),
               ("output", row.output_per_mtok), ("training", row.training_per_mtok),
               ("tuned input", row.tuned_input_per_mtok),
               ("tuned cached input", row.tuned_cached_input_per_mtok),
               ("tuned output", row.tuned_output_per_mtok)]
    says += [f"{what} {_rate(value)} per 1M tokens" for what, value in figures
             if value is not None]
    if row.prices_id is not None:
        says.append(f"prompts at {row.provider}'s {row.prices_id} (genai-prices)")
    if row.params_b is not None:
        says.append(f"{row.params_b:g}B parameters")
    if row.tokens_per_second is not None:
        says.append(f"{row.tokens_per_second:,.0f} tokens a second per GPU")
    if row.hosting_per_hour is not None:
        says.append(f"hosting {money(row.hosting_per_hour)} an hour")
    if row.retires is not None:
        says.append(f"retires {row.retires.isoformat()}")
    says += [f"successor {ref}" for ref in row.successors]
    says += [f"tune instead on {ref}" for ref in row.tune_elsewhere]
    return says


def _entry(row: ProviderRow | ModelRow, today: date) -> CatalogueEntry:
    age = (today - row.read_on).days
    if isinstance(row, ProviderRow):
        kind: Literal["provider", "model"] = "provider"
        row_id, says = row.id, _provider_says(row)
    else:
        kind, row_id, says = "model", row.ref, _model_says(row)
    return CatalogueEntry(kind=kind, id=row_id, says=says, note=row.note,
                          source_note=row.source_note, source=row.source, read_on=row.read_on,
                          age_days=age, stale=age > MAX_AGE_DAYS)


def listing(today: date) -> CatalogueListing:
    """Every catalogue row with its age on `today` (the caller's date: the engine never reads
    the clock)."""
    listed = catalogue()
    entries = [_entry(row, today) for row in listed.rows()]
    return CatalogueListing(as_of=today, read_on=listed.read_on, max_age_days=MAX_AGE_DAYS,
                            stale=sum(entry.stale for entry in entries), entries=entries)
