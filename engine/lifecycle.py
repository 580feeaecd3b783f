"""Life after a shutdown (issue 22): for a model that is retiring, retired, or no longer takes
tuning jobs, where to go and what that costs, and what to record before it is gone.

The ways out come from the catalogue: the replacements the provider names (`successors`, e.g.
OpenAI's gpt-6-luna for gpt-4o-mini) and models where tuning is still offered
(`tune_elsewhere`). Each is priced on the person's own scenario, with the new model's prices in
place of the old one's: prompt-only, the prompt cached (at their `cached` share, or every extra
prompt token when they gave none, said as such), and tuned there where that is offered and can
be priced. What cannot be priced says why instead of guessing.
"""

from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from adapt.engine.availability import TuningStatus, tuning_status
from adapt.engine.catalog import ModelRow, catalogue
from adapt.engine.costs import CostReport, workbench
from adapt.engine.prices import MODEL_PRICED, fill_from_model
from adapt.engine.readers import ArgumentError
from adapt.engine.scenario import Scenario
from adapt.engine.sentences import say
from adapt.engine.units import money, payback_when, pays_back_ever

Status = Literal["retired", "retiring", "closed"]
Role = Literal["successor", "tune_elsewhere"]
FROM_THE_DATA = ("tokens_per_example", "epochs", "training_price")


class WayOut(BaseModel):
    """One model to move to, priced on the scenario."""

    model_config = ConfigDict(defer_build=True)

    model: str  # "openai:gpt-6-luna"
    provider: str  # as a sentence names it
    role: Role  # named by the provider, or a model where tuning is still offered
    prompt_only_monthly: float
    cached_monthly: float | None  # None: the model has no cache-read price
    cached_share: float | None  # the share of the extra prompt tokens cached for that figure
    tunable: bool  # a new tuning job can start there now
    tuned_monthly: float | None  # None: not tunable, or not priced (see text)
    one_time: float | None
    break_even_months: float | None  # against its cheaper prompt path; None: never, or not tuned
    text: str


class RecordItem(BaseModel):
    model_config = ConfigDict(defer_build=True)

    id: str  # a stable id: "eval_set", "outputs", "training"
    text: str


class Lifecycle(BaseModel):
    """The named model's way out: a structured answer and the engine's sentences for it."""

    model_config = ConfigDict(defer_build=True)

    model: str
    status: Status
    as_of: date
    retires: date | None
    new_jobs_until: date | None
    days_left: int | None  # days from as_of to retires (negative: retired that long ago)
    text: str
    ways_out: list[WayOut]
    record: list[RecordItem]
    sources: list[str]


def _status(tuning: TuningStatus) -> Status | None:
    if tuning.retires is not None and tuning.retires <= tuning.as_of:
        return "retired"
    if tuning.retires is not None:
        return "retiring"
    return "closed" if tuning.offered is False else None


def _headline(status: Status, tuning: TuningStatus, model: str) -> str:
    if status == "retired":
        assert tuning.retires is not None
        return say("lifecycle.retired", model=model, date=tuning.retires.isoformat())
    until = tuning.new_jobs_until
    if status == "closed":
        since = say("lifecycle.since", until=until.isoformat()) if until else ""
        return say("lifecycle.closed", provider=tuning.provider, model=model, since=since)
    assert tuning.retires is not None and tuning.days_left is not None
    jobs = "" if until is None else say(
        "lifecycle.jobs_until" if tuning.as_of <= until else "lifecycle.jobs_closed",
        until=until.isoformat())
    return say("lifecycle.retiring", model=model, date=tuning.retires.isoformat(),
               days=tuning.days_left, as_of=tuning.as_of.isoformat(), jobs=jobs)


def _on(scenario: Scenario, ref: str, drop: tuple[str, ...] = (),
        **update: Any) -> Scenario:
    """The scenario on model `ref`: every price the old model supplied replaced by the new
    one's (a training cost computed from the data is computed again), `drop` left out."""
    values = {key: value for key, value in scenario.model_dump().items()
              if key not in (*MODEL_PRICED, *drop)}
    if scenario.training_from_data() or "tokens_per_example" in drop:
        values.pop("training", None)
        if "tokens_per_example" in drop:
            values["training"] = scenario.training  # the prompt paths do not read it
    values.update(model=ref, **update)
    return Scenario(**fill_from_model(values, given=set()))


def _priced(build: Callable[[], Scenario]) -> tuple[Scenario | None, str | None]:
    try:
        return build(), None
    except ArgumentError as error:
        return None, error.message
    except ValidationError as error:
        return None, str(error.errors(include_url=False)[0].get("msg", "not priced"))


def _tuned(scenario: Scenario, ref: str, today: date
           ) -> tuple[bool, CostReport | None, str | None]:
    """(tunable there now, the tuned figures or None, why they are missing)."""
    moved, reason = _priced(lambda: _on(scenario, ref))
    hourly = moved is not None and (moved.served_hourly or moved.hosting > 0)
    status = tuning_status(ref, today, hourly_priced=hourly)
    tunable = status is not None and status.offered is True
    if not tunable:
        return False, None, None
    if moved is None:
        return True, None, reason
    if status is not None and status.not_yet is not None:
        return True, None, status.not_yet.removeprefix("not priced: ")
    return True, workbench(moved, status), None


def _tuning_text(tunable: bool, cost: CostReport | None, reason: str | None) -> str:
    if not tunable:
        return say("lifecycle.tuning.none")
    if cost is None:
        return say("lifecycle.tuning.unpriced", reason=reason or "its prices are not recorded")
    parts = {"tuned": money(cost.tuned_monthly), "one_time": money(cost.one_time)}
    if not pays_back_ever(cost.break_even_months, cost.horizon_months):
        return say("lifecycle.tuning.never", **parts)
    return say("lifecycle.tuning.pays_back", when=payback_when(cost.break_even_months or 0.0),
               **parts)


def _prompt_on(scenario: Scenario, ref: str, cached: float | None) -> Scenario | None:
    """The prompt paths on `ref` (batch kept where the new model has batch prices)."""
    for batch in dict.fromkeys((scenario.batch, None)):
        moved, _ = _priced(lambda b=batch: _on(scenario, ref, drop=FROM_THE_DATA, cached=cached,
                                                batch=b))
        if moved is not None:
            return moved
    return None


def _way_out(scenario: Scenario, row: ModelRow, role: Role, today: date) -> WayOut | None:
    prompt = _prompt_on(scenario, row.ref, None)
    if prompt is None:
        return None  # not even its prompt can be priced: leave it out
    plain = workbench(prompt)
    share = scenario.cached if scenario.cached is not None else 1.0
    with_cache = _prompt_on(scenario, row.ref, share)
    cached = None if with_cache is None else workbench(with_cache).cached_monthly
    tunable, tuned, reason = _tuned(scenario, row.ref, today)
    provider = catalogue().provider(row.provider)
    name = provider.name if provider is not None else row.provider
    cached_text = "" if cached is None else say(
        "lifecycle.cached", cached=money(cached), share=f"{share:.0%}",
        tokens=scenario.extra_tokens)
    text = say("lifecycle.option", model=row.model, provider=name,
               prompt_only=money(plain.prompt_only_monthly), cached=cached_text,
               tuning=_tuning_text(tunable, tuned, reason))
    return WayOut(model=row.ref, provider=name, role=role,
                  prompt_only_monthly=plain.prompt_only_monthly, cached_monthly=cached,
                  cached_share=None if cached is None else share, tunable=tunable,
                  tuned_monthly=tuned.tuned_monthly if tuned else None,
                  one_time=tuned.one_time if tuned else None,
                  break_even_months=tuned.break_even_months if tuned else None, text=text)


def _record(status: Status, tuning: TuningStatus) -> list[RecordItem]:
    ids = ["eval_set", "training"] if status == "retired" else ["eval_set", "outputs", "training"]
    deadline = tuning.retires or tuning.new_jobs_until
    shown = deadline.isoformat() if deadline else "the shutdown"
    return [RecordItem(id=item, text=say(f"lifecycle.record.{item}", date=shown))
            for item in ids]


def lifecycle(scenario: Scenario, tuning: TuningStatus | None) -> Lifecycle | None:
    """The way out for the named model, as of the date `tuning` was judged at; None when it is
    neither retiring, retired nor closed to tuning, or the catalogue lists nowhere to go."""
    if tuning is None:
        return None
    status = _status(tuning)
    row = catalogue().model(*tuning.model.split(":", 1))
    if status is None or row is None or not (row.successors or row.tune_elsewhere):
        return None
    listed = catalogue()
    ways: list[WayOut] = []
    for role, refs in (("successor", row.successors), ("tune_elsewhere", row.tune_elsewhere)):
        for ref in refs:
            other = listed.model(*ref.split(":", 1))
            found = None if other is None else _way_out(scenario, other, role, tuning.as_of)
            if found is not None:
                ways.append(found)
    pages = [*tuning.sources, *(r.source for ref in (*row.successors, *row.tune_elsewhere)
                                if (r := listed.model(*ref.split(":", 1))) is not None)]
    return Lifecycle(
        model=tuning.model, status=status, as_of=tuning.as_of, retires=tuning.retires,
        new_jobs_until=tuning.new_jobs_until, days_left=tuning.days_left,
        text=_headline(status, tuning, row.model), ways_out=ways,
        record=_record(status, tuning), sources=list(dict.fromkeys(pages)))
