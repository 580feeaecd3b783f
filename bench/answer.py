"""What a Slack answer costs in one process, without a server: the full `/adapt` first screen
against `/adapt help`, and the full answer's parts.

    .venv/bin/python bench/answer.py [--repeat 9]

For bench/load.py's eight scenarios in turn: the engine as the first screen asks it
(evaluate(tipping=False), with parsing), the first screen's render and limit checks
(result_message), its JSON, and the help message's render and JSON. Prints the best of
`--repeat` passes of 200 answers (the least disturbed by other programs), in microseconds.
"""

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

from adapt.bot.blockkit import help_message, result_message  # noqa: E402
from adapt.bot.flows.results import report_for  # noqa: E402

sys.path.append(str(HERE))  # last: the bench helpers, after the packages they measure
from load import FULL_TEXTS  # noqa: E402

PASS = 200


def best_us(action: Callable[[str], object], repeat: int) -> float:
    """The fastest of `repeat` passes, in microseconds per call."""
    passes = []
    for _ in range(repeat):
        started = time.perf_counter()
        for number in range(PASS):
            action(FULL_TEXTS[number % len(FULL_TEXTS)])
        passes.append((time.perf_counter() - started) * 1e6 / PASS)
    return min(passes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    options = parser.parse_args()
    reports = {text: report_for(text, tipping=False) for text in FULL_TEXTS}
    messages = {text: result_message(report) for text, report in reports.items()}
    rows = {
        "engine (report_for, tipping=False)": lambda t: report_for(t, tipping=False),
        "engine with every tipping point": lambda t: report_for(t),
        "first screen render + checks": lambda t: result_message(reports[t]),
        "first screen JSON": lambda t: json.dumps(messages[t]),
        "full answer (all three)": lambda t: json.dumps(result_message(
            report_for(t, tipping=False))),
        "help render + checks + JSON": lambda t: json.dumps(help_message()),
    }
    for name, action in rows.items():
        print(f"{name:<36} {best_us(action, options.repeat):7.1f} us")


if __name__ == "__main__":
    main()
