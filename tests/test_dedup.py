"""One post per delivery across processes: `adapt serve` processes on one database (SQLite and
PostgreSQL) and workers of one server, over signed HTTP against the fake Slack."""

import json
import signal
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers.fakeslack import TEAM
from helpers.slackapp import (
    LiveApp,
    action_body,
    command_body,
    event_body,
    signed_headers,
    start_together,
)

pytestmark = pytest.mark.http  # `adapt serve` processes, over HTTP

RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


@pytest.fixture
def pair(fake_slack, database_url):
    """Two servers on one fresh database."""
    fake_slack.reset()
    apps = (LiveApp(api_url=fake_slack.api_url, database_url=database_url),
            LiveApp(api_url=fake_slack.api_url, database_url=database_url))
    start_together(*apps)
    yield apps
    for app in apps:
        app.stop()


def _settled(fake, path: str, count: int = 1) -> int:
    """How many posts reached `path`, once the first `count` have and a moment has passed for
    any extra one to arrive."""
    fake.wait_for(path, count, timeout=30)
    time.sleep(0.5)
    return len(fake.find(path))


def _posts_under(fake, prefix: str, count: int) -> list[str]:
    """The paths of every post under `prefix`, once `count` have arrived (at most 60 s) and a
    second has passed for any extra one."""
    deadline = time.monotonic() + 60
    while len(fake.find_prefix(prefix)) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)
    return [call.path for call in fake.find_prefix(prefix)]


def test_a_command_retried_to_another_process_posts_once(pair, fake_slack):
    first, second = pair
    body = command_body("support", response_url=fake_slack.response_url("once"))
    assert first.post(body, signed_headers(body)).status == 200
    assert second.post(body, {**signed_headers(body), **RETRY}).status == 200
    assert first.post(body, {**signed_headers(body), "X-Slack-Retry-Num": "2"}).status == 200
    assert _settled(fake_slack, "/response/once") == 1
    assert "another process took it" in second.log()


def test_a_click_and_an_event_delivered_to_both_run_once(pair, fake_slack):
    first, second = pair
    click = action_body("show_details", "preset=support",
                        response_url=fake_slack.response_url("click"))
    event = event_body({"type": "app_home_opened", "user": "U0USER1", "tab": "home"}, team=TEAM)
    json_headers = signed_headers(event, content_type="application/json")
    for app, extra in ((second, {}), (first, RETRY)):
        assert app.post(click, {**signed_headers(click), **extra}).status == 200
        assert app.post(event, {**json_headers, **extra}).status == 200
    assert _settled(fake_slack, "/response/click") == 1
    assert _settled(fake_slack, "/api/views.publish") == 1


def test_a_burst_of_retries_across_processes_posts_once_each(pair, fake_slack):
    """60 commands, each sent to both servers at the same moment (one of the two a retry), 32
    requests in flight at a time: 60 posts, one at each response_url."""
    first, second = pair
    bodies = [command_body(f"support volume={n}", response_url=fake_slack.response_url(f"b{n}"))
              for n in range(60)]
    sends = [(app, body, extra) for n, body in enumerate(bodies)
             for app, extra in ((first, {}), (second, RETRY))[:: 1 if n % 2 else -1]]
    with ThreadPoolExecutor(32) as pool:
        statuses = list(pool.map(
            lambda send: send[0].post(send[1], {**signed_headers(send[1]), **send[2]}).status,
            sends))
    assert statuses == [200] * 120
    posts = _posts_under(fake_slack, "/response/b", 60)
    assert sorted(posts) == sorted(f"/response/b{n}" for n in range(60))
    for app in pair:  # decided by the claims every time, not by luck
        assert "checked in this process only" not in app.log()


def test_with_the_database_locked_each_process_still_answers_once(fake_slack, tmp_path):
    """The database cannot take the claim in time (SQLite's lock held by something else): the
    command goes ahead on the process's own memory, which still drops its retry, and the log
    says so; the claim works again once the lock is gone."""
    path = Path(tmp_path) / "locked.db"
    app = LiveApp(api_url=fake_slack.api_url, database_url=f"sqlite:///{path}").start()
    fake_slack.reset()
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        body = command_body("support", response_url=fake_slack.response_url("locked"))
        assert app.post(body, signed_headers(body)).status == 200
        assert app.post(body, {**signed_headers(body), **RETRY}).status == 200
        assert _settled(fake_slack, "/response/locked") == 1
        assert "checked in this process only" in app.log()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    again = command_body("support", response_url=fake_slack.response_url("unlocked"))
    assert app.post(again, signed_headers(again)).status == 200
    assert _settled(fake_slack, "/response/unlocked") == 1
    app.stop()


def _acked_by(log: str) -> set[str]:
    """The process ids that acked a request, from the request log lines."""
    return {line.split("[", 1)[1].split("]", 1)[0] for line in log.splitlines()
            if '"outcome": "acked"' in line and "[" in line}


def test_workers_post_once_and_each_finishes_its_work_on_sigterm(fake_slack):
    """`adapt serve --workers 2` (here through WEB_CONCURRENCY): commands and their retries post
    once (which worker takes a connection is the kernel's choice; the pairs of servers above
    are what prove claims across processes); on SIGTERM every worker finishes the replies it
    has acked, slow ones included, and the server exits 0."""
    fake_slack.reset()
    app = LiveApp(api_url=fake_slack.api_url, env_extra={"WEB_CONCURRENCY": "2"}).start()
    try:
        for n in range(20):
            body = command_body("support", response_url=fake_slack.response_url(f"w{n}"))
            for extra in ({}, RETRY):
                assert app.post(body, {**signed_headers(body), **extra}).status == 200
        _posts_under(fake_slack, "/response/w", 20)
        slow, mark = 0, len(app.log())
        while slow < 40 and (slow < 4 or len(_acked_by(app.log()[mark:])) < 2):
            fake_slack.fail(f"/response/slow{slow}", 200, times=1, delay=2.0)
            app.command("support", response_url=fake_slack.response_url(f"slow{slow}"))
            slow += 1
        workers = _acked_by(app.log()[mark:])  # each has slow replies in flight
        time.sleep(0.3)  # the replies are now on their way, held up by the slow fake
    finally:
        status = app.stop(signal.SIGTERM)
    assert len(workers) == 2, app.log()
    assert status == 0
    assert len(_posts_under(fake_slack, "/response/w", 20)) == 20
    for n in range(slow):
        late = fake_slack.find(f"/response/slow{n}")
        assert len(late) == 1 and late[0].body["blocks"]
    assert app.log().count("worker stopped cleanly") == 2
    assert "reply lost" not in app.log()


def test_an_unsigned_duplicate_claims_nothing(pair, fake_slack):
    """Claims are taken after the signature check: a forged copy of a delivery, sent first,
    cannot make the real one look like a duplicate."""
    first, second = pair
    body = command_body("support", response_url=fake_slack.response_url("forged"))
    forged = {**signed_headers(body, secret="not-the-secret")}
    assert first.post(body, forged).status == 401
    assert second.post(body, signed_headers(body)).status == 200
    assert _settled(fake_slack, "/response/forged") == 1


def _ack_ms(log: str) -> list[float]:
    """How long each acked request took in the server, from its request log lines."""
    return [json.loads(line.split("] ", 1)[1])["ms"] for line in log.splitlines()
            if '"outcome": "acked"' in line]


# A claim gives up after CLAIM_TURN_SECONDS + CLAIM_WAIT_MS (0.5 s) at most; the rest of an ack
# takes milliseconds. The bound under test is 1 s: twice the claim's own, a third of Slack's 3 s.
ACK_BOUND_MS = 1_000
HOLD_SECONDS = 4.0


@pytest.fixture
def held_app(fake_slack, tmp_path):
    """A server on an SQLite file of its own, and that file's path."""
    path = Path(tmp_path) / "held.db"
    app = LiveApp(api_url=fake_slack.api_url, database_url=f"sqlite:///{path}").start()
    fake_slack.reset()
    yield app, path
    app.stop()


def test_a_held_sqlite_lock_never_holds_an_ack(held_app, fake_slack):
    """Another process holds SQLite's exclusive lock for HOLD_SECONDS while a save waits for it
    (holding this process's turn to write) and a burst of commands arrives (the issue: 19 acks
    took 8 s). Every ack arrives while the lock is still held, each within ACK_BOUND_MS in the
    server; the save completes once the lock is gone, and every command is answered."""
    app, path = held_app
    mark = len(app.log())
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        held_until = time.monotonic() + HOLD_SECONDS
        assert app.command("save held-1 support",
                           response_url=fake_slack.response_url("held-save")).status == 200
        time.sleep(0.3)  # the save now waits for SQLite's lock, holding the process's turn

        def command(n: int) -> tuple[int, float]:
            reply = app.command("support", response_url=fake_slack.response_url(f"held{n}"))
            return reply.status, time.monotonic()

        with ThreadPoolExecutor(20) as pool:
            answered = list(pool.map(command, range(20)))
        assert [status for status, _ in answered] == [200] * 20
        assert max(at for _, at in answered) < held_until, "an ack waited for the lock"
        assert fake_slack.find("/response/held-save") == []  # the save is still waiting
        remaining = held_until - time.monotonic()
        if remaining > 0:
            time.sleep(remaining)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    acks = _ack_ms(app.log()[mark:])
    assert len(acks) == 21 and max(acks) < ACK_BOUND_MS, acks
    assert "Saved *held-1*" in json.dumps(fake_slack.wait_for("/response/held-save")[0].body)
    assert len(_posts_under(fake_slack, "/response/held", 21)) == 21
    assert "checked in this process only" in app.log()  # the documented fallback, logged
