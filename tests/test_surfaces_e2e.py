"""Where the decision lives, over real HTTP against the fake Slack: a canvas, a side-by-side
comparison, the shortcuts and the Workflow Builder step (the issue "Where the decision lives")."""

import json
import re
from typing import Any

import pytest
from helpers.slackapp import step_event
from helpers.strict import check_message, check_view

from adapt.engine import evaluate, parse_scenario
from adapt.templates import render_canvas, render_report


def _blocks_text(message: dict[str, Any]) -> str:
    return json.dumps(message["blocks"], ensure_ascii=False)


def _first_text(message: dict[str, Any]) -> str:
    block = message["blocks"][0]
    return block["text"]["text"] if "text" in block else block["elements"][0]["text"]


def _buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["action_id"]: e for b in message["blocks"] if b["type"] == "actions"
            for e in b["elements"]}


def _sections(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("### ")]


def test_the_canvas_has_the_markdown_exports_sections_without_mermaid():
    for name in ("support", "knowledge", "extraction"):
        report = evaluate(parse_scenario(name))
        canvas, markdown = render_canvas(report), render_report(report, "markdown")
        assert _sections(canvas) == _sections(markdown) and len(_sections(canvas)) == 6
        assert "```mermaid" in markdown and "mermaid" not in canvas
        assert "| Month | Prompt-only |" in canvas and "**Cost chart**" in canvas
        assert report.summary in canvas and report.headline in canvas


def test_the_canvas_button_creates_the_record_shares_it_and_posts_its_link(slack):
    app, fake = slack
    app.command("support", response_url=fake.response_url("cv"))
    result = fake.wait_for("/response/cv")[0].body
    button = _buttons(result)["create_canvas"]
    app.action(button["action_id"], button["value"], response_url=fake.response_url("cv"))
    created = fake.wait_for("/api/canvases.create")[0].body
    assert created["title"] == "ADR: LoRA / PEFT for tone or format drift"
    content = created["document_content"]
    assert content["type"] == "markdown"
    assert _sections(content["markdown"]) == _sections(
        render_report(evaluate(parse_scenario("preset=support")), "markdown"))
    grants = [c.body for c in fake.wait_for("/api/canvases.access.set", 2)]
    assert {(g["access_level"], g.get("user_ids"), g.get("channel_ids")) for g in grants} == {
        ("write", "U0USER1", None), ("read", None, "C0CHAN1")}
    posted = check_message(fake.wait_for("/response/cv", 2)[1].body)
    assert posted["response_type"] == "in_channel"
    assert "<https://fake.slack.com/docs/T0TEAM1/F0CANVAS01|ADR: LoRA / PEFT for tone or" \
        " format drift>" in _blocks_text(posted)
    assert "Everyone in <#C0CHAN1> can read it" in _blocks_text(posted)


def test_adapt_canvas_command_makes_one_from_keys(slack):
    app, fake = slack
    app.command("canvas preset=knowledge requests=200k", response_url=fake.response_url("cc"))
    created = fake.wait_for("/api/canvases.create")[0].body
    assert created["title"] == "ADR: Retrieval (RAG) for missing or stale facts"
    assert "200,000" in created["document_content"]["markdown"]
    check_message(fake.wait_for("/response/cc")[0].body)  # the link, once access is granted


@pytest.mark.parametrize("code, said", [
    ("missing_scope", "installed without the `canvases:write` scope"),
    ("canvas_disabled_user_team", "Canvases are turned off in this workspace"),
    ("free_teams_cannot_create_non_tabbed_canvases", "plan allows canvases only as a channel"),
    ("team_tier_cannot_create_channel_canvases", "plan does not allow more canvases"),
    ("not_allowed_token_type", "Slack refused to create the canvas (not_allowed_token_type)"),
])
def test_a_refused_canvas_says_why_and_sends_the_markdown_instead(slack, code, said):
    app, fake = slack
    fake.fail("/api/canvases.create", 200, body=json.dumps({"ok": False, "error": code}))
    app.action("create_canvas", "preset=support", response_url=fake.response_url("rf"))
    told, markdown = (c.body for c in fake.wait_for("/response/rf", 2))
    check_message(told)
    assert said in _first_text(told) and "here is the Markdown" in _first_text(told)
    chunks = "".join(el["elements"][0]["text"] for b in check_message(markdown)["blocks"]
                     if b["type"] == "rich_text" for el in b["elements"])
    assert chunks == render_report(evaluate(parse_scenario("preset=support")), "markdown")
    assert fake.find("/api/canvases.access.set") == []


def test_compare_two_presets_in_one_message(slack):
    app, fake = slack
    app.command("compare support | support requests=1M", response_url=fake.response_url("cp"))
    posted = check_message(fake.wait_for("/response/cp")[0].body)
    text = _blocks_text(posted)
    assert "Raising requests from 120k to 1M makes LoRA / PEFT pay back in 2.1 months" in text
    assert "`requests` 120k → 1M" in text and "81.4 *LoRA / PEFT*" in text
    assert "17.6 months" in text and "2.1 months" in text
    buttons = _buttons(posted)
    assert buttons["run_scenario"]["value"] in ("preset=support", "preset=support volume=90")
    app.action("compare_markdown", buttons["compare_markdown"]["value"],
               response_url=fake.response_url("cp"))
    markdown = check_message(fake.wait_for("/response/cp", 2)[1].body)
    assert "## Comparison: LoRA / PEFT vs LoRA / PEFT" in _blocks_text(markdown)


def test_compare_a_saved_scenario_with_keys(stored):
    app, fake = stored
    app.command("save launch preset=knowledge", response_url=fake.response_url("s1"))
    fake.wait_for("/response/s1")
    app.command("compare launch | preset=knowledge freshness=10",
                response_url=fake.response_url("c2"))
    posted = check_message(fake.wait_for("/response/c2")[0].body)
    assert "`/adapt compare preset=knowledge | preset=knowledge freshness=10`" in \
        _blocks_text(posted)


@pytest.mark.parametrize("text, said", [
    ("compare support | volum=3", ":warning: Side B: Unknown key `volum`: did you mean `volume`?"),
    ("compare zzz qqq | support", ":warning: Side A: Nothing could be read from 'zzz qqq'"),
    ("compare support", ":warning: Compare takes two sides"),
])
def test_a_bad_side_is_named(slack, text, said):
    app, fake = slack
    app.command(text, response_url=fake.response_url("bs"))
    posted = check_message(fake.wait_for("/response/bs")[0].body)
    assert _first_text(posted).startswith(said)


def test_compare_with_opens_the_form_and_answers_side_by_side(slack):
    app, fake = slack
    app.action("compare_with", "preset=support", response_url=fake.response_url("cw"))
    view = check_view(fake.wait_for("/api/views.open")[0].body["view"])
    assert view["title"]["text"] == "Compare with" and view["submit"]["text"] == "Compare"
    state = {}
    for block in view["blocks"]:
        if block["type"] == "input":
            element = block["element"]
            chosen = element.get("initial_option")
            state[block["block_id"]] = {"value": {"type": element["type"], "value": (
                "2M" if block["block_id"].startswith("requests") else
                element.get("initial_value")), "selected_option": chosen}}
    app.submit({"id": "V1", "type": "modal", "callback_id": view["callback_id"],
                "private_metadata": view["private_metadata"], "state": {"values": state}})
    posted = check_message(fake.wait_for("/response/cw")[0].body)
    assert posted["blocks"][0]["text"]["text"].startswith("Compare: LoRA / PEFT vs")
    assert "`requests` 120k → 2M" in _blocks_text(posted)


def test_the_global_shortcut_opens_the_form(slack):
    app, fake = slack
    assert app.shortcut("adapt_decide_form").status == 200
    view = check_view(fake.wait_for("/api/views.open")[0].body["view"])
    assert view["callback_id"] == "adapt_modal"


def test_the_message_shortcut_reads_the_message_and_answers_privately(slack):
    app, fake = slack
    message = {"type": "message", "ts": "1700.1", "user": "U0OTHER",
               "text": "our support bot's tone drifts, about 300 labeled examples, 2M requests"
                       " a month"}
    app.shortcut("adapt_evaluate_message", message=message, response_url=fake.response_url("ms"))
    posted = check_message(fake.wait_for("/response/ms")[0].body)
    assert posted["response_type"] == "ephemeral"
    assert _first_text(posted).startswith("*Read as:* `problem=style examples=300 requests=2M`")
    app.shortcut("adapt_evaluate_message", message={"type": "message", "ts": "1.2", "text": ""},
                 response_url=fake.response_url("m0"))
    empty = check_message(fake.wait_for("/response/m0")[0].body)
    assert _first_text(empty).startswith(":warning: That message has no text to read")


def test_the_workflow_step_completes_with_the_decision(slack):
    app, fake = slack
    app.event(step_event("preset=support requests=1M"))
    done = fake.wait_for("/api/functions.completeSuccess")[0]
    assert done.body["function_execution_id"] == "Fx0EXEC1"
    outputs = done.body["outputs"]
    assert outputs["winner_id"] == "peft" and outputs["winner_name"] == "LoRA / PEFT"
    months = evaluate(parse_scenario("preset=support requests=1M")).cost.break_even_months
    assert outputs["break_even"] == "2.1 months" and outputs["break_even_months"] == round(
        months, 2)
    assert outputs["markdown"].startswith("## ADR: LoRA / PEFT")
    assert re.match(r"LoRA / PEFT leads .* by [0-9.]+ points\.", outputs["summary"])
    assert fake.find("/api/functions.completeError") == []


@pytest.mark.parametrize("scenario, said", [
    ("volum=high", "Adapt could not read the scenario: unknown key 'volum'"),
    ("", "Adapt needs a scenario"), (None, "Adapt needs a scenario"),
])
def test_a_bad_step_input_fails_cleanly(slack, scenario, said):
    app, fake = slack
    app.event(step_event(scenario))
    failed = fake.wait_for("/api/functions.completeError")[0].body
    assert failed["function_execution_id"] == "Fx0EXEC1" and failed["error"].startswith(said)
    assert fake.find("/api/functions.completeSuccess") == []
