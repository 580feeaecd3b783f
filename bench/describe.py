"""Benchmark: reading descriptions (engine/describe/) over the test corpus.

    .venv/bin/python bench/describe.py [--repeat N]

For each sentence in tests/data/sentences.toml: the median of N timed reads; printed are the
median and the slowest of those per-sentence medians, for describe() alone, for parse_input()
(describe plus the readers and the Scenario), and for parse_input() + evaluate(). Also prints how
many corpus sentences are read fully right. describe() caches each word's typo lookup; the
"typo cache empty" line empties it before every read (a server seeing only new words). Compare
ratios, not absolute times, across machines.
"""

import argparse
import platform
import statistics
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its name would shadow the
# `engine` package it measures.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

from adapt.engine import evaluate, parse_input, parse_scenario  # noqa: E402
from adapt.engine.describe import _vocabulary, describe  # noqa: E402

CORPUS = HERE.parent / "tests" / "data" / "sentences.toml"


def _median_ms(action: Callable[[str], object], text: str, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action(text)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _line(label: str, action: Callable[[str], object], texts: list[str], repeat: int) -> None:
    per_sentence = [_median_ms(action, text, repeat) for text in texts]
    print(f"{label:<28} median {statistics.median(per_sentence):7.3f} ms/sentence,"
          f" slowest {max(per_sentence):7.3f} ms")


def _describe_cold(text: str) -> object:
    """describe() as if no word had been seen before (the typo lookup's cache emptied)."""
    _vocabulary.cache_clear()
    return describe(text)


def _read_right(entries: list[dict]) -> int:
    right = 0
    for entry in entries:
        parsed = parse_input(entry["text"])
        right += (parsed.read_as, parsed.not_used) == (entry["read_as"],
                                                       entry.get("not_used", []))
    return right


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="timed reads per sentence")
    options = parser.parse_args()

    entries = tomllib.loads(CORPUS.read_text(encoding="utf-8"))["sentence"]
    texts = [entry["text"] for entry in entries]
    for text in texts:  # warm: genai-prices loads on the first model name, then is cached
        evaluate(parse_input(text).scenario)
    print(f"python {platform.python_version()} on {platform.machine()}, {len(texts)} sentences,"
          f" median of {options.repeat} reads each")
    print(f"corpus: {_read_right(entries)} of {len(entries)} read fully right")
    _line("describe", describe, texts, options.repeat)
    _line("describe, typo cache empty", _describe_cold, texts, options.repeat)
    _line("parse_input", parse_input, texts, options.repeat)
    _line("parse_input + evaluate", lambda t: evaluate(parse_input(t).scenario), texts,
          max(1, options.repeat // 4))
    pairs = [" ".join(parse_input(text).read_as or []) for text in texts]
    _line("parse_scenario (its read_as)", parse_scenario, pairs, options.repeat)


if __name__ == "__main__":
    main()
