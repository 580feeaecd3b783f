"""Every payload the app can send is valid Block Kit within Slack's limits (design.md)."""

import json
from datetime import UTC, date, datetime

import pytest
from helpers.blocks import texts
from helpers.strategies import EXTREMES, cases, examples
from helpers.strict import check_message, check_view
from hypothesis import given

from adapt.bot.blockkit import (
    HOME_RECENT,
    HOME_SAVED,
    LIST_PAGE,
    BlockKitError,
    SlackImage,
    canvas_message,
    chart_message,
    choose_message,
    compare_message,
    cost_view,
    details_message,
    help_message,
    home_view,
    inspect_message,
    keys_message,
    markdown_chunks,
    markdown_message,
    modal_view,
    more_message,
    notice_message,
    presets_message,
    result_message,
    save_modal_view,
    saved_list_message,
    scenario_args,
)
from adapt.bot.flows.modal import CostContext, SaveContext, form_values
from adapt.engine import Scenario, evaluate, parse_scenario
from adapt.engine.compare import compared
from adapt.engine.options import OptionId
from adapt.engine.presets import PRESETS
from adapt.storage.store import NAME_MAX, Recent, Saved
from adapt.templates.charts import COST_TITLE, cost_alt_text

WHEN = datetime(2024, 11, 24, 9, 30, tzinfo=UTC)
HOSTILE = Saved(name="<!channel>*_~`" * 3, args="model=`<!here>` & *x*", winner="nope<!here>",
                saved_by="<!channel>", saved_at=WHEN)


def _every_payload(scenario: Scenario, as_of: date | None = None) -> None:
    report = evaluate(scenario, as_of)
    args = scenario_args(report)
    saved = Saved(name="n" * NAME_MAX, args=args, winner=report.winner.option.value,
                  saved_by="U0123456789", saved_at=WHEN)
    check_message(result_message(report))
    check_message(result_message(report, shared_by="U0123456789", note="x" * 500))
    image = SlackImage(file_id="F0123456789", alt_text=cost_alt_text(report), title=COST_TITLE)
    check_message(result_message(report, shared_by="U0123456789", chart=image))
    check_message(chart_message(report, image))
    check_message(chart_message(report, None, note="x" * 500))
    check_message(result_message(report, saved=saved))
    metadata = SaveContext(response_url="https://hooks.slack.com/commands/T1/1/" + "a" * 60,
                           channel_id="C0123456789", args=args).dump()
    check_view(save_modal_view(args, report.winner.name, metadata))
    check_message(notice_message("exists", saved.name, saved, new_args=args))
    for option in OptionId:
        check_message(inspect_message(report, option))
    check_message(markdown_message(report))
    check_message(details_message(report))
    check_message(compare_message(compared(report, evaluate(parse_scenario("support"), as_of),
                                           as_of)))
    check_message(canvas_message("ADR: " + report.winner.name, "https://x.slack.com/docs/T/F1",
                                 user="U0123456789", channel="C0123456789", shared=True))
    context = CostContext(response_url="https://hooks.slack.com/commands/T1/1/" + "a" * 60,
                          channel_id="C0123456789", user_id="U0123456789", replace=True,
                          args=args, rev=10_000, form_view_id="V0123456789", form_hash="h" * 40)
    check_view(modal_view(form_values(scenario), scenario=scenario, metadata=context.dump(),
                          rev=context.rev))
    check_view(cost_view(form_values(scenario), metadata=context.dump(), rev=context.rev,
                         scenario=scenario))
    check_message(more_message(args))
    check_message(choose_message(report))


@pytest.mark.parametrize("preset", PRESETS)
def test_every_payload_for_every_preset(preset):
    _every_payload(parse_scenario([preset]))


@pytest.mark.parametrize("scenario", EXTREMES)
def test_every_payload_for_extreme_inputs(scenario):
    _every_payload(scenario)


@examples(60)
@given(cases)
def test_every_payload_for_random_scenarios(case):
    _every_payload(case.scenario, case.as_of)


@pytest.mark.parametrize("error", [None, "x" * 2_000, "<!channel> *bold* _it_ ~s~ `c` & <http://x|y>"])
def test_help_and_presets(error):
    message = check_message(help_message(error))
    text = str(message)
    assert "<!channel>" not in text and "<http" not in text
    check_message(presets_message())
    check_message(keys_message())


def test_the_limit_walk_alone_catches_what_slack_sdk_misses():
    """What the server runs before every send, without slack_sdk's models."""
    from adapt.bot.blockkit import check_message as limits_only

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


@pytest.mark.parametrize("kind", ["saved", "replaced", "exists", "kept", "deleted", "refused",
                                  "missing"])
def test_notices_escape_whatever_the_database_holds(kind):
    message = check_message(notice_message(kind, HOSTILE.name,
                                           None if kind == "missing" else HOSTILE,
                                           new_args="volume=`<!everyone>`", verb="delete"))
    shown = json.dumps(texts(message, clicked=True))
    for raw in ("<!channel>", "<!here>", "<!everyone>", "<@<"):
        assert raw not in shown


def test_lists_and_home_stay_within_the_block_limits():
    many = [Saved(name=f"{n:0{NAME_MAX}d}", args="preset=support " + "x" * 1_500,
                  winner="peft", saved_by="U0123456789", saved_at=WHEN) for n in range(500)]
    recent = [Recent(args="preset=routing " + "y" * 1_500, winner="rag",
                     channel_id="C0123456789", at=WHEN)] * 50
    page = check_message(saved_list_message(many[:LIST_PAGE], total=500, page=1))
    assert "Next page (2 of 25)" in json.dumps(page)
    home = check_view(home_view(many, 500, recent, retention_days=90))
    assert len(home["blocks"]) <= 100
    text = json.dumps(home)
    assert f"Showing {HOME_SAVED} of 500" in text
    assert text.count('"run_scenario"') == HOME_RECENT
    empty = check_view(home_view([], 0, [], retention_days=7, readable=False))
    assert "could not be read" in json.dumps(empty)
    hostile = json.dumps(texts(check_view(home_view([HOSTILE], 1, [Recent(
        args=HOSTILE.args, winner=HOSTILE.winner, channel_id="<!channel>", at=WHEN)],
        retention_days=90)), clicked=True))
    assert "<!channel>" not in hostile and "<!here>" not in hostile
