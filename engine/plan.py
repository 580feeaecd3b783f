"""The staged plan: what to do now, what goes alongside, and the trigger, in real units, for the
option that fits best but cannot start yet. The plan never names its "Now" again (issue 20)."""

from pydantic import BaseModel, ConfigDict

from adapt.engine.advice import StackItem
from adapt.engine.costs import CostReport
from adapt.engine.decision import Decision, trigger
from adapt.engine.feasibility import EXAMPLES, Block
from adapt.engine.options import OptionId, option_name
from adapt.engine.scenario import Scenario
from adapt.engine.sentences import say


class PlanStep(BaseModel):
    model_config = ConfigDict(defer_build=True)

    when: str  # "Now", "Alongside", "From about 180 labeled examples", ...
    option: OptionId
    name: str
    why: str


def _step(when: str, option: OptionId, why: str) -> PlanStep:
    return PlanStep(when=when, option=option, name=option_name(option), why=why)


def plan(scenario: Scenario, decision: Decision, stack: list[StackItem],
         blocked: dict[OptionId, Block | None], cost: CostReport, fixes_why: str,
         waiting_examples: int | None) -> list[PlanStep]:
    """Now: the leader, and why it fixes the failure (`fixes_why`). Alongside: the rest of the
    stack. Then the waiting option, if any, at its trigger, with why it cannot start yet.
    `waiting_examples`: from how many labeled examples the waiting option would lead, when
    labeled examples are what it waits for."""
    leader, waiting = decision.fit[0], decision.waiting
    block = None if waiting is None else blocked[waiting]
    on_examples = block is not None and block.reason == EXAMPLES
    why = say("plan.log_examples", why=fixes_why) if on_examples else fixes_why
    steps = [_step(say("plan.now"), leader, why)]
    steps += [_step(say("plan.alongside"), item.option, item.role) for item in stack[1:]]
    if waiting is not None and block is not None:
        row = next(row for row in decision.feasibility if row.option is waiting)
        steps.append(_step(trigger(block, scenario, cost, waiting_examples), waiting,
                           say("plan.waiting_why", name=option_name(waiting),
                               failure=decision.failure_label, not_yet=row.why_not)))
    return steps
