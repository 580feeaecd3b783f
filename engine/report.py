"""The report: everything a template needs, structured, finite and JSON-ready."""

from pydantic import BaseModel

from adapt.engine.advice import Alert, BestFit, StackItem, alerts, best_fit, stack
from adapt.engine.costs import CostReport, workbench
from adapt.engine.explain import Reason, lead_by_input, reasons
from adapt.engine.options import CARDS, OptionCard, OptionId, option_name
from adapt.engine.scenario import Scenario
from adapt.engine.scoring import contributions, rank, raw_scores, shown_score
from adapt.engine.sentences import say
from adapt.engine.tipping import TippingPoint, tipping_points


class RankedOption(BaseModel):
    option: OptionId
    name: str
    score: float
    rank: int  # 1 is the winner
    contributions: dict[str, float]  # every term of the score: base, problem, each factor
    versus: OptionId | None  # the option it is compared with: the one above, or the runner-up
    gap: float  # points ahead of `versus` (negative: behind it)
    gap_by_input: dict[str, float]  # how each input moves that gap


class Report(BaseModel):
    scenario: Scenario
    ranking: list[RankedOption]
    winner: RankedOption
    summary: str
    best_fit: BestFit
    reasons: list[Reason]
    warnings: list[Alert]
    stack: list[StackItem]
    tipping_points: list[TippingPoint]
    cost: CostReport
    cards: dict[OptionId, OptionCard]


def _ranked(scenario: Scenario, order: list[OptionId],
            raw: dict[OptionId, float]) -> list[RankedOption]:
    terms = {o: contributions(scenario, o) for o in order}
    ranked = []
    for position, option in enumerate(order):
        versus = order[1] if position == 0 else order[position - 1]
        ranked.append(RankedOption(
            option=option, name=option_name(option), score=shown_score(raw[option]),
            rank=position + 1, contributions=terms[option], versus=versus,
            gap=raw[option] - raw[versus], gap_by_input=lead_by_input(terms[option], terms[versus]),
        ))
    return ranked


def _summary(ranking: list[RankedOption], why: list[Reason]) -> str:
    winner, runner_up = ranking[0], ranking[1]
    if not why:
        return say("summary.no_reason", winner=winner.name, runner_up=runner_up.name,
                   lead=winner.gap)
    return say("summary", winner=winner.name, runner_up=runner_up.name, lead=winner.gap,
               reason=why[0].text)


def evaluate(scenario: Scenario) -> Report:
    """Score, rank, explain and cost one scenario. Pure: same scenario, same report."""
    raw = raw_scores(scenario)
    order = rank(raw)
    ranking = _ranked(scenario, order, raw)
    why = reasons(scenario, order[0], ranking[0].gap_by_input)
    cost = workbench(scenario)
    fit = best_fit(scenario, order)
    return Report(
        scenario=scenario, ranking=ranking, winner=ranking[0], summary=_summary(ranking, why),
        best_fit=fit, reasons=why, warnings=alerts(scenario, order, raw, fit, cost),
        stack=stack(scenario, order), tipping_points=tipping_points(scenario, raw),
        cost=cost, cards=CARDS,
    )
