"""Nothing without the signing secret, over real HTTP against `adapt serve`: hostile bodies get a
4xx and one log line without a traceback, signed or not; idle sockets do not shut out a signed
command."""

import json
import socket
import time
from urllib.parse import quote

import pytest
from helpers.slackapp import LiveApp, signed_headers

from adapt.bot.serving.protocol import FIRST_BYTE_SECONDS

pytestmark = pytest.mark.http  # what the server refuses before Bolt reads a body

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
DEEP = "[" * 20_000 + "]" * 20_000  # far past Python's recursion limit, well under MAX_BODY
# The bodies, and their JSON twins: each was a 500 and a traceback.
HOSTILE = {
    "payload-null": (FORM, "payload=null"),
    "payload-list": (FORM, "payload=[1]"),
    "payload-string": (FORM, 'payload="x"'),
    "payload-deep": (FORM, "payload=" + quote(DEEP)),
    "payload-not-json": (FORM, "payload=%7Bnope"),
    "payload-wrong-types": (FORM, "payload=" + quote(json.dumps(
        {"type": "block_actions", "team": "T1", "user": 3, "actions": 5}))),
    "json-null": (JSON, "null"),
    "json-deep": (JSON, DEEP),
    "json-wrong-types": (JSON, '{"authorizations": 5, "team": "x"}'),
    "json-broken": (JSON, '{"type": "event_callback", '),
}


@pytest.fixture(scope="module")
def server(fake_slack):
    """A server of its own, so its log holds only this module's requests."""
    app = LiveApp(api_url=fake_slack.api_url).start()
    yield app
    app.stop()


def _new_log_lines(app: LiveApp, before: str) -> list[str]:
    """The lines the server logged since `before`, once a moment has passed for any late one."""
    time.sleep(0.3)
    return app.log()[len(before):].splitlines()


def _refused_cleanly(app: LiveApp, body: str, headers: dict[str, str]) -> tuple[int, list[str]]:
    before = app.log()
    status = app.post(body, headers).status
    lines = _new_log_lines(app, before)
    assert "Traceback" not in "\n".join(lines) and " ERROR " not in "\n".join(lines)
    return status, lines


@pytest.mark.parametrize("name", HOSTILE)
def test_an_unsigned_hostile_body_is_401_with_one_log_line(server, name):
    content_type, body = HOSTILE[name]
    status, lines = _refused_cleanly(server, body, {"Content-Type": content_type})
    assert status == 401
    assert len(lines) == 1 and '"status": 401' in lines[0], lines


@pytest.mark.parametrize("name", HOSTILE)
def test_a_signed_hostile_body_is_400_with_one_log_line(server, name):
    """Someone holding the secret (or Slack, on a bad day) still gets a 400, never a 500."""
    content_type, body = HOSTILE[name]
    status, lines = _refused_cleanly(server, body,
                                     {**signed_headers(body), "Content-Type": content_type})
    assert status == 400
    assert len(lines) == 1 and '"status": 400' in lines[0], lines


@pytest.mark.parametrize("stamp", ["abc", "", "-1", "1e9", "9" * 40, "0x1f"])
def test_a_timestamp_that_is_not_a_recent_number_is_401(server, stamp):
    body = "payload=null"
    headers = {**signed_headers(body), "X-Slack-Request-Timestamp": stamp}
    status, lines = _refused_cleanly(server, body, headers)
    assert status == 401
    assert len(lines) == 1 and '"status": 401' in lines[0], lines


def test_an_unsigned_body_is_refused_unread(server):
    """No signature headers: 401 before the body is read (the connection is closed after)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: adapt\r\n"
                     b"Content-Type: application/json\r\nContent-Length: 200000\r\n\r\n")
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 401")


def test_hundreds_of_idle_connections_do_not_shut_out_a_signed_command(server, fake_slack):
    """250 connections opened and left silent (the issue: 210 got every signed command a 503),
    then a signed command: acked and answered. The silent ones are then dropped by the server."""
    fake_slack.reset()
    idle = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(250)]
    try:
        reply = server.command("support", response_url=fake_slack.response_url("amid-idle"))
        assert reply.status == 200
        fake_slack.wait_for("/response/amid-idle")
        deadline = time.monotonic() + FIRST_BYTE_SECONDS + 10  # generous: a slow machine
        for sock in idle:
            sock.settimeout(max(0.1, deadline - time.monotonic()))
            assert sock.recv(1) == b""  # closed by the server, unanswered
    finally:
        for sock in idle:
            sock.close()
