"""Every payload the app can send is valid Block Kit within Slack's limits (design.md)."""

import itertools

import pytest
from hypothesis import given, settings
from strict import check_message, check_view
from test_properties import scenarios

from bot.blockkit import (
    BlockKitError,
    SlackImage,
    chart_message,
    help_message,
    inspect_message,
    markdown_chunks,
    markdown_message,
    modal_view,
    presets_message,
    result_message,
)
from bot.modal import ModalContext, form_values
from engine import Scenario, evaluate, parse_scenario
from engine.options import OptionId
from engine.presets import PRESETS
from engine.scenario import Problem
from templates.charts import COST_TITLE, cost_alt_text

LONG_MODEL = "m_" + "x_" * 49  # 100 characters, full of mrkdwn underscores
EXTREMES = [
    Scenario(requests=1e12, extra_tokens=1e7, reduction=1e7, shared_tokens=1e7, price=10_000,
             training=1e9, eval=1e9, hosting=1e9, tuned_multiplier=100, horizon=120,
             model=LONG_MODEL),
    Scenario(requests=0, extra_tokens=0, reduction=0, price=0, training=0, eval=0, horizon=1),
    *[Scenario(problem=p, **dict(zip(("stability", "data", "volume", "freshness", "tolerance"),
                                     corner, strict=True)))
      for p in Problem for corner in itertools.product((0.0, 100.0), repeat=5)][::7],
]


def _every_payload(scenario: Scenario) -> None:
    report = evaluate(scenario)
    check_message(result_message(report))
    check_message(result_message(report, shared_by="U0123456789", note="x" * 500))
    image = SlackImage(file_id="F0123456789", alt_text=cost_alt_text(report), title=COST_TITLE)
    check_message(result_message(report, shared_by="U0123456789", chart=image))
    check_message(chart_message(report, image))
    check_message(chart_message(report, None, note="x" * 500))
    for option in OptionId:
        check_message(inspect_message(report, option))
    check_message(markdown_message(report))
    context = ModalContext(response_url="https://hooks.slack.com/commands/T1/1/" + "a" * 60,
                           channel_id="C0123456789", user_id="U0123456789", replace=True,
                           preset=scenario.preset, rev=10_000)
    check_view(modal_view(form_values(scenario), preset=scenario.preset, metadata=context.dump(),
                          rev=context.rev))


@pytest.mark.parametrize("preset", PRESETS)
def test_every_payload_for_every_preset(preset):
    _every_payload(parse_scenario([preset]))


@pytest.mark.parametrize("scenario", EXTREMES)
def test_every_payload_for_extreme_inputs(scenario):
    _every_payload(scenario)


@settings(max_examples=60, deadline=None)
@given(scenarios)
def test_every_payload_for_random_scenarios(scenario):
    _every_payload(scenario)


@pytest.mark.parametrize("error", [None, "x" * 2_000, "<!channel> *bold* _it_ ~s~ `c` & <http://x|y>"])
def test_help_and_presets(error):
    message = check_message(help_message(error))
    text = str(message)
    assert "<!channel>" not in text and "<http" not in text
    check_message(presets_message())


def test_the_limit_walk_alone_catches_what_slack_sdk_misses():
    """What the server runs before every send, without slack_sdk's models."""
    from bot.blockkit import check_message as limits_only

    section = {"type": "section", "text": {"type": "mrkdwn", "text": "x"}}
    with pytest.raises(BlockKitError, match="51 blocks"):
        limits_only({"text": "t", "blocks": [section] * 51})
    with pytest.raises(BlockKitError, match="3000"):
        limits_only({"text": "t", "blocks": [{"type": "section", "text": {"text": "x" * 3001}}]})
    button = {"type": "button", "text": {"type": "plain_text", "text": "b"}, "action_id": "a",
              "value": "v" * 2_001}
    with pytest.raises(BlockKitError, match="button value"):
        limits_only({"text": "t", "blocks": [{"type": "actions", "elements": [button]}]})


def test_the_checker_catches_what_slack_sdk_misses():
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "x"}}
    with pytest.raises(BlockKitError, match="51 blocks"):
        check_message({"text": "t", "blocks": [section] * 51})
    wide = {"type": "section", "fields": [{"type": "mrkdwn", "text": "x" * 2_001}]}
    with pytest.raises(BlockKitError, match="field"):
        check_message({"text": "t", "blocks": [wide]})
    with pytest.raises(BlockKitError, match="fallback"):
        check_message({"blocks": [section]})
    twice = {**section, "block_id": "same"}
    with pytest.raises(BlockKitError, match="duplicate"):
        check_message({"text": "t", "blocks": [twice, twice]})
    image = {"type": "image", "slack_file": {"id": "F0123456789"}, "alt_text": "a chart"}
    check_message({"text": "t", "blocks": [image]})
    for broken, reason in [({**image, "alt_text": "x" * 2_001}, "alt_text"),
                           ({**image, "alt_text": ""}, "alt_text"),
                           ({**image, "title": {"type": "plain_text", "text": "x" * 2_001}},
                            "title"),
                           ({**image, "image_url": "https://example.com/c.png"}, "exactly one"),
                           ({**image, "slack_file": {"id": "F1", "url": "https://x"}},
                            "exactly one")]:
        with pytest.raises(BlockKitError, match=reason):
            check_message({"text": "t", "blocks": [broken]})
    with pytest.raises(BlockKitError, match="private_metadata"):
        check_view({"type": "modal", "title": {"type": "plain_text", "text": "t"},
                    "private_metadata": "x" * 3_001, "blocks": []})


def test_markdown_chunks_rejoin_exactly():
    text = "".join(f"line {i} " + "y" * (i * 37 % 400) + "\n" for i in range(300)) + "z" * 7000
    chunks = markdown_chunks(text, 2_900)
    assert "".join(chunks) == text
    assert all(0 < len(chunk) <= 2_900 for chunk in chunks)
