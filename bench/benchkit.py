"""What the bench scripts share: random scenario factors, and timing a command as a person runs
it. Imported after the packages the scripts measure, so nothing here can shadow them."""

import random
import statistics
import subprocess
import time
from typing import Any

from adapt.engine.scenario import Problem


def random_factors(rng: random.Random) -> dict[str, Any]:
    """The five factors, uniform over 0-100, and a problem kind."""
    factors: dict[str, Any] = {name: rng.uniform(0, 100) for name in
                               ("stability", "data", "volume", "freshness", "tolerance")}
    return {**factors, "problem": rng.choice(list(Problem))}


def command_ms(argv: list[str], runs: int) -> float:
    """Median wall-clock milliseconds of `runs` runs of a command, output discarded."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)
