"""Whether the named model can still be tuned, how long its fine-tunes would live, and whether a
tune of it can be priced, as of a date the caller gives (the engine never reads the clock).

Issue 12: "With model= named, the availability warning becomes specific ..., tuning cannot win
where it is no longer offered, and payback is judged against the months the tuned model would
actually live, not only the horizon. Unknown models keep today's general caution."
Issue 22: a fine-tune the provider serves only by the hour (Bedrock's Provisioned Throughput, a
host's dedicated GPU) cannot be priced without that rate; until it is given, tuning cannot win.
"""

from datetime import date

from pydantic import BaseModel, ConfigDict

from adapt.engine.catalog import (
    ModelRow,
    ProviderRow,
    Serving,
    Tuning,
    catalogue,
    months_between,
)
from adapt.engine.prices import known
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
    days_left: int | None = None  # days from as_of to retires (negative: retired that long ago)

    @property
    def retired(self) -> bool:
        """The model, and every fine-tune of it, is shut down on as_of."""
        return self.retires is not None and self.retires <= self.as_of


class _Facts(BaseModel):
    """The catalogue's word on one model, its row over its provider's."""

    model_config = ConfigDict(defer_build=True)

    name: str  # the provider, as a sentence names it
    model: str  # the model id a sentence names
    tuning: Tuning | None
    until: date | None
    ended: str | None
    instead: str | None
    note: str | None
    retires: date | None
    serving: Serving


def default_as_of() -> date:
    """The date availability is judged at when the caller gives none: the day the catalogue was
    last read, so that a report without a date is the same from run to run."""
    return catalogue().read_on


def _first(row: ModelRow | None, provider: ProviderRow | None, field: str) -> object:
    for found in (row, provider):
        if found is not None and getattr(found, field) is not None:
            return getattr(found, field)
    return None


def _facts(row: ModelRow | None, provider: ProviderRow | None, model: str,
           provider_id: str) -> _Facts:
    def pick(field: str) -> object:
        return _first(row, provider, field)

    return _Facts.model_validate({
        "name": provider.name if provider is not None else provider_id, "model": model,
        "tuning": catalogue().tuning(row, provider), "until": pick("new_jobs_until"),
        "ended": pick("ended"), "instead": pick("instead"), "note": pick("note"),
        "retires": row.retires if row is not None else None,
        "serving": catalogue().serving(row, provider)})


def _offered(facts: _Facts, today: date) -> bool | None:
    if facts.retires is not None and facts.retires <= today:
        return False
    if facts.tuning == "closing" and facts.until is not None:
        return today <= facts.until
    return {"offered": True, "ended": False}.get(facts.tuning or "")


def _retires(facts: _Facts) -> str:
    """"; gpt-4o-mini retires 2027-01-14, taking its fine-tunes with it", or nothing."""
    if facts.retires is None:
        return ""
    return say("availability.retires", model=facts.model, date=facts.retires.isoformat())


HOW = {"provisioned_throughput": "on Provisioned Throughput (model units billed by the hour)",
       "dedicated_gpu": "on a dedicated GPU billed by the hour"}


def _sentences(facts: _Facts, today: date, hourly_priced: bool) -> tuple[str, str | None]:
    """(the availability warning, the "not yet" mark when tuning cannot win, else None)."""
    model, name = facts.model, facts.name
    if facts.retires is not None and facts.retires <= today:
        day = facts.retires.isoformat()
        return (say("availability.retired", model=model, date=day),
                say("not_yet.retired", model=model, date=day))
    shown_note = f" ({facts.note})" if facts.note else ""
    retires = _retires(facts)
    if facts.tuning == "closing" and facts.until is not None:
        until = facts.until.isoformat()
        if today > facts.until:
            return (say("availability.closed", provider=name, until=until, model=model,
                        retires=retires), say("not_yet.closed", provider=name, until=until))
        text = say("availability.closing", provider=name, until=until, note=shown_note,
                   retires=retires)
    elif facts.tuning == "ended":
        instead = f"; {facts.instead}" if facts.instead else ""
        return (say("availability.ended", provider=name, ended=facts.ended or "any more",
                    model=model, instead=instead), say("not_yet.ended", provider=name))
    elif facts.tuning == "offered":
        text = say("availability.offered", provider=name, model=model, note=shown_note,
                   retires=retires)
    else:
        general = say("availability", model=model)  # the catalogue knows only the retirement
        return general + (f" {retires.removeprefix('; ')}." if retires else ""), None
    if facts.serving != "per_token" and not hourly_priced:
        how = HOW[facts.serving]
        return (f"{text} " + say("availability.unpriced", provider=name, model=model, how=how),
                say("not_yet.unpriced", provider=name, how=how))
    return text, None


def tuning_status(model_ref: str | None, today: date, *,
                  hourly_priced: bool = False) -> TuningStatus | None:
    """The catalogue's word on tuning `model_ref` as of `today`; None when no model is named or
    the catalogue knows nothing about it (the report then keeps the general caution).
    `hourly_priced`: the scenario prices a tune served by the hour (gpu_price= or hosting=)."""
    prices, row, provider = known(model_ref)
    if prices is None:
        return None
    facts = _facts(row, provider, prices.model_id, prices.provider)
    if facts.tuning is None and facts.retires is None:
        return None
    text, not_yet = _sentences(facts, today, hourly_priced)
    sources = [page for page in (provider.source if provider else None,
                                 row.source if row else None,
                                 row.retires_source if row else None) if page]
    return TuningStatus(
        model=prices.ref, provider=facts.name, as_of=today, offered=_offered(facts, today),
        new_jobs_until=facts.until, retires=facts.retires,
        months_left=months_between(today, facts.retires) if facts.retires else None,
        days_left=(facts.retires - today).days if facts.retires else None,
        text=text, not_yet=not_yet, sources=list(dict.fromkeys(sources)),
    )
