"""The report: everything a template needs, structured, finite and JSON-ready."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, SerializerFunctionWrapHandler, model_serializer

from adapt.engine.advice import Alert, BestFit, StackItem, alerts, best_fit, headline, stack
from adapt.engine.args import parse_input
from adapt.engine.availability import TuningStatus, default_as_of, tuning_status
from adapt.engine.brief import cost_line, lead_warning, requests_tip, tuned_path
from adapt.engine.capability import can_fix
from adapt.engine.costs import CostReport, workbench
from adapt.engine.decision import Decision, decide, waiting_step_examples, why_not
from adapt.engine.explain import Reason, lead_by_input, reasons
from adapt.engine.feasibility import Block, blocks
from adapt.engine.lifecycle import Lifecycle, lifecycle
from adapt.engine.options import CARDS, OPTIONS, OptionCard, OptionId, option_name
from adapt.engine.plan import PlanStep, plan
from adapt.engine.scenario import Factor, Scenario
from adapt.engine.scoring import contributions, payback_share, shown_score
from adapt.engine.sentences import problem_reason_id, say
from adapt.engine.serving import serving
from adapt.engine.sources import price_sources
from adapt.engine.tipping import TippingPoint, tipping_points


class RankedOption(BaseModel):
    model_config = ConfigDict(defer_build=True)

    option: OptionId
    name: str
    score: float
    rank: int  # 1 is the winner; then what can start now, what waits, what cannot fix it
    eligible: bool  # True: it can fix the failure and can start now, so it may lead
    not_yet: str | None  # why an option that can fix the failure cannot start yet, e.g. "not
    # yet: needs about 100 labeled examples"; None for the rest
    fixes: bool = True  # whether it can fix the stated failure at all (decision step 1)
    blocked_by: str | None = None  # why it cannot start yet (decision step 2), as an id
    contributions: dict[str, float]  # every term of the score: base, problem, each factor
    versus: OptionId | None  # the option it is compared with: the one above, or the runner-up
    gap: float  # points ahead of `versus` (negative: behind it)
    gap_by_input: dict[str, float]  # how each input moves that gap


DESCRIPTION_FIELDS = ("read_as", "not_used")
WHEN_SET = ("lifecycle",)  # in the JSON only when set, so a report without them is unchanged


class Report(BaseModel):
    model_config = ConfigDict(defer_build=True)

    # Only when the input was a description (see evaluate_input); left out of the JSON otherwise,
    # so a KEY=VALUE report's JSON is what it always was.
    read_as: list[str] | None = None  # what was read, as canonical KEY=VALUE pairs
    not_used: list[str] | None = None  # the parts of the description nothing was read from
    scenario: Scenario
    ranking: list[RankedOption]
    winner: RankedOption
    summary: str
    headline: str  # the decision in one line: the winner, or the hybrid with the best fit
    plan: list[PlanStep]  # what to do now, then what waits for which fact
    best_fit: BestFit
    reasons: list[Reason]
    warnings: list[Alert]
    stack: list[StackItem]
    tipping_points: list[TippingPoint]
    cost: CostReport
    cards: dict[OptionId, OptionCard]
    as_of: date  # the day availability was judged at (the caller's today, or the catalogue's)
    tuning: TuningStatus | None = None  # the catalogue's word on tuning the named model
    cost_line: str  # the one cost sentence that matters for this decision (engine/brief.py)
    lead_warning: Alert | None  # the warning to hear first
    decision: Decision  # the three steps: capability, feasibility, fit (engine/decision.py)
    lifecycle: Lifecycle | None = None  # the way out of a retiring, retired or closed model

    @model_serializer(mode="wrap")
    def _description_fields_when_read(self, handler: SerializerFunctionWrapHandler
                                      ) -> dict[str, Any]:
        dumped: dict[str, Any] = handler(self)
        if self.read_as is None:
            for name in DESCRIPTION_FIELDS:
                dumped.pop(name, None)
        for name in WHEN_SET:
            if dumped.get(name, 0) is None:
                dumped.pop(name)
        return dumped


def _ranked(order: list[OptionId], raw: dict[OptionId, float],
            terms: dict[OptionId, dict[str, float]], scenario: Scenario,
            blocked: dict[OptionId, Block | None], decision: Decision, cost: CostReport,
            tuning: TuningStatus | None) -> list[RankedOption]:
    ranked = []
    for position, option in enumerate(order):
        versus = order[1] if position == 0 else order[position - 1]
        block = blocked[option]
        ranked.append(RankedOption(
            option=option, name=option_name(option), score=shown_score(raw[option]),
            rank=position + 1, eligible=option in decision.fit,
            not_yet=None if block is None else why_not(block, cost, tuning),
            fixes=can_fix(scenario.problem, option),
            blocked_by=None if block is None else block.reason, contributions=terms[option],
            versus=versus, gap=raw[option] - raw[versus],
            gap_by_input=lead_by_input(terms[option], terms[versus]),
        ))
    return ranked


def _summary(ranking: list[RankedOption], decision: Decision, why: list[Reason]) -> str:
    winner, runner_up = ranking[0], ranking[1]
    reason = why[0].text if why else ""
    if len(decision.fit) > 1:
        key = "summary" if why else "summary.no_reason"
        return say(key, winner=winner.name, runner_up=runner_up.name, lead=winner.gap,
                   reason=reason)
    if decision.waiting is not None:
        return say("summary.waiting", winner=winner.name,
                   waiting=option_name(decision.waiting), reason=reason).strip()
    return say("summary.only", winner=winner.name, failure=decision.failure_label,
               reason=reason).strip()


def evaluate(scenario: Scenario, today: date | None = None, *, tipping: bool = True) -> Report:
    """Decide, explain, cost and plan one scenario. Pure: same scenario and date, same report.
    `today` is the caller's date, which decides whether tuning the named model is still offered
    and how long its fine-tune would live; without one the engine judges as of the day its tuning
    catalogue was read (catalog.catalogue().read_on), so the report never changes from run to run.

    `tipping=False` leaves `tipping_points` empty, for a caller that shows none of them (the
    Slack answer's first screen; its Details evaluates again): the scan of every factor is most
    of evaluate's time. Everything else is the same, the plan included (when a step waits for
    labeled examples, it scans the data factor alone for how many)."""
    as_of = today or default_as_of()
    tuning = tuning_status(scenario.model, as_of,
                           hourly_priced=scenario.served_hourly or scenario.hosting > 0)
    cost = workbench(scenario, tuning)
    cost = cost.model_copy(update={"price_sources": price_sources(scenario, tuning),
                                   "serving": serving(scenario),
                                   "tuned_path": tuned_path(tuning),
                                   "requests_tip": requests_tip(cost, tuning)})
    payback = payback_share(cost)
    # raw_score is the sum of these terms: summed here once, kept for the ranking's breakdown
    terms = {option: contributions(scenario, option, payback) for option in OPTIONS}
    raw = {option: sum(terms[option].values()) for option in OPTIONS}
    blocked = blocks(scenario, cost, tuning)
    decision, order = decide(scenario, cost, tuning, raw, blocked)
    out = frozenset(OPTIONS) - frozenset(decision.fit)
    ranking = _ranked(order, raw, terms, scenario, blocked, decision, cost, tuning)
    winner = ranking[0]
    why = reasons(scenario, order[0], winner.gap_by_input, winner.contributions, cost,
                  tuning_open=cost.tuned_path == "open")
    items = stack(scenario, decision)
    tips = tipping_points(scenario, raw, out, cost, tuning) if tipping else []

    def examples_at(option: OptionId) -> int | None:
        found = tips or tipping_points(scenario, raw, out, cost, tuning, factors=(Factor.DATA,))
        return _examples_at(found).get(option)

    summary = _summary(ranking, decision, why)
    # Now: why the leader fixes the failure (capability.py gives every fixer its sentence).
    fixes_why = say(problem_reason_id(scenario.problem, order[0]))
    steps = plan(scenario, decision, items, blocked, cost, fixes_why,
                 waiting_step_examples(decision, blocked, examples_at))
    warnings = alerts(scenario, decision, raw, cost, tuning)
    return Report(
        scenario=scenario, ranking=ranking, winner=winner, summary=summary,
        headline=headline(items), plan=steps, best_fit=best_fit(scenario, decision),
        reasons=why, warnings=warnings, stack=items, tipping_points=tips, cost=cost,
        cards=CARDS, as_of=as_of, tuning=tuning, cost_line=cost_line(decision, items, cost, tuning),
        lead_warning=lead_warning(warnings), decision=decision,
        lifecycle=lifecycle(scenario, tuning),
    )


def _examples_at(tips: list[TippingPoint]) -> dict[OptionId, int]:
    """From how many labeled examples each option would win, where the data tip says so."""
    found: dict[OptionId, int] = {}
    for point in tips:
        tip = point.above
        if point.factor is Factor.DATA and tip is not None and tip.at_examples is not None:
            found.setdefault(tip.option, tip.at_examples)
    return found


def evaluate_input(args: str | Sequence[str], today: date | None = None, *,
                   tipping: bool = True) -> Report:
    """KEY=VALUE or a description -> Report (parse_input, then evaluate as of `today`, with
    `tipping` as evaluate takes it). For a description the report carries `read_as` and
    `not_used`; ArgumentError as parse_input raises it."""
    parsed = parse_input(args)
    report = evaluate(parsed.scenario, today, tipping=tipping)
    if parsed.read_as is None:
        return report
    return report.model_copy(update={"read_as": parsed.read_as, "not_used": parsed.not_used})
