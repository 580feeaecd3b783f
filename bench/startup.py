"""Command-line start-up: each `adapt` command against the import floor, as a person runs it.

    .venv/bin/python bench/startup.py [--rounds 25] [--against OTHER/.venv/bin/adapt]

The floor is `python -c "import pydantic, jinja2"` on the same interpreter: what any command
built on those two libraries pays before doing anything. `import pydantic` alone is lazy: it
loads no model machinery. The yardstick `one model` defines one small pydantic model and
validates it (pydantic.main, its validators' builder and its plugin scan, which imports
importlib.metadata): the least any command that validates its input with pydantic can cost.
Each round runs the floor, the yardstick and every command once, in turn (with `--against`,
that other `adapt`'s commands too, so both see the same machine); a command's ratio is taken
against the floor of its own round and the median of those is printed, with the medians of
wall-clock and CPU milliseconds (user + system). Output goes to /dev/null. Python's bytecode
cache is written before the rounds (as `pip install` does for an installed package):
PYTHONDONTWRITEBYTECODE is removed from the commands' environment.
"""

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent / "tests"))

from helpers import adapt_executable  # noqa: E402

FLOOR = ["-c", "import pydantic, jinja2"]
ONE_MODEL = ["-c", "import jinja2\nfrom pydantic import BaseModel, Field\n"
             "class One(BaseModel):\n    x: float = Field(50, ge=0, le=100)\nOne(x=1)"]
COMMANDS = {  # name: arguments to `adapt`
    "preset": ["support"],
    "seed": ["stability=82", "data=72", "volume=84", "freshness=18", "tolerance=36",
             "problem=style"],
    "json": ["support", "-f", "json"],
    "description": ["our support bot's tone drifts, about 300 labeled examples,"
                    " 2M requests a month"],
    "help": ["--help"],
}
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run(argv: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds of one run of `argv`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=ENV)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--against", metavar="ADAPT", help="another `adapt` to measure in turn")
    options = parser.parse_args()

    adapts = [adapt_executable(), *([options.against] if options.against else [])]
    python_runs = {"floor": FLOOR, "one model": ONE_MODEL}
    runs = {(adapt, name): [adapt_executable_python(adapt), *python_runs[name]]
            if name in python_runs else [adapt, *COMMANDS[name]]
            for adapt in adapts for name in (*python_runs, *COMMANDS)}
    for argv in runs.values():  # bytecode written, files in the OS's cache
        run(argv)
    samples: dict[tuple[str, str], list[tuple[float, float]]] = {key: [] for key in runs}
    for _ in range(options.rounds):
        for key, argv in runs.items():
            samples[key].append(run(argv))

    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()};"
          f" {options.rounds} rounds; ratio: against the floor of the same round, median")
    for adapt in adapts:
        if len(adapts) > 1:
            print(f"{'this' if adapt == adapts[0] else 'against'}: {adapt}")
        floor = samples[(adapt, "floor")]
        for name in ("floor", "one model", *COMMANDS):
            wall = [w for w, _ in samples[(adapt, name)]]
            cpu = [c for _, c in samples[(adapt, name)]]
            ratio = statistics.median(w / f for (w, _), (f, _) in zip(samples[(adapt, name)],
                                                                      floor, strict=True))
            print(f"  {name:<12} wall {statistics.median(wall):6.1f} ms"
                  f" ({min(wall):.1f}-{max(wall):.1f})  cpu {statistics.median(cpu):6.1f} ms"
                  f"  {ratio:4.2f}x floor")
    if len(adapts) > 1:
        for name in COMMANDS:
            this, other = (samples[(adapt, name)] for adapt in adapts)
            paired = statistics.median(a / b for (a, _), (b, _) in zip(this, other, strict=True))
            print(f"  {name:<12} this/against {paired:.2f}x (median of the rounds' ratios)")


def adapt_executable_python(adapt: str) -> str:
    """The interpreter beside an `adapt` console script (its venv's python)."""
    return str(Path(adapt).with_name("python"))


if __name__ == "__main__":
    main()
