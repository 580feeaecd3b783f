"""The store on each kind of database: names, scoping, permissions, records, retention, schema."""

import copy
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text

from adapt.bot.installs import slack_metadata
from adapt.storage.store import (
    METADATA,
    BadName,
    NameTaken,
    NotAllowed,
    Store,
    default_url,
    make_engine,
    normalize_url,
    result_records,
    scenario_name,
    shown_url,
    upgrade,
)

T1, T2 = "T0TEAM1", "T0TEAM2"
ALICE, BOB = "U0ALICE", "U0BOB"


@pytest.fixture
def store(database_url):
    opened = Store.open(database_url)
    yield opened
    opened.close()


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.mark.parametrize("name", ["a", "Support-Q3", "x_y-z_9", "7" * 40])
def test_good_names(name):
    assert scenario_name(f" {name} ") == name


@pytest.mark.parametrize("name", ["", " ", "a" * 41, "two words", "-flag", "_x", "a=b", "a;b",
                                  "naïve", "<!channel>", "a/b", "a.b"])
def test_bad_names_say_the_rule(name):
    with pytest.raises(BadName, match="letters, digits, - or _"):
        scenario_name(name)


def test_save_get_list_delete(store):
    saved, replaced = store.save(T1, "Support", "preset=support", "peft", ALICE)
    assert not replaced and saved.name == "Support" and saved.saved_by == ALICE
    assert saved.saved_at.tzinfo is not None
    assert store.get(T1, "SUPPORT") == saved
    store.save(T1, "alpha", "volume=90", "rag", BOB)
    assert [s.name for s in store.list_saved(T1)] == ["alpha", "Support"]
    assert [s.name for s in store.list_saved(T1, limit=1, offset=1)] == ["Support"]
    assert store.count_saved(T1) == 2
    assert store.delete(T1, "support", ALICE) == saved
    assert store.get(T1, "Support") is None
    assert store.delete(T1, "support", ALICE) is None


def test_names_are_unique_per_workspace_whatever_the_case(store):
    store.save(T1, "Alpha", "volume=80", "peft", ALICE)
    with pytest.raises(NameTaken) as taken:
        store.save(T1, "ALPHA", "volume=10", "prompting", ALICE)
    assert taken.value.existing.args == "volume=80"
    store.save(T2, "alpha", "volume=10", "prompting", BOB)  # another workspace: its own names
    assert store.get(T1, "alpha").args == "volume=80"
    assert store.get(T2, "alpha").args == "volume=10"


def test_overwrite_is_the_authors_or_an_admins(store):
    store.save(T1, "alpha", "volume=80", "peft", ALICE)
    saved, replaced = store.save(T1, "Alpha", "volume=81", "peft", ALICE, overwrite=True)
    assert replaced and saved.args == "volume=81" and saved.name == "Alpha"
    with pytest.raises(NotAllowed) as refused:
        store.save(T1, "alpha", "volume=1", "prompting", BOB, overwrite=True)
    assert refused.value.existing.saved_by == ALICE
    saved, _ = store.save(T1, "alpha", "volume=2", "prompting", BOB, overwrite=True,
                          may_replace_others=True)
    assert saved.saved_by == BOB and store.get(T1, "alpha").args == "volume=2"


def test_delete_is_the_authors_or_an_admins(store):
    store.save(T1, "alpha", "volume=80", "peft", ALICE)
    with pytest.raises(NotAllowed):
        store.delete(T1, "alpha", BOB)
    assert store.get(T1, "alpha") is not None
    assert store.delete(T1, "alpha", BOB, may_delete_others=True).saved_by == ALICE


def test_one_workspace_never_reaches_anothers_rows(store):
    store.save(T1, "secret", "volume=80", "peft", ALICE)
    store.record(T1, ALICE, "C0CHAN1", "volume=80", "peft")
    assert store.get(T2, "secret") is None
    assert store.list_saved(T2) == [] and store.count_saved(T2) == 0
    assert store.delete(T2, "secret", ALICE, may_delete_others=True) is None
    assert store.recent(T2, ALICE) == []
    assert store.get(T1, "secret") is not None and len(store.recent(T1, ALICE)) == 1


def test_recent_results_are_the_persons_newest_first(store):
    clock = Clock(datetime(2024, 5, 1, tzinfo=UTC))
    store.clock = clock
    for day in range(12):
        clock.now = datetime(2024, 5, 1 + day, tzinfo=UTC)
        store.record(T1, ALICE, "C0CHAN1" if day % 2 else None, f"volume={day}", "peft")
    store.record(T1, BOB, None, "volume=99", "rag")
    recent = store.recent(T1, ALICE, limit=10)
    assert [r.args for r in recent] == [f"volume={day}" for day in range(11, 1, -1)]
    assert recent[0].at == datetime(2024, 5, 12, tzinfo=UTC) and recent[0].channel_id == "C0CHAN1"
    assert [r.args for r in store.recent(T1, BOB)] == ["volume=99"]


def _record_count(store: Store) -> int:
    with store.engine.connect() as connection:
        return len(connection.execute(select(result_records.c.id)).all())


def test_retention_prunes_only_old_records(store):
    now = datetime.now(UTC)
    clock = Clock(now - timedelta(days=200))
    store.clock = clock
    for age in (200, 120, 91, 89, 1):
        clock.now = now - timedelta(days=age)
        store.record(T1, ALICE, None, f"volume={age}", "peft")
    clock.now = now
    assert store.prune() == 3
    assert sorted(r.args for r in store.recent(T1, ALICE)) == ["volume=1", "volume=89"]


def test_start_up_prunes_and_the_write_path_prunes_at_most_hourly(database_url):
    now = datetime.now(UTC)
    old = Store(make_engine(database_url), clock=Clock(now - timedelta(days=100)))
    upgrade(old.engine)
    old.record(T1, ALICE, None, "volume=1", "peft")  # the first record prunes (nothing yet)
    old.record(T1, ALICE, None, "volume=2", "peft")  # within the hour: no prune
    assert _record_count(old) == 2
    old.close()
    store = Store.open(database_url, retention_days=90)  # start-up prunes
    assert _record_count(store) == 0
    store.clock = Clock(now - timedelta(days=100))
    store.record(T1, ALICE, None, "volume=3", "peft")
    store.clock = Clock(now)
    store.record(T1, ALICE, None, "volume=4", "peft")  # pruned less than an hour ago: kept
    assert _record_count(store) == 2
    store._next_prune = 0.0  # an hour has passed
    store.record(T1, ALICE, None, "volume=5", "peft")
    assert sorted(r.args for r in store.recent(T1, ALICE)) == ["volume=4", "volume=5"]
    store.close()


def test_the_migrations_build_exactly_the_models_and_slack_sdks_tables(store):
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert context.get_current_revision() == "0002"
        assert compare_metadata(context, [METADATA, slack_metadata()]) == []


def test_upgrade_is_idempotent_and_safe_to_run_concurrently(database_url):
    revisions: list[str | None] = []
    failures: list[BaseException] = []

    def migrate() -> None:
        engine = make_engine(database_url)
        try:
            revisions.append(upgrade(engine))
        except BaseException as error:
            failures.append(error)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=migrate) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == [] and revisions == ["0002"] * 4
    engine = make_engine(database_url)
    assert upgrade(engine) == "0002"
    engine.dispose()


def test_concurrent_saves_all_land(store):
    errors: list[BaseException] = []

    def save(number: int) -> None:
        try:
            store.save(T1, f"c{number}", f"volume={number}", "peft", ALICE)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(s.name for s in store.list_saved(T1, limit=100)) == sorted(
        f"c{n}" for n in range(16))


def test_slack_sdk_installation_store_works_on_the_migrated_schema(store):
    from slack_sdk.oauth.installation_store import Installation
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

    installs = SQLAlchemyInstallationStore(client_id="111.222", engine=store.writer)
    installs.save(Installation(app_id="A1", team_id=T2, user_id=ALICE, bot_token="xoxb-t2",
                               bot_id="B1", bot_user_id="UBOT2", bot_scopes=["commands"]))
    assert installs.find_bot(enterprise_id=None, team_id=T2).bot_token == "xoxb-t2"
    installs.delete_all(enterprise_id=None, team_id=T2)
    assert installs.find_bot(enterprise_id=None, team_id=T2) is None


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 10_000
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
    engine.dispose()


def test_opening_waits_while_another_process_switches_a_new_file_to_wal(tmp_path):
    """A second server starting on a new SQLite file while the first holds its write lock (still
    in rollback-journal mode) must wait, not fail with "database is locked"."""
    path = tmp_path / "new.db"
    first = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    first.execute("BEGIN IMMEDIATE")
    first.execute("CREATE TABLE first_one (x)")
    release = threading.Timer(0.3, lambda: first.execute("COMMIT"))
    release.start()
    store = Store.open(f"sqlite:///{path}")
    release.join()
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    store.close()
    first.close()


def test_urls():
    assert normalize_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalize_url("postgresql://h/db") == "postgresql+psycopg://h/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"
    assert default_url().endswith("/adapt.db") and default_url().startswith("sqlite:////")
    assert "hunter2" not in shown_url("postgresql+psycopg://u:hunter2@h/db")


def test_copies_of_a_store_are_the_store(store):
    context = {"store": store, "team": T1}  # e.g. a Bolt context deep-copied for a lazy listener
    assert copy.deepcopy(context)["store"] is store and copy.copy(store) is store


def test_a_delivery_is_claimed_once_by_every_store_on_the_database(database_url):
    """Two stores on one database stand for two processes: eight threads over both claim each of
    40 deliveries at once, and exactly one claim of each wins."""
    first, second = Store.open(database_url), Store.open(database_url)
    wins: dict[str, int] = {}
    errors: list[BaseException] = []
    lock = threading.Lock()

    def claim(store: Store, keys: list[str]) -> None:
        for key in keys:
            try:
                won = store.claim_delivery(key)
            except BaseException as error:
                errors.append(error)
                continue
            with lock:
                wins[key] = wins.get(key, 0) + int(won)

    keys = [f"trigger:{n}.222.abc:1700000000.1" for n in range(40)]
    threads = [threading.Thread(target=claim, args=(store, keys))
               for store in (first, second) * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        assert errors == []
        assert wins == dict.fromkeys(keys, 1)
        assert not first.claim_delivery(keys[0]) and not second.claim_delivery(keys[-1])
        assert first.claim_delivery("event:Ev-new")
    finally:
        first.close()
        second.close()


def _claims_left(store: Store) -> int:
    from adapt.storage.store import delivery_claims

    with store.engine.connect() as connection:
        return len(connection.execute(select(delivery_claims.c.delivery_id)).all())


def test_expired_claims_are_pruned_a_bounded_batch_at_a_time(database_url):
    from adapt.storage.store import CLAIM_PRUNE_BATCH, CLAIMS_KEPT

    now = datetime.now(UTC)
    store = Store.open(database_url)
    store.clock = Clock(now - CLAIMS_KEPT - timedelta(minutes=1))
    store._claims.next_prune = float("inf")  # claim the old ones without pruning
    for number in range(CLAIM_PRUNE_BATCH * 2 + 10):
        assert store.claim_delivery(f"old:{number}")
    store.clock = Clock(now)
    store._claims.next_prune = 0.0
    assert store.claim_delivery("new:0")  # prunes one batch, then asks for another at once
    assert _claims_left(store) == CLAIM_PRUNE_BATCH + 10 + 1
    assert store._claims.next_prune <= time.monotonic()
    assert store.claim_delivery("new:1") and store.claim_delivery("new:2")
    assert _claims_left(store) == 3  # all expired ones gone; the next prune waits a while
    assert store._claims.next_prune > time.monotonic()
    assert store.claim_delivery("old:0")  # an expired claim no longer stands in the way
    assert not store.claim_delivery("new:1")  # a live one does
    store.close()


def test_a_claim_gives_up_when_the_database_does_not_answer(tmp_path):
    """SQLite's write lock held elsewhere (a stuck writer, a backup): the claim fails within
    about a second instead of waiting the 30 s a save would."""
    from adapt.storage.store import ClaimFailed

    path = tmp_path / "locked.db"
    store = Store.open(f"sqlite:///{path}")
    assert store.claim_delivery("before")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(ClaimFailed):
            store.claim_delivery("while locked")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.claim_delivery("while locked")  # and works again once the lock goes
    store.close()


def test_the_head_revision_is_alembics_and_a_current_database_skips_alembic(database_url):
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from adapt.storage.store import HEAD_REVISION, MIGRATIONS, current_revision

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION
    engine = make_engine(database_url)
    assert current_revision(engine) is None  # a new database: never migrated
    upgrade(engine)
    assert current_revision(engine) == HEAD_REVISION
    engine.dispose()


@pytest.mark.subprocess
def test_opening_a_current_database_does_not_load_alembic(tmp_path):
    """A restart on a database already at the newest schema (the usual `adapt serve` start)
    neither imports Alembic nor runs it: bench/coldstart.py's start-up time."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'current.db'}"
    Store.open(url).close()
    check = ("import sys; from adapt.storage.store import Store; Store.open(sys.argv[1]).close();"
             " print('alembic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", check, url], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "False"


def test_a_claim_on_an_unreachable_database_fails_at_once():
    """Nothing listens at the database's address (it is down): ClaimFailed, not a hang."""
    import socket

    from adapt.storage.store import ClaimFailed

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store = Store(make_engine(f"postgresql+psycopg://adapt:x@127.0.0.1:{port}/adapt"))
    with pytest.raises(ClaimFailed):
        store.claim_delivery("trigger:1")
    store.close()


@pytest.mark.postgres
def test_a_claim_survives_the_database_dropping_its_connections(databases):
    """PostgreSQL restarted (every connection of the pool is gone): the next claim notices the
    stale connection, takes a fresh one and succeeds; nothing is claimed twice."""
    url = databases.new("postgresql")
    store = Store.open(url)
    assert store.claim_delivery("before")
    with store.engine.begin() as connection:
        connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                                " AND usename = current_user"))
    assert store.claim_delivery("after")
    assert not store.claim_delivery("before")
    store.close()
