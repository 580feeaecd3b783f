"""The Slack answer fits one screen and says each thing once; the full analysis is one click away
and loses nothing; errors are one line with a way out (the issue "A Slack answer that fits one
screen"). Rendered heights are measured by bench/screens.py, which draws the payloads."""

import json
import re
from datetime import date
from typing import Any

import pytest
from helpers.blocks import texts
from helpers.strategies import EXTREMES
from helpers.strict import check_message

from adapt.bot.blockkit import details_message, error_message, keys_message, result_message
from adapt.engine import ArgumentError, Report, Scenario, evaluate, parse_input, parse_scenario
from adapt.engine.keys import KEYS
from adapt.engine.presets import PRESETS
from adapt.templates.format import money

FIRST_SCREEN_BLOCKS = 10
FIRST_SCREEN_CHARACTERS = 1_500  # of text a person reads; the old answer had about 3,000
SCENARIOS = [parse_scenario([name]) for name in PRESETS] + EXTREMES
INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff]")


def _shown(message: dict[str, Any]) -> str:
    return "\n".join(texts(message["blocks"]))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.preset or "extreme")
def test_the_first_screen_is_short(scenario: Scenario):
    report = evaluate(scenario)
    message = check_message(result_message(report))
    assert len(message["blocks"]) <= FIRST_SCREEN_BLOCKS
    assert len(_shown(message)) <= FIRST_SCREEN_CHARACTERS
    ranking = next(t for t in texts(message["blocks"]) if "█" in t or "░" in t)
    assert "`" not in ranking  # score bars are plain text: Slack paints code spans red
    assert all(o.name in ranking for o in report.ranking)  # every option, in one block
    shown = _shown(message)
    assert report.headline in shown and report.cost_line in shown
    assert shown.count(report.winner.name) <= 4  # headline, summary, ranking, a plan step


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.preset or "extreme")
def test_details_keep_everything_the_answer_knows(scenario: Scenario):
    report = evaluate(scenario)
    shown = _shown(check_message(details_message(report)))
    flat = shown.replace("\u200b", "")
    for text in _said(report):
        assert text in flat, text
    assert shown.count("changes the answer") <= 1  # quiet factors are said once, together


def _score(report: Report, option: Any) -> float:
    return next(o.score for o in report.ranking if o.option is option)


def _said(report: Report) -> list[str]:
    """What the full report says, each of which the details must still say."""
    cost = report.cost
    best_fit = [report.best_fit.text] if report.best_fit.option != report.winner.option else []
    return [report.headline, report.summary, report.cost_line, *best_fit,
            *(reason.text for reason in report.reasons),
            *(warning.text for warning in report.warnings),
            report.plan[0].why,  # the Now: its step, or its why among the reasons
            *(f"{step.when}:* {step.name}. {step.why}" for step in report.plan[1:]),
            *(f"{o.score:.1f}  {'*' * (o.rank == 1)}{o.name}" for o in report.ranking
              if o.eligible),
            *(f"{row.name} ({_score(report, row.option):.1f}), {row.trigger[:1].lower()}"
              f"{row.trigger[1:]}" for row in report.decision.feasibility if not row.feasible),
            *(row.why_not for row in report.decision.feasibility
              if not row.feasible and row.blocked_by not in ("examples", "lora_first")),
            *(o.name for o in report.ranking if not o.fixes),
            money(cost.prompt_only_monthly), money(cost.tuned_monthly), money(cost.one_time),
            money(cost.prompt_only_total), money(cost.tuned_total),
            report.cards[report.winner.option].caution]


def test_cost_follows_the_decision():
    knowledge = evaluate(parse_scenario("preset=knowledge"))
    assert knowledge.winner.name == "Retrieval (RAG)"
    # Tuning cannot fix missing facts (issue 20), so it is not even the alternative considered.
    assert knowledge.cost_line.startswith("Nothing in this plan is trained, and tuning cannot fix"
                                          " missing or stale facts: prompt-only costs $800 a"
                                          " month")
    shown = _shown(details_message(knowledge))
    assert "$736 if tuned, plus $2,500 once" in shown and "Tuning would save" in shown
    support = _shown(details_message(evaluate(parse_scenario("preset=support"))))
    assert "$76.80 tuned, plus $2,200 once" in support and "Saves $125 a month" in support
    assert "alternative considered" not in support


@pytest.mark.parametrize("text, shown, fixed", [
    ("volum=high", "Unknown key `volum`: did you mean `volume`?", "volume=high"),
    ("volume=hihg data=low", "`volume` does not take `hihg`: did you mean `high`?",
     "volume=high data=low"),
    ("preset=suport", "`preset` does not take `suport`: did you mean `support`?",
     "preset=support"),
    ("extra_tokens=lots", "Extra_tokens: 'lots' is not a number", None),
    ("volum=hihg", "Unknown key `volum`: did you mean `volume`?", "volume=high"),  # two typos
    ("traffic=2M", "Volume is a level (low, medium or high), and '2M' reads as a count: give"
     " the count as requests=2M", "requests=2M"),  # a count for a level: the fact's key
    ("hello there", "Nothing could be read from 'hello there'", None),  # the form instead
])
def test_errors_are_one_line_with_the_fix(text: str, shown: str, fixed: str | None):
    with pytest.raises(ArgumentError) as caught:
        parse_input(text)
    message = check_message(error_message(caught.value))
    assert len(message["blocks"]) == 2
    line = message["blocks"][0]["text"]["text"]
    assert line.startswith(":warning: " + shown) and "\n" not in line
    assert "keys:" not in line and "keys:" not in message["text"]  # never the list of every key
    buttons = message["blocks"][1]["elements"]
    way_out = buttons[0]  # the fixed command, else the form
    assert (way_out["action_id"], way_out["value"]) == (
        ("run_scenario", fixed) if fixed else ("open_form", ""))
    assert way_out["style"] == "primary"
    assert buttons[-1]["action_id"] == "show_help" and len(buttons) == 2
    assert message["text"].count(". ") == 0  # the notification: one sentence
    if fixed:
        assert evaluate(parse_scenario(fixed))  # the offered command runs


def test_key_names_in_the_keys_page_survive_copy_and_paste():
    with pytest.raises(ArgumentError) as caught:
        parse_scenario("zzz=1")
    assert "`/adapt help keys` lists them" in _shown(error_message(caught.value))
    shown = _shown(check_message(keys_message()))
    for key in KEYS:
        assert re.search(rf"\b{key.name}\b", shown), key.name
    assert not INVISIBLE.search(shown)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.preset or "extreme")
def test_no_invisible_characters_inside_words(scenario: Scenario):
    for message in (result_message(evaluate(scenario)), details_message(evaluate(scenario))):
        for text in texts(message["blocks"]):
            assert not re.search(r"\w[\u200b-\u200f\u2060\ufeff]\w", text), text


def test_user_text_is_still_escaped():
    hostile = Scenario(model="x_<!channel>*y*")  # the reader refuses it; the templates must too
    dumped = json.dumps(texts(details_message(evaluate(hostile))["blocks"]))
    assert "<!channel>" not in dumped


def test_details_show_the_cached_path_the_prices_and_the_models_dates():
    """Issue 12's worked example: the third path, every price with its source, and the date
    availability was judged at, in Slack as in the text report."""
    report = evaluate(parse_scenario(
        "model=gpt-4.1-mini requests=120k extra_tokens=2000 reduction=2000 shared_tokens=500"
        " output_tokens=300 cached=90% examples=1000 tokens_per_example=800 epochs=3 eval=0"),
        today=date(2026, 12, 1))
    shown = _shown(check_message(details_message(report)))
    assert "$178 a month prompt-only · $113 cached (90% of the extra tokens)" in shown
    assert "$2,131 prompt-only vs $1,354 cached vs $1,970" in shown
    assert "*Tuning, as of 2026-12-01:* OpenAI accepts no new fine-tuning jobs after 2027-01-06" \
        in shown
    assert "$5.00 per 1M training tokens: tuning catalogue (openai:gpt-4.1-mini), read" \
        " 2026-12-01" in shown
    first = _shown(result_message(report))
    assert "against $113 with the prompt cached" in first  # the cheaper prompt path
