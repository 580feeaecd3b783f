"""The engine's sentences live in one module, keyed by stable ids that the JSON carries."""

import random

from adapt.engine import evaluate, parse_scenario
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


def test_every_warning_id_is_a_sentence_id_and_its_text_comes_from_there():
    for report in _reports():
        for warning in report.warnings:
            ids = [i for i in WARNINGS if i == warning.id or i.startswith(warning.id + ".")]
            assert ids, warning.id
            stems = [SENTENCES[i].split("{")[0][:20] for i in ids]
            assert any(warning.text.startswith(stem) for stem in stems), warning.text
