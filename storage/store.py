"""Saved scenarios and result records on SQLAlchemy 2: an SQLite file by default, PostgreSQL by URL.

Every read and write names its workspace (team_id): no query here can reach another workspace's
rows. Writes commit before they return, so a caller that tells a person "saved" after `save`
returns tells the truth even if the process dies the next instant. The schema comes from the
Alembic migrations in storage/migrations (adapt.storage.migrations), applied by `upgrade` (at
`adapt serve` start and by `adapt db upgrade`).

SQLite runs in WAL mode with a busy timeout, and every write transaction starts with
BEGIN IMMEDIATE, so concurrent writers queue for the lock instead of failing with "database is
locked". PostgreSQL needs nothing special; several app processes can share one database.

Delivery claims (`claim_delivery`) are how every process on one database runs a delivery from
Slack once: the first to insert its id wins. They run before the request is acknowledged, so
they are one autocommitted statement on a pool of their own that waits at most CLAIM_WAIT_MS for
a lock or an answer, sent to the driver as written (SQLAlchemy's statement machinery cost three
times the insert), and SQLite does not sync them to disk: a claim lost to a power cut lets a
retry run again, which is what would happen without claims. On SQLite a claim also waits at most
CLAIM_TURN_SECONDS for this process's other writes (a save, or the record writer, may itself be
waiting out another process's lock): a claim never queues behind them. Past either bound the
claim fails (ClaimFailed) and the app goes on without it (adapt.bot.middleware), with a log line.

An SQLite file deleted or replaced while the server runs would swallow every later write (the
open connections write to the deleted file): each write first checks the file is still the one
opened, and refuses (DatabaseGone, logged as an error) when it is not.
"""

import hashlib
import logging
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

from pydantic import StringConstraints, TypeAdapter, ValidationError
from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError, SQLAlchemyError

log = logging.getLogger("adapt.store")

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD_REVISION = "0002"  # the newest migration (tests/test_store.py holds it to Alembic's head)
DEFAULT_DATABASE = "adapt.db"
DEFAULT_RETENTION_DAYS = 90
PRUNE_EVERY = timedelta(hours=1)
SQLITE_BUSY_MS = 30_000  # how long a writer waits for SQLite's lock before giving up
POOL_SIZE = 10
POOL_OVERFLOW = 20
MIGRATION_LOCK = 0x61646170  # "adap": PostgreSQL advisory lock held while migrating
CLAIMS_KEPT = timedelta(minutes=15)  # longer than Slack retries (about 5 minutes) and triggers
CLAIM_WAIT_MS = 250  # a claim waits this long for the database, then the app goes on without
CLAIM_TURN_SECONDS = 0.25  # SQLite: and this long for this process's other writes, before that
CLAIM_NETWORK_MS = 500  # PostgreSQL: unacknowledged data on the wire (tcp_user_timeout)
CLAIM_CONNECT_SECONDS = 2  # PostgreSQL: to connect, for a claim (libpq's minimum)
CLAIM_PRUNE_EVERY = 10.0  # seconds between prunes of expired claims, while none are left over
CLAIM_PRUNE_BATCH = 500  # expired claims deleted at most per prune: bounded work on the ack path
WRITE = "adapt_write"  # execution option: this transaction writes (SQLite: BEGIN IMMEDIATE)

NAME_MAX = 40
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
NAME_RULE = f"1-{NAME_MAX} letters, digits, - or _, starting with a letter or digit"
ScenarioName = Annotated[str, StringConstraints(min_length=1, max_length=NAME_MAX,
                                                pattern=NAME_PATTERN)]
_NAME = TypeAdapter(ScenarioName)


class BadName(ValueError):
    """A scenario name that breaks the rules; the message says which rules. `shown`: the name as
    given, shortened."""

    def __init__(self, message: str, shown: str = "") -> None:
        super().__init__(message)
        self.shown = shown


def scenario_name(raw: str) -> str:
    """A valid scenario name, or BadName. Names are compared without regard to case."""
    try:
        return _NAME.validate_python(raw.strip())
    except ValidationError:
        shown = raw if len(raw) <= NAME_MAX else raw[: NAME_MAX - 1] + "…"
        raise BadName(f"'{shown}' is not a valid name: use {NAME_RULE}", shown) from None


def name_key(name: str) -> str:
    return name.lower()


# --------------------------------------------------------------------------- background writes


class _Recorder:
    """One thread that writes queued result records, a batch per transaction: while records
    keep coming (each within QUIET of the last) it gathers them for up to LINGER, so a stream of
    answers costs a few commits a second instead of one each, and a lone record is written
    QUIET after it came (committing each record had cost about 1 ms of server CPU per full
    answer under load)."""

    BATCH = 500
    LINGER = 0.25  # seconds the first record of a batch may wait for others to share its commit
    QUIET = 0.02  # seconds without a new record after which the batch is written
    QUEUE_MAX = 20_000  # bounded memory: past this, records are dropped and the drop is logged
    _STOP = object()

    def __init__(self, store: "Store") -> None:
        self.store = store
        self.queue: queue.Queue[Any] = queue.Queue(self.QUEUE_MAX)
        self.thread = threading.Thread(target=self._run, name="adapt-recorder", daemon=True)
        self.thread.start()

    def put(self, row: Any) -> None:
        try:
            self.queue.put_nowait(row)
        except queue.Full:
            log.warning("result record dropped: the record queue is full")

    def close(self, timeout: float = 30.0) -> None:
        self.queue.put(self._STOP)
        self.thread.join(timeout)

    def _run(self) -> None:
        stopping = False
        while not stopping:
            batch = [self.queue.get()]
            deadline = time.monotonic() + self.LINGER
            while len(batch) < self.BATCH and batch[-1] is not self._STOP:
                wait = min(self.QUIET, deadline - time.monotonic())
                try:
                    batch.append(self.queue.get(timeout=wait) if wait > 0
                                 else self.queue.get_nowait())
                except queue.Empty:
                    break
            stopping = any(item is self._STOP for item in batch)
            rows = [item for item in batch if item is not self._STOP]
            if rows:
                self._write(rows)

    RETRY_SECONDS = 30.0  # a batch the database refused (locked, unreachable) is tried again
    RETRY_PAUSE = 0.5

    def _write(self, rows: list[Any]) -> None:
        """Write a batch, trying again while the database is busy or unreachable (its lock held
        by another process, say) for up to RETRY_SECONDS; the pauses hold no lock, so claims and
        saves go on meanwhile."""
        deadline = time.monotonic() + self.RETRY_SECONDS
        while True:
            try:
                self.store.record_many(rows)
                return
            except OperationalError as error:
                if time.monotonic() < deadline:
                    time.sleep(self.RETRY_PAUSE)
                    continue
                reason = type(error).__name__
            except Exception as error:  # never kill the writer; the records are history, not saves
                reason = type(error).__name__
            log.error("%d result records not written: %s", len(rows), reason)
            return


# --------------------------------------------------------------------------- schema


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, on every backend (SQLite keeps no time zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give a time zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# SQLAlchemy Core tables, not ORM classes: the ORM was a tenth of `adapt serve`'s start-up
# (importing it) and the store never needed its unit of work.
METADATA = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "pk": "pk_%(table_name)s",
})


def _required(name: str, kind: Any) -> Column[Any]:
    return Column(name, kind, nullable=False)


# A named scenario of one workspace. `args` is engine.args.to_args output, re-parsed on use.
saved_scenarios = Table(
    "saved_scenarios", METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _required("team_id", String(32)),
    _required("name", String(NAME_MAX)),
    _required("name_lower", String(NAME_MAX)),
    _required("args", Text),
    _required("winner", String(32)),
    _required("saved_by", String(32)),
    _required("saved_at", UTCDateTime()),
    UniqueConstraint("team_id", "name_lower"),
)

# One result delivered to a person: the source of App Home's "your recent results".
result_records = Table(
    "result_records", METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _required("team_id", String(32)),
    _required("user_id", String(32)),
    Column("channel_id", String(32), nullable=True),
    _required("args", Text),
    _required("winner", String(32)),
    _required("created_at", UTCDateTime()),
    Index(None, "team_id", "user_id", "created_at"),
    Index(None, "created_at"),
)

# One delivery from Slack that some process has taken: the sha256 of its id (a trigger, event or
# view id, see adapt.bot.middleware), kept CLAIMS_KEPT. SQLite: the key is the table (no rowid
# b-tree beside it): one write fewer per claim.
delivery_claims = Table(
    "delivery_claims", METADATA,
    Column("delivery_id", String(64), primary_key=True),
    _required("claimed_at", UTCDateTime()),
    Index(None, "claimed_at"),
    sqlite_with_rowid=False,
)


# --------------------------------------------------------------------------- engine


def normalize_url(url: str) -> str:
    """postgres:// and postgresql:// mean psycopg 3, the driver this project installs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def default_url(directory: Path | None = None) -> str:
    return f"sqlite:///{(directory or Path.cwd()).resolve() / DEFAULT_DATABASE}"


def shown_url(url: str) -> str:
    """The URL for a log line or an error message: never the password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparseable URL is shown as what kind of thing it is, no more
        return "(unreadable DATABASE_URL)"


def _use_wal(cursor: Any, busy_ms: int = SQLITE_BUSY_MS) -> None:
    """Switch to WAL, waiting like busy_timeout would. SQLite does not apply busy_timeout here:
    while another process holds the write lock of a file not yet in WAL mode (say, a second
    server switching a new file at the same moment), the switch fails at once as "locked"."""
    deadline = time.monotonic() + busy_ms / 1000
    while True:
        try:
            mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
        else:
            if mode == "wal":
                return
            if time.monotonic() > deadline:
                log.warning("SQLite stays in %s journal mode, not WAL", mode)
                return
        time.sleep(0.02)


def _sqlite_events(engine: Engine, busy_ms: int = SQLITE_BUSY_MS,
                   synchronous: str = "FULL") -> None:
    """WAL, `busy_ms` of waiting for the write lock, and `synchronous` FULL (a commit survives
    power loss, not just a kill) unless told otherwise."""
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
        _use_wal(cursor, busy_ms)
        cursor.execute(f"PRAGMA synchronous = {synchronous}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get(WRITE)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)
        _sqlite_events(engine)
        return engine
    return create_engine(url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW,
                         pool_pre_ping=True)


def make_claims_engine(url: str | URL) -> Engine:
    """The pool delivery claims use, in autocommit: it gives up on the database within about
    CLAIM_WAIT_MS (SQLite: the busy timeout; PostgreSQL: statement and lock timeouts, and
    connect and unacknowledged-write timeouts), and SQLite does not sync each claim to disk."""
    url = make_url(normalize_url(url) if isinstance(url, str) else url)
    if url.get_backend_name() == "sqlite":
        # One connection: claims take turns anyway (one SQLite writer at a time), and a
        # connection of a pool, its page cache gone stale since its last turn, read the
        # table's pages afresh on every claim: under load that cost more than the insert.
        engine = create_engine(url, pool_size=1, max_overflow=0,  # taken under Store's lock
                               pool_timeout=CLAIM_WAIT_MS / 1000)
        _sqlite_events(engine, busy_ms=CLAIM_WAIT_MS, synchronous="NORMAL")
        return engine
    engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW,
                           pool_timeout=CLAIM_WAIT_MS / 1000,
                           connect_args={"connect_timeout": CLAIM_CONNECT_SECONDS,
                                         "tcp_user_timeout": CLAIM_NETWORK_MS})

    @event.listens_for(engine, "connect")
    def _timeouts(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {CLAIM_WAIT_MS}")
            cursor.execute(f"SET lock_timeout = {CLAIM_WAIT_MS}")
        dbapi_connection.commit()
        dbapi_connection.autocommit = True

    return engine


# SQLite counts the row it inserted (rowcount) without a second step to fetch it, and every
# step lets go of Python's GIL, which under load costs more than the step itself; psycopg's
# rowcount is -1 here, so PostgreSQL returns the row.
_CLAIM_SQL = ("INSERT INTO delivery_claims (delivery_id, claimed_at) VALUES ({0}, {0})"
              " ON CONFLICT DO NOTHING")
_CLAIM_RETURNING = " RETURNING delivery_id"
_PRUNE_SQL = ("DELETE FROM delivery_claims WHERE delivery_id IN (SELECT delivery_id FROM"
              " delivery_claims WHERE claimed_at < {0} LIMIT {1})")


class ClaimFailed(Exception):
    """The database did not take or refuse a claim in time (down, locked, unreachable)."""


class DatabaseGone(SQLAlchemyError):
    """The SQLite file was deleted or replaced while this process had it open: a write now would
    go to a file nobody will read again."""


class _FileWatch:
    """Whether an SQLite file is still the one this process opened (the same inode), checked
    before each write; logs an error when it is not (at most once a minute)."""

    LOG_EVERY = 60.0

    def __init__(self, path: Path) -> None:
        self.path = path
        self.identity = self._identity()
        self._next_log = 0.0

    def _identity(self) -> tuple[int, int] | None:
        try:
            found = os.stat(self.path)
        except FileNotFoundError:
            return None
        return found.st_dev, found.st_ino

    def check(self) -> None:
        """DatabaseGone when the file is missing or another file now has its name."""
        now = self._identity()
        if self.identity is None:  # not created yet when the store was made: this is it
            self.identity = now
            return
        if now == self.identity:
            return
        what = "deleted" if now is None else "replaced by another file"
        if time.monotonic() >= self._next_log:
            self._next_log = time.monotonic() + self.LOG_EVERY
            log.error("the database file %s was %s while the server had it open: nothing is"
                      " written until it is restored and the server restarted", self.path, what)
        raise DatabaseGone(f"the database file was {what}")


def sqlite_file(url: URL) -> Path | None:
    """The file of an SQLite URL; None for PostgreSQL and in-memory databases."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:") \
            or (url.database or "").startswith("file:"):
        return None
    return Path(url.database or "").resolve()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None: never migrated), read without loading Alembic:
    importing it and its dialects' DDL is a tenth of `adapt serve`'s start, and a restart on a
    database already at HEAD_REVISION does not need it."""
    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, ProgrammingError):  # no such table yet
            return None


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Apply the migrations up to `revision` and return the revision the database is at.

    One process migrates at a time: PostgreSQL holds an advisory lock for the transaction, SQLite
    its write lock (BEGIN IMMEDIATE), so app processes starting together do not race.
    """
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.execution_options(**{WRITE: True}).connect() as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        return MigrationContext.configure(connection).get_current_revision()


def database_url() -> str:
    """DATABASE_URL (after `.env`), or an SQLite file in the working directory."""
    from dotenv import load_dotenv

    load_dotenv(Path.cwd() / ".env", override=False)
    return normalize_url(os.environ.get("DATABASE_URL") or default_url())



# --------------------------------------------------------------------------- repository


@dataclass(frozen=True)
class Saved:
    name: str
    args: str
    winner: str
    saved_by: str
    saved_at: datetime


@dataclass(frozen=True)
class Recent:
    args: str
    winner: str
    channel_id: str | None
    at: datetime


class NameTaken(Exception):
    """The workspace already has a scenario by that name (in any letter case)."""

    def __init__(self, existing: Saved) -> None:
        super().__init__(existing.name)
        self.existing = existing


class NotAllowed(Exception):
    """Someone else saved it: only they or a workspace admin may replace or delete it."""

    def __init__(self, existing: Saved) -> None:
        super().__init__(existing.name)
        self.existing = existing


def _saved(row: Any) -> Saved:
    return Saved(name=row.name, args=row.args, winner=row.winner, saved_by=row.saved_by,
                 saved_at=row.saved_at)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Store:
    def __init__(self, engine: Engine, *, retention_days: int = DEFAULT_RETENTION_DAYS,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.engine = engine
        self.writer = engine.execution_options(**{WRITE: True})
        self.retention = timedelta(days=retention_days)
        self.clock = clock
        self._next_prune = 0.0  # time.monotonic() after which the write path prunes again
        self._recorder: _Recorder | None = None
        self._recorder_lock = threading.Lock()
        self._sqlite = engine.dialect.name == "sqlite"
        self._serialize_writes = threading.RLock() if self._sqlite else None
        self._claims: Engine | None = None
        self._claims_lock = threading.Lock()
        self._next_claim_prune = 0.0  # time.monotonic() after which a claim prunes again
        path = sqlite_file(engine.url)
        self._file = _FileWatch(path) if path is not None else None

    def __copy__(self) -> "Store":
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> "Store":
        """A store is a handle on one connection pool: copies are the same store. (Bolt deep-copies
        the request context for lazy listeners; they must share the pool, not clone it.)"""
        return self

    @classmethod
    def open(cls, url: str, *, retention_days: int = DEFAULT_RETENTION_DAYS) -> "Store":
        """Connect, migrate to the newest schema and prune old records."""
        store = cls(make_engine(url), retention_days=retention_days)
        if current_revision(store.engine) != HEAD_REVISION:
            upgrade(store.engine)
        store.prune()
        return store

    def close(self) -> None:
        """Write the result records still queued, then let go of the connections."""
        if self._recorder is not None:
            self._recorder.close()
        if self._claims is not None:
            self._claims.dispose()
        self.engine.dispose()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A transaction that commits when the block ends, before anything else happens."""
        with self._one_writer(), self.writer.begin() as connection:
            self._still_there()
            yield connection

    @contextmanager
    def _one_writer(self) -> Iterator[None]:
        """SQLite: one writing transaction of this process at a time. SQLite's own wait for its
        write lock sleeps in steps of up to 100 ms, so threads of one process competing for it
        (claims on every request, the record writer, saves) would add those sleeps to acks;
        queued on a lock here, each goes the moment the last one commits. Other processes on the
        file still wait SQLite's way."""
        if self._serialize_writes is None:
            yield
            return
        with self._serialize_writes:
            yield

    def _still_there(self) -> None:
        """DatabaseGone (and an error in the log) when the SQLite file was deleted or replaced."""
        if self._file is not None:
            self._file.check()

    @contextmanager
    def _claim_turn(self) -> Iterator[None]:
        """_one_writer for a claim: ClaimFailed after CLAIM_TURN_SECONDS of waiting, so a claim
        never queues behind a save or the record writer that waits on SQLite's lock (another
        process may hold it for seconds)."""
        lock = self._serialize_writes
        if lock is None:
            yield
            return
        if not lock.acquire(timeout=CLAIM_TURN_SECONDS):
            raise ClaimFailed(f"this process's other writes held the database over"
                              f" {CLAIM_TURN_SECONDS:g} s")
        try:
            yield
        finally:
            lock.release()

    @staticmethod
    def _named(team_id: str, name: str) -> Any:
        return select(saved_scenarios).where(saved_scenarios.c.team_id == team_id,
                                             saved_scenarios.c.name_lower == name_key(name))

    # saved scenarios -----------------------------------------------------------

    def save(self, team_id: str, name: str, args: str, winner: str, user_id: str, *,
             overwrite: bool = False, may_replace_others: bool = False) -> tuple[Saved, bool]:
        """Save and commit; returns the saved scenario and whether it replaced one. Raises
        NameTaken (the name exists, no overwrite) or NotAllowed (someone else's)."""
        name = scenario_name(name)
        for attempt in range(2):  # a concurrent insert of the same name: read it, decide again
            try:
                with self._write() as connection:
                    row = connection.execute(self._named(team_id, name)).first()
                    if row is not None and not overwrite:
                        raise NameTaken(_saved(row))
                    if row is not None and row.saved_by != user_id and not may_replace_others:
                        raise NotAllowed(_saved(row))
                    values = {"name": name, "args": args, "winner": winner, "saved_by": user_id,
                              "saved_at": self.clock()}
                    if row is None:
                        connection.execute(insert(saved_scenarios).values(
                            team_id=team_id, name_lower=name_key(name), **values))
                    else:
                        connection.execute(update(saved_scenarios)
                                           .where(saved_scenarios.c.id == row.id).values(values))
                return Saved(**values), row is not None
            except IntegrityError:
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def get(self, team_id: str, name: str) -> Saved | None:
        with self._read() as connection:
            row = connection.execute(self._named(team_id, name)).first()
            return _saved(row) if row else None

    def list_saved(self, team_id: str, *, limit: int = 20, offset: int = 0) -> list[Saved]:
        query = (select(saved_scenarios).where(saved_scenarios.c.team_id == team_id)
                 .order_by(saved_scenarios.c.name_lower).limit(limit).offset(offset))
        with self._read() as connection:
            return [_saved(row) for row in connection.execute(query)]

    def count_saved(self, team_id: str) -> int:
        query = select(func.count()).select_from(saved_scenarios).where(
            saved_scenarios.c.team_id == team_id)
        with self._read() as connection:
            return int(connection.scalar(query) or 0)

    def delete(self, team_id: str, name: str, user_id: str, *,
               may_delete_others: bool = False) -> Saved | None:
        """Delete and commit; None when there is no such scenario, NotAllowed when it is
        someone else's and the caller may not delete others'."""
        with self._write() as connection:
            row = connection.execute(self._named(team_id, name)).first()
            if row is None:
                return None
            if row.saved_by != user_id and not may_delete_others:
                raise NotAllowed(_saved(row))
            gone = _saved(row)
            connection.execute(delete(saved_scenarios).where(saved_scenarios.c.id == row.id))
        return gone

    # result records ------------------------------------------------------------

    def _record_row(self, team_id: str, user_id: str, channel_id: str | None, args: str,
                    winner: str) -> dict[str, Any]:
        return {"team_id": team_id, "user_id": user_id, "channel_id": channel_id, "args": args,
                "winner": winner, "created_at": self.clock()}

    def record(self, team_id: str, user_id: str, channel_id: str | None, args: str,
               winner: str) -> None:
        """Record one delivered result now (one transaction)."""
        self.record_many([self._record_row(team_id, user_id, channel_id, args, winner)])

    def record_later(self, team_id: str, user_id: str, channel_id: str | None, args: str,
                     winner: str) -> None:
        """Queue a result record for the background writer, which commits them in batches.

        A record is history for App Home, not something a person was told was saved: keeping
        its commit (and SQLite's single write lock) off the reply path is what lets replies keep
        up under a burst (bench/load.py). Queued records are written on close; a killed process
        loses at most the records still queued."""
        with self._recorder_lock:
            if self._recorder is None:
                self._recorder = _Recorder(self)
        self._recorder.put(self._record_row(team_id, user_id, channel_id, args, winner))

    def record_many(self, rows: list[dict[str, Any]]) -> None:
        """Insert result records (column values by name) in one transaction: one executemany,
        not the ORM's unit of work, which cost more than the insert itself. On SQLite through
        the claims' connection, which does not sync to disk: a record is history, not a save,
        and a power cut may cost the last ones (a killed process loses none it committed)."""
        engine = self._claims_engine().execution_options(**{WRITE: True}) \
            if self._sqlite else self.writer
        with self._one_writer(), engine.begin() as connection:
            self._still_there()
            connection.execute(insert(result_records), rows)
        if time.monotonic() >= self._next_prune:
            self.prune()

    def recent(self, team_id: str, user_id: str, *, limit: int = 10) -> list[Recent]:
        records = result_records.c
        query = (select(result_records)
                 .where(records.team_id == team_id, records.user_id == user_id)
                 .order_by(records.created_at.desc(), records.id.desc()).limit(limit))
        with self._read() as connection:
            return [Recent(args=r.args, winner=r.winner, channel_id=r.channel_id,
                           at=r.created_at) for r in connection.execute(query)]

    # delivery claims -------------------------------------------------------------

    def claim_delivery(self, delivery_id: str) -> bool:
        """Take a delivery for this process: True the first time any process on this database
        claims `delivery_id` (within CLAIMS_KEPT), False after. One insert that does nothing on
        a conflict, committed as it runs; every so often, a bounded prune. ClaimFailed when the
        database does not answer within about CLAIM_WAIT_MS (a connection that went stale in the
        pool, say after the database restarted, is replaced and the claim tried once more)."""
        key = hashlib.sha256(delivery_id.encode()).hexdigest()
        now = self.clock()
        engine = self._claims_engine()
        with self._claim_turn():  # first: the record writer takes it before the connection too
            for attempt in range(2):
                try:
                    connection = engine.raw_connection()
                except (SQLAlchemyError, engine.dialect.loaded_dbapi.Error) as error:
                    raise ClaimFailed(f"cannot connect: {type(error).__name__}") from error
                try:
                    return self._claim_on(connection, key, now)
                except engine.dialect.loaded_dbapi.Error as error:
                    stale = engine.dialect.is_disconnect(error, connection.dbapi_connection,
                                                         None)
                    if stale:
                        connection.invalidate()  # never hand a broken connection on
                    if attempt or not stale:  # a lock or a timeout: no second wait
                        raise ClaimFailed(f"{type(error).__name__}: {error}"[:200]) from error
                finally:
                    connection.close()
        raise AssertionError("unreachable")

    def _claims_engine(self) -> Engine:
        with self._claims_lock:
            if self._claims is None:
                self._claims = make_claims_engine(self.engine.url)
                mark = "?" if self._claims.dialect.paramstyle == "qmark" else "%s"
                self._claim_sql = _CLAIM_SQL.format(mark) + ("" if self._sqlite
                                                             else _CLAIM_RETURNING)
                self._prune_sql = _PRUNE_SQL.format(mark, CLAIM_PRUNE_BATCH)
            return self._claims

    def _claim_on(self, connection: Any, key: str, now: datetime) -> bool:
        """The claim's insert, and a prune when one is due, on a DBAPI connection."""
        cursor = connection.cursor()
        try:
            cursor.execute(self._claim_sql, (key, self._stored_time(now)))
            claimed = cursor.rowcount == 1 if self._sqlite else cursor.fetchone() is not None
            if time.monotonic() >= self._next_claim_prune:
                self._prune_claims(cursor, now)
        finally:
            cursor.close()
        return claimed

    def _stored_time(self, moment: datetime) -> Any:
        """A time as UTCDateTime stores it: PostgreSQL takes it aware; SQLite as SQLAlchemy's
        text form of naive UTC, so claims written here and there compare in order."""
        if self._sqlite:
            return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
        return moment

    def _prune_claims(self, cursor: Any, now: datetime) -> None:
        """Delete at most CLAIM_PRUNE_BATCH expired claims; when that many went, the next claim
        prunes again, so pruning keeps up with any rate and each claim's share stays bounded."""
        cursor.execute(self._prune_sql, (self._stored_time(now - CLAIMS_KEPT),))
        full = (cursor.rowcount or 0) >= CLAIM_PRUNE_BATCH
        self._next_claim_prune = time.monotonic() + (0.0 if full else CLAIM_PRUNE_EVERY)

    def prune(self) -> int:
        """Delete result records older than the retention period; returns how many."""
        self._next_prune = time.monotonic() + PRUNE_EVERY.total_seconds()
        cutoff = self.clock() - self.retention
        with self._write() as connection:
            result = connection.execute(delete(result_records)
                                        .where(result_records.c.created_at < cutoff))
        removed = int(getattr(result, "rowcount", 0) or 0)
        if removed:
            log.info("pruned %d result records older than %d days", removed,
                     self.retention.days)
        return removed

