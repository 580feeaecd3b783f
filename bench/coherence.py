"""Coherence rates: how often a report recommends what cannot work or argues with itself.

    .venv/bin/python bench/coherence.py [--samples 2000] [--seed 20] [--verbose]

Every rate of issue 20, measured over a fixed random sample (the whole input space: factors or
the facts that set them, every problem, 100 to 10M requests a month, caching, tuned prices,
horizons of 3 to 36 months) and over the guidance cases in tests/data/guidance.toml.

The yardstick is deliberately this file's own, not the engine's: the issue's capability table
(what can fix which failure) and a reading of each reason sentence (which paths it argues for),
so the engine cannot grade itself. Sentences the reading does not know are counted and printed,
never silently passed.
"""

import argparse
import random
import tomllib
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

from adapt.engine import Report, Scenario, evaluate, parse_scenario
from adapt.engine.options import TUNING, OptionId
from adapt.engine.scenario import Problem
from adapt.engine.units import Cadence

O = OptionId  # noqa: E741
GUIDANCE = Path(__file__).resolve().parent.parent / "tests" / "data" / "guidance.toml"

# Issue 20, "What to build", step 1, as the issue states it.
CAN_FIX: dict[Problem, frozenset[OptionId]] = {
    Problem.STYLE: frozenset({O.PROMPTING, O.PEFT, O.FULL_FINETUNE}),
    Problem.KNOWLEDGE: frozenset({O.RAG}),
    Problem.FORMAT: frozenset({O.GUARDRAILS, O.PROMPTING, O.PEFT, O.FULL_FINETUNE}),
    Problem.DOMAIN: frozenset({O.PROMPTING, O.RAG, O.PEFT, O.FULL_FINETUNE}),
    Problem.COST: frozenset({O.PROMPTING, O.PEFT, O.FULL_FINETUNE}),  # tuning: if it pays back
    Problem.EXPLORATION: frozenset({O.PROMPTING}),
}
# Warnings that, on a tuning winner, say tuning should not be done (issue 20's list).
RULES_OUT_TUNING = frozenset({"no_payback", "cache_first", "try_lora_first", "unstable",
                              "low_data"})
UNTRAINED = frozenset({O.PROMPTING, O.RAG, O.GUARDRAILS})
ANY = frozenset(O)
# (a fragment of a reason sentence, the paths it argues for): the reader's own reading.
ARGUES_FOR: tuple[tuple[str, frozenset[OptionId]], ...] = (
    ("reducing prompt overhead", TUNING),
    ("justify learning a stable behavior", TUNING),
    ("reward training", TUNING),
    ("retrieval matters more than changing weights", frozenset({O.RAG})),
    ("keeping knowledge fresh is not what", ANY - {O.RAG}),
    ("adaptation that trims runtime context", TUNING),
    ("instructions and context can stay in the prompt", frozenset({O.PROMPTING, O.RAG})),
    ("paths that need no training set", UNTRAINED),
    ("a path that needs no training set", UNTRAINED),
    ("checking every output in code pays off", frozenset({O.GUARDRAILS})),
    ("worth enforcing once, in code", frozenset({O.GUARDRAILS})),
    ("a prompt can carry today's facts", frozenset({O.PROMPTING})),
    ("retrieved context can ride along", frozenset({O.RAG})),
    ("retrieved context in every prompt cheap", frozenset({O.RAG})),
    ("a training run has little to repay", UNTRAINED),
    ("a prompt changes in minutes", UNTRAINED),
    ("lasting machinery over rewriting prompts", ANY - {O.PROMPTING}),
    ("solid evaluation set", ANY),
    ("every prompt token on every call count", TUNING),
    ("counts against carrying instructions", TUNING),
    ("behavior-pattern problem", frozenset({O.PROMPTING, O.PEFT, O.FULL_FINETUNE})),
    ("behavior pattern that clear instructions", frozenset({O.PROMPTING})),
    ("retrieval supplies facts", frozenset({O.RAG})),
    ("straight into the prompt", frozenset({O.PROMPTING})),
    ("enforced in code around the model", frozenset({O.GUARDRAILS})),
    ("learns the format from labeled examples", TUNING),
    ("learned best from labeled examples", TUNING),
    ("retrieved definitions", frozenset({O.RAG})),
    ("moving instructions into the model", TUNING),
    ("retrained soon", UNTRAINED),
    ("adds knowledge without training", frozenset({O.RAG})),
    ("Tuning pays back in", TUNING),
    ("never pays back", UNTRAINED),
    ("to pay back at", UNTRAINED),
)


def argued_for(text: str) -> frozenset[OptionId] | None:
    """The paths a reason sentence argues for, by this reader (None: it does not know it)."""
    return next((options for fragment, options in ARGUES_FOR if fragment in text), None)


def random_scenario(rng: random.Random) -> Scenario:
    """One point of the whole input space (no model: the catalogue's dates are measured below)."""
    values: dict[str, object] = {
        "stability": rng.uniform(0, 100), "tolerance": rng.uniform(0, 100),
        "problem": rng.choice(list(Problem)), "requests": round(10 ** rng.uniform(2, 7)),
        "horizon": rng.choice([3, 6, 12, 12, 12, 24, 36]),
    }
    if rng.random() < 0.5:
        values["examples"] = round(10 ** rng.uniform(0, 5))
    else:
        values["data"] = rng.uniform(0, 100)
    if rng.random() < 0.5:
        values["changes"] = rng.choice(list(Cadence))
    else:
        values["freshness"] = rng.uniform(0, 100)
    if rng.random() < 0.3:
        values.update(cached=rng.choice([0.5, 0.9]), cache_price=0.4)
    if rng.random() < 0.3:
        values["tuned_multiplier"] = rng.choice([1.5, 2.0])
    values["extra_tokens"] = rng.choice([200, 420, 1500, 4000])
    values["reduction"] = round(float(values["extra_tokens"]) * rng.uniform(0.2, 0.9))
    return Scenario(**values)


def _horizons(cost: object) -> float | None:
    months, horizon = cost.break_even_months, cost.horizon_months  # type: ignore[attr-defined]
    return None if months is None else months / horizon


def cannot_fix(report: Report) -> bool:
    winner, problem = report.winner.option, report.scenario.problem
    if winner not in CAN_FIX[problem]:
        return True
    return problem is Problem.COST and winner in TUNING and not report.cost.pays_back_in_horizon


def reason_against(report: Report, unknown: set[str]) -> bool:
    for reason in report.reasons:
        options = argued_for(reason.text)
        if options is None:
            unknown.add(reason.text)
        elif report.winner.option not in options:
            return True
    return False


def plan_repeats(report: Report) -> bool:
    now = report.plan[0].option
    return any(step.option is now for step in report.plan[1:])


def plan_false_fix(report: Report) -> bool:
    fixers = CAN_FIX[report.scenario.problem]
    return any("fixes the failure" in step.why and step.option not in fixers
               for step in report.plan)


def horizon_breaks(scenario: Scenario) -> bool:
    """A longer horizon turned a tuning win into another path, made a tuning path less
    eligible, or scored it lower (no model named, so no retirement is involved)."""
    longer = min(120, scenario.horizon * 2)
    before, after = evaluate(scenario), evaluate(scenario.model_copy(update={"horizon": longer}))
    if before.winner.option in TUNING and after.winner.option not in TUNING:
        return True
    for option in TUNING:
        was = next(o for o in before.ranking if o.option is option)
        now = next(o for o in after.ranking if o.option is option)
        if (was.eligible and not now.eligible) or now.score < was.score - 1e-9:
            return True
    return False


class Rates:
    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = {}

    def add(self, name: str, hit: bool, applies: bool = True) -> None:
        hits, total = self.counts.setdefault(name, [0, 0])
        self.counts[name] = [hits + (hit and applies), total + applies]

    def lines(self) -> Iterator[str]:
        for name, (hits, total) in self.counts.items():
            share = f"{hits / total:6.1%}" if total else "   n/a"
            yield f"  {share}  {name} ({hits} of {total})"


def sample(options: argparse.Namespace, rates: Rates, unknown: set[str]) -> None:
    rng = random.Random(options.seed)
    for _ in range(options.samples):
        scenario = random_scenario(rng)
        report = evaluate(scenario)
        tuned = report.winner.option in TUNING
        rates.add("winner cannot fix the stated failure", cannot_fix(report))
        ids = {w.id for w in report.warnings}
        rates.add("tuning wins with a warning that rules tuning out",
                  bool(ids & RULES_OUT_TUNING), tuned)
        horizons = _horizons(report.cost)
        rates.add("tuning wins that never pay back or need >10 horizons",
                  horizons is None or horizons > 10, tuned)
        rates.add("reports with a reason that argues for another path",
                  reason_against(report, unknown))
        rates.add("plans that repeat their Now", plan_repeats(report))
        rates.add("plans that say an option fixes what it cannot", plan_false_fix(report))
        rates.add("a longer horizon makes tuning less eligible", horizon_breaks(scenario))


# Models with announced retirements (engine/data/tuning.toml) and the days around them.
RETIRING = {"gpt-4o-mini": date(2027, 1, 14), "gpt-4o": date(2027, 1, 14)}
WARN_WITHIN_DAYS = 60


def lifecycle(options: argparse.Namespace, rates: Rates) -> None:
    rng = random.Random(options.seed + 1)
    for _ in range(max(1, options.samples // 5)):
        model, retires = rng.choice(list(RETIRING.items()))
        today = retires + timedelta(days=rng.randint(-WARN_WITHIN_DAYS, 90))
        scenario = random_scenario(rng).model_copy(update={"model": model})
        report = evaluate(scenario, today=today)
        named = any(retires.isoformat() in w.text for w in report.warnings)
        retired = today >= retires
        rates.add("reports on a retired model that do not say so first",
                  not report.warnings or retires.isoformat() not in report.warnings[0].text,
                  retired)
        rates.add("reports on a model retiring within 60 days with no warning of it",
                  not named, not retired)


def guidance(rates: Rates, verbose: bool) -> None:
    cases = tomllib.loads(GUIDANCE.read_text())["case"]
    for case in cases:
        as_of = date.fromisoformat(case["as_of"]) if "as_of" in case else None
        report = evaluate(parse_scenario(case["input"]), today=as_of)
        ids = [w.id for w in report.warnings]
        agrees = report.winner.option.value in case["expect"] and all(
            w in ids for w in case.get("warn", []))
        rates.add("guidance cases the engine agrees with", agrees)
        if verbose and not agrees:
            print(f"  disagrees: {case['id']}: {report.winner.option.value}"
                  f" (expected {'/'.join(case['expect'])}; warnings {ids})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--verbose", action="store_true")
    options = parser.parse_args()
    rates, unknown = Rates(), set[str]()
    steps: list[Callable[[], None]] = [
        lambda: sample(options, rates, unknown), lambda: lifecycle(options, rates),
        lambda: guidance(rates, options.verbose)]
    for step in steps:
        step()
    print(f"{options.samples} random scenarios (seed {options.seed}),"
          f" {options.samples // 5} on retiring models, and the guidance cases")
    for line in rates.lines():
        print(line)
    if unknown:
        print(f"  {len(unknown)} reason sentences this reader does not know:")
        for text in sorted(unknown):
            print(f"    {text}")


if __name__ == "__main__":
    main()
