"""Coherence rates over a fixed random sample: how often a report contradicts itself.

    .venv/bin/python bench/coherence.py [--samples 3000] [--seed 15]

Random factors and problems, 100 to 10M requests a month (log-uniform), as in the issue that
measured 23% headline/best-fit disagreement, 19% tuning wins carrying "tuning is not justified"
and 35% tuning wins that never pay back or need over ten horizons.
"""

import argparse
import random

from adapt.engine import Scenario, evaluate
from adapt.engine.options import TUNING
from adapt.engine.scenario import Problem


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=15)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    fit_in_stack = fit_is_winner = tuning_wins = never = ruled_out = 0
    for _ in range(options.samples):
        scenario = Scenario(
            stability=rng.uniform(0, 100), data=rng.uniform(0, 100),
            volume=rng.uniform(0, 100), freshness=rng.uniform(0, 100),
            tolerance=rng.uniform(0, 100), problem=rng.choice(list(Problem)),
            requests=10 ** rng.uniform(2, 7))
        report = evaluate(scenario)
        fit_in_stack += report.best_fit.option in {item.option for item in report.stack}
        fit_is_winner += report.best_fit.option is report.winner.option
        if report.winner.option in TUNING:
            tuning_wins += 1
            months = report.cost.break_even_months
            never += months is None or months > 10 * report.cost.horizon_months
            ruled_out += any(w.id == "low_data" for w in report.warnings)
    total = options.samples
    print(f"{total} random scenarios (seed {options.seed})")
    print(f"best fit inside the recommended stack: {fit_in_stack / total:.1%}")
    print(f"best fit is the winner itself:         {fit_is_winner / total:.1%}")
    print(f"tuning wins:                           {tuning_wins / total:.1%}")
    share = (lambda n: f"{n / tuning_wins:.1%}") if tuning_wins else (lambda n: "n/a")
    print(f"  ... that never pay back or need >10 horizons: {share(never)}")
    print(f"  ... that carry 'tuning is not justified':     {share(ruled_out)}")


if __name__ == "__main__":
    main()
