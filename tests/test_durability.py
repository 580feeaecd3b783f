"""Nothing lost: concurrent saves, a server killed mid-stream, two servers on one database.
Each runs `adapt serve` for real on SQLite and on PostgreSQL, over signed HTTP (the concurrent
saves also in-process, through Bolt's dispatch)."""

import json
import re
import signal
import threading
import time
from pathlib import Path

import pytest
from helpers.fakeslack import TEAM
from helpers.slackapp import LiveApp, start_together

from adapt.storage.store import Store

ALICE = "U0ALICE"
SAVED = re.compile(r"Saved \*(k\d+|c\d+)\*")


def _confirmed(fake, prefix: str) -> set[str]:
    """Names whose confirmation reached Slack: what the people were told was saved."""
    names = set()
    for call in fake.find("/response"):
        if call.path.startswith(f"/response/{prefix}"):
            match = SAVED.search(json.dumps(call.body))
            if match:
                names.add(match.group(1))
    return names


def _wait_confirmed(fake, prefix: str, count: int, timeout: float = 60.0) -> set[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        names = _confirmed(fake, prefix)
        if len(names) >= count:
            return names
        time.sleep(0.02)
    raise AssertionError(f"{len(_confirmed(fake, prefix))} of {count} saves confirmed")


def test_sixteen_concurrent_saves_are_all_there(stored):
    app, fake = stored
    replies: list[int] = []

    def save(number: int) -> None:
        reply = app.command(f"save c{number} volume={number * 6}",
                            response_url=fake.response_url(f"c{number}"), user=ALICE)
        replies.append(reply.status)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert replies == [200] * 16
    assert _wait_confirmed(fake, "c", 16) == {f"c{n}" for n in range(16)}
    store = Store.open(app.database_url)
    saved = store.list_saved(TEAM, limit=100)
    store.close()
    assert sorted(s.name for s in saved) == sorted(f"c{n}" for n in range(16))
    assert {s.name: s.args for s in saved}["c5"] == "volume=30"
    app.command("list", response_url=fake.response_url("all"), user=ALICE)
    assert "Saved scenarios in this workspace (16)" in json.dumps(
        fake.wait_for("/response/all")[0].body)


@pytest.mark.http
def test_a_server_killed_mid_stream_loses_no_acknowledged_save(fake_slack, database_url):
    fake_slack.reset()
    app = LiveApp(api_url=fake_slack.api_url, database_url=database_url).start()
    sent: list[int] = []
    stopped = threading.Event()

    def stream() -> None:  # bounded: at most 3,000 saves or 60 seconds, ends when the server dies
        deadline = time.monotonic() + 60
        for number in range(3_000):
            if stopped.is_set() or time.monotonic() > deadline:
                return
            try:
                reply = app.command(f"save k{number} volume={number % 101}",
                                    response_url=fake_slack.response_url(f"k{number}"),
                                    user=ALICE)
            except OSError:
                return
            if reply.status != 200:
                return
            sent.append(number)

    sender = threading.Thread(target=stream)
    sender.start()
    try:
        _wait_confirmed(fake_slack, "k", 40)
        assert app.stop(signal.SIGKILL) == -signal.SIGKILL
    finally:
        stopped.set()
        sender.join(30)
    time.sleep(0.2)  # let the fake finish reading posts that left before the kill
    confirmed = _confirmed(fake_slack, "k")
    assert len(sent) < 3_000, "the stream ended before the kill: nothing was tested"
    assert len(confirmed) >= 40

    restarted = LiveApp(api_url=fake_slack.api_url, database_url=database_url).start()
    try:
        store = Store.open(database_url)
        kept = {s.name for s in store.list_saved(TEAM, limit=10_000)}
        store.close()
        assert confirmed <= kept, f"lost: {sorted(confirmed - kept)}"
        last = max(confirmed, key=lambda name: int(name[1:]))
        restarted.command(f"load {last}", response_url=fake_slack.response_url("after"),
                          user=ALICE)
        assert f"Saved scenario *{last}*" in json.dumps(
            fake_slack.wait_for("/response/after")[0].body)
    finally:
        restarted.stop()


@pytest.mark.http
def test_two_servers_on_one_database_see_each_others_saves(fake_slack, database_url):
    fake_slack.reset()
    first = LiveApp(api_url=fake_slack.api_url, database_url=database_url)
    second = LiveApp(api_url=fake_slack.api_url, database_url=database_url)
    start_together(first, second)  # both migrate the empty database at once

    def answer(app: LiveApp, text: str, name: str) -> str:
        app.command(text, response_url=fake_slack.response_url(name), user=ALICE)
        return json.dumps(fake_slack.wait_for(f"/response/{name}")[0].body, ensure_ascii=False)

    try:
        assert "Saved *from-a*" in answer(first, "save from-a support", "a1")
        assert "*from-a* · LoRA / PEFT" in answer(second, "list", "b1")
        assert "Saved *from-b*" in answer(second, "save from-b knowledge", "b2")
        assert "*Retrieval (RAG) for the missing facts*" in answer(first, "load from-b", "a2")
        assert "already has a scenario named *from-b*" in answer(first, "save from-b", "a3")
        assert "Deleted *from-a*" in answer(second, "delete from-a", "b3")
        assert "no saved scenario named *from-a*" in answer(first, "load from-a", "a4")
    finally:
        first.stop()
        second.stop()


@pytest.mark.http
def test_a_deleted_database_file_is_detected_and_nothing_is_said_saved(fake_slack, tmp_path):
    """The SQLite file deleted under a running server (the issue: later saves were lost with no
    word in the log): a save is refused and the person told so, and the log says why, as an
    error without a traceback."""
    path = tmp_path / "gone.db"
    app = LiveApp(api_url=fake_slack.api_url, database_url=f"sqlite:///{path}").start()
    fake_slack.reset()
    try:
        app.command("save before support", response_url=fake_slack.response_url("g1"),
                    user=ALICE)
        assert "Saved *before*" in json.dumps(fake_slack.wait_for("/response/g1")[0].body)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        app.command("save after support", response_url=fake_slack.response_url("g2"),
                    user=ALICE)
        told = json.dumps(fake_slack.wait_for("/response/g2")[0].body)
        assert "nothing was saved" in told and "Saved *after*" not in told
        log = app.log()
        assert f"the database file {path} was deleted" in log and " ERROR " in log
        assert "Traceback" not in log
    finally:
        app.stop()
