"""Benchmark: evaluate + render per scenario, and the `adapt` command's start-up.

    .venv/bin/python bench/engine.py [--random N] [--runs N]

Prints medians from one run; compare ratios, not absolute times, across machines.
"""

import argparse
import platform
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its name would shadow the
# `engine` package it measures.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

from adapt.engine import Scenario, evaluate, parse_scenario  # noqa: E402
from adapt.engine.presets import PRESETS  # noqa: E402
from adapt.templates import render_report  # noqa: E402

sys.path.append(str(HERE))  # last: the bench helpers, after the packages they measure
from benchkit import command_ms, random_factors  # noqa: E402


def _random_scenarios(count: int, seed: int = 7) -> list[Scenario]:
    rng = random.Random(seed)
    scenarios = []
    for _ in range(count):
        extra = rng.uniform(0, 5000)
        scenarios.append(Scenario(
            **random_factors(rng), requests=rng.uniform(0, 5e6), extra_tokens=extra,
            reduction=rng.uniform(0, extra), horizon=rng.randint(1, 60),
            tuned_multiplier=rng.uniform(0.5, 3)))
    return scenarios


def _per_call_ms(action, items, repeat: int) -> float:
    """Median over `repeat` passes of the mean time per item, in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            action(item)
        samples.append((time.perf_counter() - start) * 1000 / len(items))
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random", type=int, default=500, help="random scenarios")
    parser.add_argument("--runs", type=int, default=21, help="start-up runs per command")
    options = parser.parse_args()

    presets = [parse_scenario([name]) for name in PRESETS]
    scenarios = presets + _random_scenarios(options.random)
    reports = [evaluate(s) for s in scenarios]
    for fmt in ("text", "markdown", "json"):  # warm the template cache like a long-lived server
        render_report(reports[0], fmt)
    print(f"python {platform.python_version()} on {platform.machine()},"
          f" {len(presets)} presets + {options.random} random scenarios")
    print(f"evaluate                  {_per_call_ms(evaluate, scenarios, 5):7.3f} ms/scenario")
    for fmt in ("text", "markdown", "json"):
        ms = _per_call_ms(lambda r, f=fmt: render_report(r, f), reports, 5)
        print(f"render {fmt:<18} {ms:7.3f} ms/scenario")
    both = _per_call_ms(lambda s: render_report(evaluate(s), "text"), scenarios, 5)
    print(f"evaluate + render text    {both:7.3f} ms/scenario")

    adapt = shutil.which("adapt", path=str(Path(sys.executable).parent)) or "adapt"
    floor = command_ms([sys.executable, "-c", "import pydantic, jinja2"], options.runs)
    models = command_ms([sys.executable, "-c", "import pydantic.main, jinja2"], options.runs)
    command = command_ms([adapt, "volume=high", "data=low"], options.runs)
    print(f"floor: python -c 'import pydantic, jinja2'       {floor:6.1f} ms")
    print(f"       python -c 'import pydantic.main, jinja2'  {models:6.1f} ms")
    print(f"adapt volume=high data=low                       {command:6.1f} ms"
          f"  ({command / floor:.2f}x the floor, {command / models:.2f}x pydantic.main)")


if __name__ == "__main__":
    main()
