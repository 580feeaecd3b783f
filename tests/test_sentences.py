"""The engine's sentences live in one module, keyed by stable ids that the JSON carries."""

import random
import re
from datetime import date
from string import Formatter

from helpers.strategies import MODELS, catalogue_days

from adapt.engine import Report, evaluate, parse_scenario
from adapt.engine.presets import PRESETS
from adapt.engine.sentences import SENTENCES, WARNINGS


def _reports():
    rng = random.Random(7)
    for name in PRESETS:
        yield evaluate(parse_scenario([name]))
    for _ in range(300):
        factors = [f"{key}={rng.uniform(0, 100):.1f}" for key in
                   ("stability", "data", "volume", "freshness", "tolerance")]
        problem = rng.choice(["style", "knowledge", "format", "domain", "cost", "exploration"])
        yield evaluate(parse_scenario([*factors, f"problem={problem}",
                                       f"requests={rng.choice([100, 120_000, 5_000_000])}"]))
    # A named model on each date its tuning turns: the availability sentences' every variant.
    for model in MODELS:
        for day in catalogue_days():
            yield evaluate(parse_scenario(["support", f"model={model}"]), day)
            yield evaluate(parse_scenario(["routing", "requests=50M", f"model={model}"]), day)


def _pattern(sentence_id: str) -> re.Pattern[str]:
    """The sentence's literal words in order, each field standing for any text: what every text
    said from it starts with (a warning may append a second sentence to the first)."""
    parts = [re.escape(literal) + (".*?" if field is not None else "")
             for literal, field, _, _ in Formatter().parse(SENTENCES[sentence_id])]
    return re.compile("".join(parts), re.DOTALL)


def _literal_length(sentence_id: str) -> int:
    return sum(len(literal) for literal, _, _, _ in Formatter().parse(SENTENCES[sentence_id]))


def _said_by(report: Report) -> list[tuple[str, str | None]]:
    """(warning text, the id of the sentence it reads as, or None) for each warning: of the
    sentences under the warning's id that it matches, the one that fixes the most words."""
    found = []
    for warning in report.warnings:
        family = [i for i in WARNINGS if i == warning.id or i.startswith(warning.id + ".")]
        matches = [i for i in family if _pattern(i).match(warning.text)]
        found.append((warning.text, max(matches, key=_literal_length, default=None)))
    return found


def test_every_warning_id_is_a_sentence_id_and_its_text_comes_from_there():
    used = set()
    for report in _reports():
        for text, sentence_id in _said_by(report):
            assert sentence_id is not None, text
            used.add(sentence_id)
    # The reports reach the ways the engine words tuning's availability in a warning.
    assert {"availability.closing", "availability.closed", "availability.ended",
            "availability.offered"} <= used


def test_a_text_that_no_sentence_says_is_caught():
    report = evaluate(parse_scenario(["routing", "requests=50M", "model=gpt-4o-mini"]),
                      date(2027, 1, 7))
    warning = next(w for w in report.warnings if w.id == "availability")
    assert _said_by(report.model_copy(update={"warnings": [warning]}))[0][1] is not None
    forged = report.model_copy(update={"warnings": [
        warning.model_copy(update={"text": "Tuning is available for gpt-4o-mini."})]})
    assert _said_by(forged) == [("Tuning is available for gpt-4o-mini.", None)]
