"""Benchmark: reading descriptions (engine/describe/) over the test corpus.

    .venv/bin/python bench/describe.py [--repeat N]

    .venv/bin/python bench/describe.py --score   # only the corpus score, no timing
    .venv/bin/python bench/describe.py --long    # only hostile long input

For each sentence in tests/data/sentences.toml: the median of N timed reads; printed are the
median and the slowest of those per-sentence medians, for describe() alone, for parse_input()
(describe plus the readers and the Scenario), and for parse_input() + evaluate(). describe()
caches each word's typo lookup; the "typo cache empty" line empties it before every read (a server
seeing only new words). Compare ratios, not absolute times, across machines.

Hostile long input (--long, and after the corpus lines): how long parse_input takes to refuse
100,000 characters of one kind (a word, digits, '=' signs, "gpt-4-" repeated, words), and how
describe()'s time grows with the length of a text built to be slow (one clause of failure
words, of model names, of numbers...): the median of --long-repeat reads at 1,000, 2,000 and
4,000 characters (the most a description may have), and the 4,000/2,000 ratio (2 is linear).

The score: each sentence is read fully right (read_as and not_used exactly as the corpus says),
partly (everything read is what the person meant, but something is missing or not_used differs)
or wrongly (an error, or a key read that the person did not state or with another value), for
the whole corpus and for each `batch` of it apart.
"""

import argparse
import collections
import contextlib
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

from adapt.engine import ArgumentError, evaluate, parse_input, parse_scenario  # noqa: E402
from adapt.engine.describe import _vocabulary, describe  # noqa: E402
from adapt.engine.keys import KEY_BY_NAME  # noqa: E402
from adapt.engine.prices import UnknownModel, model_prices  # noqa: E402

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


def _meaning(pair: str) -> tuple[str, object]:
    """A KEY=VALUE pair as what it means: the key and its typed value (a model as the exact
    provider:model it prices as), so "2M" and "2000000" are one reading."""
    key, _, raw = pair.partition("=")
    value = KEY_BY_NAME[key].read(key, raw)
    if key == "model":
        with contextlib.suppress(UnknownModel):
            value = model_prices(value).ref
    return key, value


def grade(entry: dict) -> str:
    """"right", "partly" or "wrong" (see the module's docstring)."""
    try:
        parsed = parse_input(entry["text"])
    except ArgumentError:
        return "wrong"
    read, wanted = parsed.read_as or [], entry["read_as"]
    if (read, parsed.not_used) == (wanted, entry.get("not_used", [])):
        return "right"
    meant = dict(_meaning(pair) for pair in wanted)
    for key, value in map(_meaning, read):
        if meant.get(key, object()) != value:
            return "wrong"
    return "partly"


def _reads(text: str) -> bool:
    try:
        parse_input(text)
    except ArgumentError:
        return False
    return True


def _score_lines(entries: list[dict]) -> list[str]:
    batches: dict[str, list[dict]] = {"the whole corpus": entries}
    for entry in entries:
        if "batch" in entry:
            batches.setdefault(f"batch {entry['batch']}", []).append(entry)
    lines = []
    for name, members in batches.items():
        counts = collections.Counter(grade(entry) for entry in members)
        lines.append(f"{name}: {counts['right']} of {len(members)} read fully right,"
                     f" {counts['partly']} partly, {counts['wrong']} wrongly")
    return lines


# Texts built to be slow to read, each repeated to the length measured.
HOSTILE = {
    "one word": "tone ",
    "failure words, one clause": "json tone facts ",
    "denials, one clause": "not worried about style no issues with json ",
    "model names": "claude haiku gpt 4o mini ",
    "family names, hyphens": "gpt-4-",
    "numbers": "300 tickets ",
    "grouped numbers": "1 000 ",
    "number words": "two thousand and ",
    "totals": "5,000 tickets so far ",
    "commas": ", ",
}
REFUSED = {"a word": "a", "digits": "9", "equals signs": "=", "pairs": "x=1 ",
           "model-like": "gpt-4-", "words": "tone drifts "}


def _long_lines(repeat: int) -> list[str]:
    lines = []
    for name, unit in REFUSED.items():
        text = (unit * (100_000 // len(unit) + 1))[:100_000]
        ms = _median_ms(_refused, text, repeat)
        lines.append(f"refuse 100,000 chars ({name}): {ms:.3f} ms")
    for name, unit in HOSTILE.items():
        times = [_median_ms(describe, unit * (n // len(unit)), repeat)  # whole units
                 for n in (1_000, 2_000, 4_000)]
        lines.append(f"describe {name}: {times[0]:.1f} / {times[1]:.1f} / {times[2]:.1f} ms at"
                     f" 1k / 2k / 4k chars, 4k/2k x{times[2] / times[1]:.2f}")
    return lines


def _refused(text: str) -> None:
    """parse_input of too much text: an error (tests/test_describe.py holds which one)."""
    try:
        parse_input(text)
    except ArgumentError:
        return
    raise AssertionError("100,000 characters were read")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="timed reads per sentence")
    parser.add_argument("--score", action="store_true", help="only the corpus score")
    parser.add_argument("--long", action="store_true", help="only hostile long input")
    parser.add_argument("--long-repeat", type=int, default=5, help="timed reads per long text")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the descriptions to read")
    options = parser.parse_args()
    describe("gpt 4o mini")  # warm: the model index is built at the first model name

    entries = tomllib.loads(options.corpus.read_text(encoding="utf-8"))["sentence"]
    if options.score:
        print("\n".join(_score_lines(entries)))
        return
    if options.long:
        print("\n".join(_long_lines(options.long_repeat)))
        return
    texts = [entry["text"] for entry in entries]
    texts = [text for text in texts if _reads(text)]  # an error has nothing to evaluate
    for text in texts:  # warm: genai-prices loads on the first model name, then is cached
        evaluate(parse_input(text).scenario)
    print(f"python {platform.python_version()} on {platform.machine()}, {len(texts)} sentences,"
          f" median of {options.repeat} reads each")
    print("\n".join(_score_lines(entries)))
    _line("describe", describe, texts, options.repeat)
    _line("describe, typo cache empty", _describe_cold, texts, options.repeat)
    _line("parse_input", parse_input, texts, options.repeat)
    _line("parse_input + evaluate", lambda t: evaluate(parse_input(t).scenario), texts,
          max(1, options.repeat // 4))
    pairs = [" ".join(parse_input(text).read_as or []) for text in texts]
    _line("parse_scenario (its read_as)", parse_scenario, pairs, options.repeat)
    print("\n".join(_long_lines(options.long_repeat)))


if __name__ == "__main__":
    main()
