"""Bounded requests, over real HTTP against `adapt serve` (the slow clients against its handler
served in-process, with shorter deadlines): an oversized body is refused before it
is buffered (declared or not), while the server's memory stays flat and it keeps serving; a slow
or silent client is dropped; the limit leaves room for the largest payload Slack sends."""

import json
import select
import socket
import time
from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest
from helpers.bolt import InProcessServer
from helpers.slackapp import LiveApp, OverHttp, command_body, signed_headers

from adapt.bot.blockkit import details_message, home_view
from adapt.bot.serving.asgi import MAX_BODY
from adapt.engine import evaluate, parse_scenario
from adapt.storage.store import Recent, Saved

HUGE = 300 * 1024 * 1024  # the 300 MB upload
GROWTH_MB = 40  # generous: reading the 300 MB whole would add 300 MB


@pytest.fixture(scope="module")
def server(fake_slack):
    """A server of its own, so its peak memory is this module's doing."""
    app = LiveApp(api_url=fake_slack.api_url).start()
    yield app
    app.stop()


def _peak_mb(app: LiveApp) -> float:
    """The server's peak resident memory so far (VmHWM): a brief spike shows too."""
    with open(f"/proc/{app.process.pid}/status") as status:  # type: ignore[union-attr]
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def _head(extra: str) -> bytes:
    """A request head with signature headers that look right (anyone can forge those; only the
    body's HMAC, checked once the body is read, tells them apart); without them the request is
    refused unread (tests/test_unsigned.py)."""
    forged = (f"X-Slack-Request-Timestamp: {int(time.time())}\r\n"
              f"X-Slack-Signature: v0={'0' * 64}\r\n")
    return (f"POST /slack/events HTTP/1.1\r\nHost: adapt\r\n{forged}"
            f"Content-Type: application/x-www-form-urlencoded\r\n{extra}\r\n").encode()


def _status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def _stream_until_answered(sock: socket.socket, total: int) -> tuple[bytes, int]:
    """Send a chunked body of up to `total` bytes, stopping when the server answers or stops
    reading; returns the answer and how much was sent."""
    chunk, sent = b"x" * 65_536, 0
    frame = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
    sock.setblocking(False)
    deadline = time.monotonic() + 60
    while sent < total and time.monotonic() < deadline:
        readable, writable, _ = select.select([sock], [sock], [], 1.0)
        if readable:
            break
        if writable:
            try:
                sent += sock.send(frame)
            except BlockingIOError:
                continue
            except OSError:  # the server closed the connection: what it said is still there
                break
    sock.setblocking(True)
    sock.settimeout(10)
    return sock.recv(4096), sent


def _still_serving(app: OverHttp, fake, name: str) -> None:
    assert app.command("support", response_url=fake.response_url(name)).status == 200
    fake.wait_for(f"/response/{name}")


@pytest.mark.http
def test_a_declared_oversized_body_is_refused_unread(server, fake_slack):
    fake_slack.reset()
    _still_serving(server, fake_slack, "warm")
    before = _peak_mb(server)
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(_head(f"Content-Length: {HUGE}\r\n"))  # no signature, and no body yet
        answer = sock.recv(4096)
        assert _status(answer) == 413
        with pytest.raises(OSError):  # the connection is closed: the body is never read
            for _ in range(100):
                sock.sendall(b"x" * 1_000_000)
    assert _peak_mb(server) - before < GROWTH_MB
    assert '"kind": "too_large", "status": 413' in server.log()
    _still_serving(server, fake_slack, "after-declared")


@pytest.mark.http
def test_an_undeclared_oversized_body_is_cut_off_as_it_passes_the_limit(server, fake_slack):
    fake_slack.reset()
    _still_serving(server, fake_slack, "warm2")
    before = _peak_mb(server)
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(_head("Transfer-Encoding: chunked\r\n"))
        answer, sent = _stream_until_answered(sock, HUGE)
    assert _status(answer) == 413
    assert sent < HUGE / 10  # it stopped reading long before the end
    assert _peak_mb(server) - before < GROWTH_MB
    _still_serving(server, fake_slack, "after-chunked")


@pytest.mark.http
def test_several_at_once_do_not_add_up(server, fake_slack):
    """Ten 300 MB uploads at once (the issue: "ten such uploads at once would take the process
    down") cost the server no more than one."""
    fake_slack.reset()
    before = _peak_mb(server)
    socks = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(10)]
    try:
        for number, sock in enumerate(socks):
            sock.sendall(_head(f"Content-Length: {HUGE}\r\n" if number % 2
                               else "Transfer-Encoding: chunked\r\n"))
        answers = [sock.recv(4096) if number % 2 else _stream_until_answered(sock, HUGE)[0]
                   for number, sock in enumerate(socks)]
    finally:
        for sock in socks:
            sock.close()
    assert [_status(answer) for answer in answers] == [413] * 10
    assert _peak_mb(server) - before < GROWTH_MB
    _still_serving(server, fake_slack, "after-ten")


@pytest.mark.http
def test_a_signed_request_just_under_the_limit_is_served(server, fake_slack):
    fake_slack.reset()
    padding = "x" * (MAX_BODY - 2_000)  # a command whose text is far too long to read
    body = command_body(padding, response_url=fake_slack.response_url("big"))
    assert len(body) < MAX_BODY
    assert server.post(body, signed_headers(body)).status == 200
    told = json.dumps(fake_slack.wait_for("/response/big")[0].body)
    assert "characters long; the limit is" in told


@pytest.mark.http
@pytest.mark.parametrize(("padding", "status"), [(17 * 1024, 431), (300 * 1024, 400)])
def test_an_oversized_request_head_is_refused(server, fake_slack, padding, status):
    """Headers past 16 KiB (Slack sends about 1 KB): 431 from our layer when the head arrived in
    one read; uvicorn's 400 once h11 has buffered more than that of a head still incomplete."""
    fake_slack.reset()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(_head(f"X-Padding: {'x' * padding}\r\nContent-Length: 0\r\n"))
        assert _status(sock.recv(4096)) == status
    _still_serving(server, fake_slack, f"after-head-{padding}")


def _read_until_closed(sock: socket.socket) -> bytes:
    """What the server sent before closing. A reset is a close too: the trickling client's next
    byte can reach a socket the server already closed, and the kernel answers it with RST (run 14
    of twenty in a row failed on that race with ConnectionResetError)."""
    try:
        return sock.recv(4096)
    except ConnectionResetError:
        return b""


def test_silent_and_slow_clients_are_dropped(fake_slack):
    """A connection that sends nothing, one that trickles its request head and one that stops
    halfway through its body are all closed; the server keeps serving meanwhile. The server's
    handler and uvicorn bounds, served in-process so that its deadlines (2 s for a first byte,
    10 s for a head, 10 s for a body) are a tenth as long here (InProcessServer's scale); the
    real ones are `adapt serve`'s (tests/test_unsigned.py holds its first-byte deadline)."""
    with InProcessServer(fake_slack.api_url, scale=0.1) as server:
        head_deadline = server.head_seconds
        silent = socket.create_connection(("127.0.0.1", server.port))
        trickle = socket.create_connection(("127.0.0.1", server.port))
        stalled = socket.create_connection(("127.0.0.1", server.port))
        stalled.sendall(_head("Content-Length: 1000\r\n") + b"payload=")
        head = _head("Content-Length: 10\r\n")
        started = time.monotonic()
        closed: dict[str, bytes] = {}
        try:
            for byte in range(len(head)):  # ten bytes a deadline: never a whole head in time
                for name, sock in (("silent", silent), ("trickle", trickle),
                                   ("stalled", stalled)):
                    if name not in closed and select.select([sock], [], [], 0)[0]:
                        closed[name] = _read_until_closed(sock)
                if len(closed) == 3 or time.monotonic() - started > 3 * head_deadline:
                    break
                if "trickle" not in closed:
                    try:
                        trickle.sendall(head[byte:byte + 1])
                    except OSError:
                        closed["trickle"] = b""
                time.sleep(head_deadline / 10)
            _still_serving(server, fake_slack, "amid-slow")
        finally:
            for sock in (silent, trickle, stalled):
                sock.close()
    assert closed.get("silent") == b"" and closed.get("trickle") == b""  # dropped, unanswered
    assert _status(closed["stalled"]) == 408


def _form(payload: dict) -> int:
    return len(urlencode({"payload": json.dumps(payload)}).encode())


def test_the_limit_leaves_room_for_the_largest_payload_slack_sends():
    """Slack's largest request to this app is a click on App Home, which carries the whole Home
    view back; built here at its largest (20 saved scenarios with the longest names and every
    key set, 10 recent results), form-encoded as Slack sends it, it fits four times over; so
    does a click on a shared Details message, which carries that message."""
    every_key = ("stability=12.3 data=45.6 volume=78.9 freshness=10.1 tolerance=20.2"
                 " problem=knowledge examples=1234567 changes=weekly requests=123456789"
                 " extra_tokens=9999999 training=999999999 eval=999999999 reduction=9999999"
                 " shared_tokens=9999999 output_tokens=9999999 cached=0.999 price=9999.99"
                 " output_price=9999 cache_price=9999 tuned_multiplier=99.9 hosting=999999999"
                 " horizon=120")
    now = datetime.now(UTC)
    saved = [Saved(name=f"n{number:02d}".ljust(40, "x"), args=every_key, winner="full_finetune",
                   saved_by="U0123456789", saved_at=now) for number in range(25)]
    recent = [Recent(args=every_key, winner="full_finetune", channel_id="C0123456789", at=now)
              for _ in range(12)]
    click = {"type": "block_actions", "team": {"id": "T0123456789", "domain": "x" * 21},
             "user": {"id": "U0123456789", "username": "x" * 21, "team_id": "T0123456789"},
             "api_app_id": "A0123456789", "token": "x" * 24, "trigger_id": "1" * 60,
             "response_url": "https://hooks.slack.com/actions/T0123456789/" + "1" * 40,
             "actions": [{"action_id": "x" * 40, "block_id": "x" * 40, "type": "button",
                          "value": every_key, "action_ts": "1700000000.123456"}]}
    home = {**click, "view": {**home_view(saved, 25, recent, retention_days=90),
                              "id": "V0123456789", "hash": "x" * 30, "state": {"values": {}}}}
    details = details_message(evaluate(parse_scenario(every_key.split())))
    shared = {**click, "message": {**details, "ts": "1700000000.123456"}}
    assert _form(home) * 4 < MAX_BODY and _form(shared) * 4 < MAX_BODY
