"""Whether the named model can still be tuned, and how long its fine-tunes would live, as of a
date the caller gives (the engine never reads the clock).

Issue 12: "With model= named, the availability warning becomes specific ..., tuning cannot win
where it is no longer offered, and payback is judged against the months the tuned model would
actually live, not only the horizon. Unknown models keep today's general caution."
"""

from datetime import date

from pydantic import BaseModel, ConfigDict

from adapt.engine.catalog import ModelRow, ProviderRow, catalogue, months_between
from adapt.engine.prices import UnknownModel, model_prices
from adapt.engine.sentences import say


class TuningStatus(BaseModel):
    """What the catalogue says about tuning the named model, as of `as_of`."""
    model_config = ConfigDict(defer_build=True)

    model: str  # "openai:gpt-4o-mini"
    provider: str  # as a sentence names it: "OpenAI"
    as_of: date
    offered: bool | None  # whether a new self-serve tuning job can start on as_of (None: unknown)
    new_jobs_until: date | None  # the last day new tuning jobs are accepted, where announced
    retires: date | None  # when the base model, and every fine-tune of it, shuts down
    months_left: float | None  # months from as_of to retires (None: no date announced)
    text: str  # the availability warning for this model
    not_yet: str | None  # why tuning cannot win (None: it may)
    sources: list[str]  # the pages these facts come from


def default_as_of() -> date:
    """The date availability is judged at when the caller gives none: the day the catalogue was
    last read, so that a report without a date is the same from run to run."""
    return catalogue().read_on


def _offered(tuning: str | None, provider: ProviderRow | None, today: date) -> bool | None:
    if tuning == "closing" and provider is not None and provider.new_jobs_until is not None:
        return today <= provider.new_jobs_until
    return {"offered": True, "ended": False}.get(tuning or "")


def _retired(row: ModelRow | None, today: date) -> bool:
    return row is not None and row.retires is not None and row.retires <= today


def _retires(row: ModelRow | None, model: str) -> str:
    """"; gpt-4o-mini retires 2027-01-14, taking its fine-tunes with it", or nothing."""
    if row is None or row.retires is None:
        return ""
    return say("availability.retires", model=model, date=row.retires.isoformat())


def _sentences(provider: ProviderRow | None, row: ModelRow | None, model: str,
               tuning: str | None, today: date) -> tuple[str, str | None]:
    """(the availability warning, the "not yet" mark when tuning cannot win, else None)."""
    if row is not None and row.retires is not None and _retired(row, today):
        day = row.retires.isoformat()
        return (say("availability.retired", model=model, date=day),
                say("not_yet.retired", model=model, date=day))
    name = provider.name if provider is not None else "The provider"
    note = (row.note if row is not None else None) or (provider.note if provider else None)
    shown_note = f" ({note})" if note else ""
    retires = _retires(row, model)
    if tuning == "closing" and provider is not None and provider.new_jobs_until is not None:
        until = provider.new_jobs_until.isoformat()
        if today > provider.new_jobs_until:
            return (say("availability.closed", provider=name, until=until, model=model,
                        retires=retires), say("not_yet.closed", provider=name, until=until))
        return say("availability.closing", provider=name, until=until, note=shown_note,
                   retires=retires), None
    if tuning == "ended":
        ended = provider.ended if provider is not None and provider.ended else "any more"
        instead = f"; {provider.instead}" if provider is not None and provider.instead else ""
        return (say("availability.ended", provider=name, ended=ended, model=model,
                    instead=instead), say("not_yet.ended", provider=name))
    if tuning == "offered":
        return say("availability.offered", provider=name, model=model, note=shown_note,
                   retires=retires), None
    general = say("availability", model=model)  # the catalogue knows only the retirement
    return general + (f" {retires.removeprefix('; ')}." if retires else ""), None


def tuning_status(model_ref: str | None, today: date) -> TuningStatus | None:
    """The catalogue's word on tuning `model_ref` as of `today`; None when no model is named or
    the catalogue knows nothing about it (the report then keeps the general caution)."""
    if not model_ref:
        return None
    try:
        prices = model_prices(model_ref)
    except UnknownModel:
        return None
    provider = catalogue().provider(prices.provider)
    row = catalogue().model(prices.provider, prices.model_id)
    tuning = row.tuning if row is not None and row.tuning else \
        (provider.tuning if provider is not None else None)
    if tuning is None and (row is None or row.retires is None):
        return None
    offered = False if _retired(row, today) else _offered(tuning, provider, today)
    text, not_yet = _sentences(provider, row, prices.model_id, tuning, today)
    sources = [page for page in (provider.source if provider else None,
                                 row.source if row else None,
                                 row.retires_source if row else None) if page]
    return TuningStatus(
        model=prices.ref, provider=provider.name if provider else prices.provider, as_of=today,
        offered=offered,
        new_jobs_until=provider.new_jobs_until if provider else None,
        retires=row.retires if row else None,
        months_left=months_between(today, row.retires) if row and row.retires else None,
        text=text, not_yet=not_yet, sources=list(dict.fromkeys(sources)),
    )
