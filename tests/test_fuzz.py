"""Hostile input: 10,000+ slash commands, form submissions and button clicks through the real Bolt
app (signature check, middleware, listeners), replies going to the fake Slack.

Each case: no 5xx, no listener error logged, every reply valid Block Kit within limits, every
rejection a message that names the problem. In-process (helpers.bolt) so that ten thousand cases
take seconds; the fast suite sends a few hundred of each, CI the full count (marked fuzz). Random
command text also goes over HTTP (marked http).
"""

import json
import random
import time
from typing import Any
from urllib.parse import urlencode

import pytest
from helpers.bolt import BoltApp
from helpers.slackapp import action_body
from helpers.strategies import examples
from helpers.strict import check_message
from hypothesis import assume, given
from hypothesis import strategies as st

from adapt.bot.flows.modal import FORM_KEYS
from adapt.engine.args import ALIASES

NASTY = [
    "", " ", "\n\n\t", "=", "==", "===", "= =", "a" * 10_000, "volume=" + "9" * 5_000,
    "volume=1 volume=2", "volume=1 traffic=2", "volume=1e309", "volume=-1e309", "volume=nan",
    "volume=inf", "volume=-inf", "volume=-1", "volume=1e-320", "requests=" + "9" * 400,
    "requests=-5", "requests=1e12", "requests=1.0000001e12", "price=1e-300", "horizon=1000y",
    "horizon=0", "horizon=-3", "model=<!channel>", "<!channel>", "<!here|here>", "<@U123>",
    "*bold* _it_ ~s~ `code`", "<http://evil.example|click>", '{"volume": 80}',
    'volume={"a":1}', "volume=[1,2]", "\x00\x01\x02", "volume=\x00", "vol\u202eume=3",
    "volume=８０", "volume=٨٠", "🙂=🙂", "volume=🙂", "preset=support preset=knowledge",
    "support knowledge", "help me", "HELP", "presets now", "problem=", "problem=STYLE",
    "model=" + "x" * 300, "model=../../etc/passwd", "model=openai:", "model=:", "reduction=1e7",
    "extra_tokens=1e7 reduction=1e7 shared_tokens=1e7 requests=1e12 price=10000",
    "tuned_multiplier=0x", "tuned_multiplier=xx", "hosting=$", "training=$-1", "eval=1,2,3",
    "data=50%%", "data=%", "\u200b", "volume=\u200b50", "k=v" * 2_000, "--format json",
    # descriptions: facts in words, with injection in what is read and in what is not used
    "our tone drifts <!channel> about 300 labeled examples", "stale facts <!here> 2M a month",
    "*bold* JSON breaks `code` <http://evil.example|click> 10k a day",
    "tone drifts model=<!channel>", "tone drifts, examples=zz", "~strike~ tone _it_ 5k/month",
    "answers are outdated " * 400, "gpt-4o-mini <@U123> prototype", "no labeled data \x00\x01",
]
SENTENCE_WORDS = ["tone", "drifts", "about", "300", "labeled", "examples", "2M", "requests",
                  "a", "month", "10k/day", "stale", "facts", "JSON", "schema", "legal", "weekly",
                  "never", "gpt-4o-mini", "$1,800", "tokens", "3,000", "~300", "prototype",
                  "<!channel>", "*x*", "`y`", "<http://evil.example|z>", "🙂", "volme=3"]
VALUES = ["high", "low", "medium", "50", "0", "100", "101", "-1", "1e309", "nan", "120k", "1.2M",
          "$1,800", "2x", "80%", "", "=", "<!channel>", "x" * 300, "9" * 30, "style", "support",
          "gpt-4o-mini", "openai:gpt-4o", "12m", "2y", "0.5", "1e-9", "🙂"]


def _random_text(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.3:
        return rng.choice(NASTY)
    if kind < 0.5:
        alphabet = "abc=xyz 0123456789.,$kKmMx%-_:/<>!@*~`\u200b\u00e9🙂\t\n"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
    if kind < 0.7:  # a description, words in any order
        return " ".join(rng.choice(SENTENCE_WORDS) for _ in range(rng.randint(1, 12)))
    keys = [*ALIASES, "volme", "x", "", "preset", "help"]
    return " ".join(f"{rng.choice(keys)}={rng.choice(VALUES)}"
                    for _ in range(rng.randint(1, 6)))


def _check_replies(fake: Any, expected: int) -> None:
    replies = [c.body for c in fake.calls if c.path.startswith("/response/")]
    assert len(replies) == expected, f"{len(replies)} replies for {expected} requests"
    read_as = 0
    for message in replies:
        check_message(message)
        dumped = json.dumps(message)
        assert "<!channel>" not in dumped and "<!here" not in dumped
        assert "<http://evil" not in dumped
        top = message["blocks"][0]
        first = top["text"]["text"] if "text" in top else top["elements"][0]["text"]
        if first.startswith(":warning: "):  # a problem, named, with Help
            assert len(first) > len(":warning: ") + 5
            assert message["blocks"][-1]["elements"][-1]["action_id"] == "show_help"
        else:  # an answer: what was read, when the text was a description, then the decision
            assert "show_details" in dumped
            read_as += first.startswith("*Read as:* `")
    assert read_as > 0  # descriptions were among them, and answered


@pytest.fixture
def harness(fake_slack):
    """An app of its own (its listener errors are this test's), drained by the test."""
    fake_slack.reset()
    return BoltApp(fake_slack.api_url)


def _sizes(fast: int, full: int) -> list[Any]:
    """Each fuzz small in the fast suite (which still sends every fixed hostile text) and at
    full size marked fuzz (ADAPT_TESTS=all, as CI runs, or -m fuzz)."""
    return [fast, pytest.param(full, marks=pytest.mark.fuzz)]


@pytest.mark.parametrize("count", _sizes(300, 10_000))
def test_slash_commands(harness, fake_slack, count):
    rng = random.Random(20261124)
    def wanted(text: str) -> bool:  # an empty text opens the form; help and presets are fixed
        return bool(text.strip()) and text.strip().lower() not in ("help", "presets")

    texts = [t for t in NASTY if wanted(t)]
    while len(texts) < count:
        texts.extend(t for t in [_random_text(rng)] if wanted(t))
    statuses = {harness.command(text, response_url=fake_slack.response_url(f"c{index}")).status
                for index, text in enumerate(texts)}
    harness.close()
    assert statuses == {200}
    assert harness.errors == []
    _check_replies(fake_slack, len(texts))


def _form_state(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.05:
        return rng.choice([None, [], "x", 5, {"values": "nope"}])
    values: dict[str, Any] = {}
    for key in FORM_KEYS:
        if rng.random() < 0.15:
            continue  # a field missing altogether
        raw = rng.choice([*VALUES, None, 7, ["x"], {"y": 1}])
        if key == "problem":
            element: Any = {"type": "static_select",
                            "selected_option": rng.choice([{"value": raw}, None, "x", {}])}
        else:
            element = {"type": "plain_text_input", "value": raw}
        values[f"{key}.0"] = {"value": element} if rng.random() > 0.05 else rng.choice([[], None])
    return {"values": values}


@pytest.mark.parametrize("count", _sizes(200, 2_000))
def test_form_submissions(harness, fake_slack, count):
    rng = random.Random(7)
    accepted, statuses = 0, set()
    for index in range(count):
        metadata = rng.choice([
            json.dumps({"response_url": fake_slack.response_url(f"f{index}"), "user_id": "U1"}),
            json.dumps({"response_url": fake_slack.response_url(f"f{index}"), "user_id": "U1",
                        "preset": rng.choice(["support", "nope", None, 5]), "rev": 0}),
            json.dumps({"response_url": fake_slack.response_url(f"f{index}"), "user_id": "U1",
                        "args": rng.choice(["preset=support", "volume=zz", "x" * 2000, 5]),
                        "form_view_id": rng.choice(["V1", "", 7]), "rev": 0}),
            "", "not json", "[]", '{"rev": -1}', '{"user_id": ' + '"x"' * 3 + "}",
        ])
        view = {"id": "V1", "hash": "h", "type": "modal",
                "callback_id": rng.choice(["adapt_modal", "cost_modal"]),
                "private_metadata": metadata, "state": _form_state(rng)}
        payload = {"type": "view_submission", "team": {"id": "T1"}, "user": {"id": "U1"},
                   "api_app_id": "A1", "trigger_id": f"{index}.9.form", "view": view}
        response = harness.send(urlencode({"payload": json.dumps(payload)}))
        statuses.add(response.status)
        body = response.body
        if body:
            answer = json.loads(body)
            assert answer["response_action"] == "errors"
            assert answer["errors"] and all(isinstance(m, str) and m for m in
                                            answer["errors"].values())
        else:
            accepted += 1
    harness.close()
    assert statuses == {200}
    assert harness.errors == []
    assert 0 < accepted < count
    replies = [c.body for c in fake_slack.calls if c.path.startswith("/response/")]
    for message in replies:
        check_message(message)


@pytest.mark.parametrize("count", _sizes(200, 2_000))
def test_tampered_clicks(harness, fake_slack, count):
    rng = random.Random(11)
    action_ids = ["inspect_option", "back_to_result", "share_result", "markdown_export",
                  "edit_inputs", "run_preset", "preset_select", "show_details",
                  "back_to_summary", "show_help", "run_scenario", "edit_costs",
                  "no_such_action", "", "x" * 300]
    statuses = []
    for index in range(count):
        value = rng.choice([_random_text(rng), "prompting " + _random_text(rng),
                            "rag preset=support", "peft", "nope preset=support", "x" * 3000])
        body = action_body(rng.choice(action_ids), value,
                           response_url=rng.choice([fake_slack.response_url(f"a{index}"), None]),
                           user=rng.choice(["U1", "", "<!channel>", "W9"]))
        statuses.append(harness.send(body).status)
    for broken in ({"type": "block_actions"}, {"type": "block_actions", "actions": "x"},
                   {"type": "block_actions", "actions": [{}]}, {"type": "view_submission"},
                   {"type": "view_submission", "view": {"id": "V"}}, {"type": "nonsense"}, {}):
        statuses.append(harness.send(urlencode({"payload": json.dumps(broken)})).status)
    harness.close()
    assert max(statuses) < 500
    assert harness.errors == []
    for call in fake_slack.calls:
        if call.path.startswith("/response/"):
            check_message(call.body)


@pytest.mark.http
@examples(300)
@given(st.text(max_size=300))
def test_any_command_text_over_http(slack_session, text):
    assume(text.strip())  # an empty command opens the form (tests/test_slack_e2e.py)
    app, fake = slack_session
    name = f"h{time.monotonic_ns()}"
    reply = app.command(text, response_url=fake.response_url(name))
    assert reply.status == 200
    check_message(fake.wait_for(f"/response/{name}")[0].body)


@pytest.mark.http
def test_a_command_that_says_payload_is_answered(slack_session):
    """slack_bolt reads a form body with the word "payload" in it as an interactive payload;
    the server hands Bolt the word percent-encoded, re-signed (bot/serving/signature.py)."""
    app, fake = slack_session
    reply = app.command("our JSON payload breaks the schema", response_url=fake.response_url("p"))
    assert reply.status == 200
    check_message(fake.wait_for("/response/p")[0].body)


@pytest.fixture(scope="module")
def slack_session(fake_slack, live_app):
    fake_slack.reset()
    return live_app, fake_slack
