"""Benchmark: drawing the PNG charts, what a chart adds to `adapt`, and that plain paths skip it.

    .venv/bin/python bench/charts.py [--random N] [--runs N]

Prints medians from one run; compare ratios, not absolute times, across machines.
"""

import argparse
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path, and bench/engine.py would shadow
# the `engine` package.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

from adapt.engine import Report, Scenario, evaluate, parse_scenario  # noqa: E402
from adapt.engine.presets import PRESETS  # noqa: E402

sys.path.append(str(HERE))  # last: the bench helpers, after the packages they measure
from benchkit import command_ms, random_factors  # noqa: E402

PLAIN_PATHS = """
import inspect
import sys
from adapt.cli import main
main(["volume=high"])
import adapt.bot.app
from adapt.bot.listeners.commands import adapt_command

class Client:
    def chat_postMessage(self, **message):
        pass

offered = {"ack": lambda *a, **k: None, "client": Client(),  # by name, as Bolt passes them
           "command": {"text": "volume=high", "user_id": "U1", "trigger_id": "t"}}
wanted = inspect.signature(adapt_command).parameters
adapt_command(**{name: value for name, value in offered.items() if name in wanted})
print(sorted(m for m in sys.modules if m.partition(".")[0] == "matplotlib")[:1])
"""


def _random_scenarios(count: int, seed: int = 11) -> list[Scenario]:
    """Chart-shaped variety: horizons from 1 to 120 months (the points drawn), volumes and
    prices over many orders of magnitude (the axis labels), paths that do and never pay back."""
    rng = random.Random(seed)
    scenarios = []
    for _ in range(count):
        extra = rng.uniform(0, 5000)
        scenarios.append(Scenario(
            **random_factors(rng), requests=10 ** rng.uniform(2, 9),
            extra_tokens=extra, reduction=rng.uniform(0, extra), horizon=rng.randint(1, 120),
            price=10 ** rng.uniform(-1, 1.5), tuned_multiplier=rng.uniform(0.5, 3)))
    return scenarios


def _median_ms(draw, reports: list[Report]) -> tuple[float, float, int]:
    """Median and slowest milliseconds per chart, and the median PNG size in bytes."""
    times, sizes = [], []
    for report in reports:
        start = time.perf_counter()
        chart = draw(report)
        times.append((time.perf_counter() - start) * 1000)
        sizes.append(len(chart.png))
    return statistics.median(times), max(times), int(statistics.median(sizes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random", type=int, default=60, help="random scenarios")
    parser.add_argument("--runs", type=int, default=11, help="start-up runs per command")
    options = parser.parse_args()

    scenarios = [parse_scenario([name]) for name in PRESETS] + _random_scenarios(options.random)
    reports = [evaluate(s) for s in scenarios]
    start = time.perf_counter()
    from adapt.templates.charts import cost_chart, score_chart

    cost_chart(reports[0])  # the first drawing loads matplotlib and its fonts
    first = (time.perf_counter() - start) * 1000
    print(f"python {platform.python_version()} on {platform.machine()},"
          f" {len(PRESETS)} presets + {options.random} random scenarios")
    print(f"first chart in this process (imports matplotlib)  {first:7.1f} ms")
    for name, draw in (("cost chart", cost_chart), ("score chart", score_chart)):
        median, slowest, size = _median_ms(draw, reports)
        print(f"{name:<12} median {median:6.1f} ms, slowest {slowest:6.1f} ms,"
              f" median PNG {size / 1024:5.1f} KiB")

    adapt = shutil.which("adapt", path=str(Path(sys.executable).parent)) or "adapt"
    with tempfile.TemporaryDirectory() as folder:
        png = str(Path(folder) / "cost.png")
        plain = command_ms([adapt, "support"], options.runs)
        charted = command_ms([adapt, "support", "--chart", png], options.runs)
    print(f"adapt support                    {plain:6.1f} ms")
    print(f"adapt support --chart cost.png   {charted:6.1f} ms  (+{charted - plain:.1f} ms)")
    found = subprocess.run([sys.executable, "-c", PLAIN_PATHS], capture_output=True, text=True,
                           check=True).stdout.strip().splitlines()[-1]  # after the report
    verdict = "no" if found == "[]" else f"YES: {found}"
    print(f"matplotlib imported by `adapt volume=high` and a plain /adapt: {verdict}")


if __name__ == "__main__":
    main()
