"""The store: saved scenarios and result records on SQLAlchemy 2, an SQLite file by default,
PostgreSQL by URL; and the face of adapt.storage (every public name of its modules is importable
from here).

Every read and write names its workspace (team_id): no query here can reach another workspace's
rows. Writes commit before they return, so a caller that tells a person "saved" after `save`
returns tells the truth even if the process dies the next instant. Several app processes can
share one database.

Where the rest lives: `connect` (the URL and the engine), `sqlite` (WAL, write turns, the file
check), `schema` (tables and migrations), `names` (the name rule), `saved` (saved scenarios'
statements), `claims` (delivery claims), `recorder` (the background writer of result records).
"""

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError

from adapt.storage.claims import (
    CLAIM_CONNECT_SECONDS,
    CLAIM_NETWORK_MS,
    CLAIM_PRUNE_BATCH,
    CLAIM_PRUNE_EVERY,
    CLAIM_TURN_SECONDS,
    CLAIM_WAIT_MS,
    CLAIMS_KEPT,
    ClaimFailed,
    Claims,
    make_claims_engine,
)
from adapt.storage.connect import (
    DEFAULT_DATABASE,
    POOL_OVERFLOW,
    POOL_SIZE,
    database_url,
    default_url,
    make_engine,
    normalize_url,
    shown_url,
)
from adapt.storage.names import (
    NAME_MAX,
    NAME_PATTERN,
    NAME_RULE,
    BadName,
    ScenarioName,
    name_key,
    scenario_name,
)
from adapt.storage.recorder import Recorder
from adapt.storage.saved import (
    NameTaken,
    NotAllowed,
    Saved,
    counted,
    delete_in,
    listed,
    named,
    save_in,
    saved_of,
)
from adapt.storage.schema import (
    HEAD_REVISION,
    METADATA,
    MIGRATION_LOCK,
    MIGRATIONS,
    UTCDateTime,
    current_revision,
    delivery_claims,
    result_records,
    saved_scenarios,
    upgrade,
)
from adapt.storage.sqlite import (
    SQLITE_BUSY_MS,
    WRITE,
    DatabaseGone,
    FileWatch,
    WriteTurns,
    sqlite_file,
)

__all__ = [
    "CLAIMS_KEPT", "CLAIM_CONNECT_SECONDS", "CLAIM_NETWORK_MS", "CLAIM_PRUNE_BATCH",
    "CLAIM_PRUNE_EVERY", "CLAIM_TURN_SECONDS", "CLAIM_WAIT_MS", "DEFAULT_DATABASE",
    "DEFAULT_RETENTION_DAYS", "HEAD_REVISION", "METADATA", "MIGRATIONS", "MIGRATION_LOCK",
    "NAME_MAX", "NAME_PATTERN", "NAME_RULE", "POOL_OVERFLOW", "POOL_SIZE", "PRUNE_EVERY",
    "SQLITE_BUSY_MS", "WRITE", "BadName", "ClaimFailed", "DatabaseGone", "NameTaken",
    "NotAllowed", "Recent", "Saved", "ScenarioName", "Store", "UTCDateTime", "current_revision",
    "database_url", "default_url", "delivery_claims", "make_claims_engine", "make_engine",
    "name_key", "normalize_url", "result_records", "saved_scenarios", "scenario_name",
    "shown_url", "sqlite_file", "upgrade", "utcnow",
]

log = logging.getLogger("adapt.store")

DEFAULT_RETENTION_DAYS = 90
PRUNE_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class Recent:
    args: str
    winner: str
    channel_id: str | None
    at: datetime


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
        self._recorder: Recorder | None = None
        self._recorder_lock = threading.Lock()
        self._sqlite = engine.dialect.name == "sqlite"
        self._turns = WriteTurns(self._sqlite)
        self._claims = Claims(engine.url, self._turns)
        path = sqlite_file(engine.url)
        self._file = FileWatch(path) if path is not None else None

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
        self._claims.dispose()
        self.engine.dispose()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A transaction that commits when the block ends, before anything else happens."""
        with self._turns.take(), self.writer.begin() as connection:
            self._still_there()
            yield connection

    def _still_there(self) -> None:
        """DatabaseGone (and an error in the log) when the SQLite file was deleted or replaced."""
        if self._file is not None:
            self._file.check()

    # saved scenarios -----------------------------------------------------------

    def save(self, team_id: str, name: str, args: str, winner: str, user_id: str, *,
             overwrite: bool = False, may_replace_others: bool = False) -> tuple[Saved, bool]:
        """Save and commit; returns the saved scenario and whether it replaced one. Raises
        NameTaken (the name exists, no overwrite) or NotAllowed (someone else's)."""
        name = scenario_name(name)
        for attempt in range(2):  # a concurrent insert of the same name: read it, decide again
            try:
                with self._write() as connection:
                    return save_in(connection, team_id, name, args, winner, user_id, self.clock,
                                   overwrite=overwrite, may_replace_others=may_replace_others)
            except IntegrityError:
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def get(self, team_id: str, name: str) -> Saved | None:
        with self._read() as connection:
            row = connection.execute(named(team_id, name)).first()
            return saved_of(row) if row else None

    def list_saved(self, team_id: str, *, limit: int = 20, offset: int = 0) -> list[Saved]:
        with self._read() as connection:
            return [saved_of(row) for row in connection.execute(listed(team_id, limit, offset))]

    def count_saved(self, team_id: str) -> int:
        with self._read() as connection:
            return int(connection.scalar(counted(team_id)) or 0)

    def delete(self, team_id: str, name: str, user_id: str, *,
               may_delete_others: bool = False) -> Saved | None:
        """Delete and commit; None when there is no such scenario, NotAllowed when it is
        someone else's and the caller may not delete others'."""
        with self._write() as connection:
            return delete_in(connection, team_id, name, user_id,
                             may_delete_others=may_delete_others)

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
                self._recorder = Recorder(self.record_many)
        self._recorder.put(self._record_row(team_id, user_id, channel_id, args, winner))

    def record_many(self, rows: list[dict[str, Any]]) -> None:
        """Insert result records (column values by name) in one transaction: one executemany,
        not the ORM's unit of work, which cost more than the insert itself. On SQLite through
        the claims' connection, which does not sync to disk: a record is history, not a save,
        and a power cut may cost the last ones (a killed process loses none it committed)."""
        engine = self._claims.engine().execution_options(**{WRITE: True}) \
            if self._sqlite else self.writer
        with self._turns.take(), engine.begin() as connection:
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

    # delivery claims -------------------------------------------------------------

    def claim_delivery(self, delivery_id: str) -> bool:
        """Take a delivery for this process: True the first time any process on this database
        claims `delivery_id` (within CLAIMS_KEPT), False after; ClaimFailed when the database
        does not answer in time (adapt.storage.claims)."""
        return self._claims.claim(delivery_id, self.clock())
