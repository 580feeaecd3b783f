"""Delivery claims: how every process on one database runs a delivery from Slack once. The first
to insert its id wins.

Claims run before the request is acknowledged, so each is one autocommitted statement on a pool
of its own that waits at most CLAIM_WAIT_MS for a lock or an answer, sent to the driver as
written (SQLAlchemy's statement machinery cost three times the insert), and SQLite does not sync
them to disk: a claim lost to a power cut lets a retry run again, which is what would happen
without claims. On SQLite a claim also waits at most CLAIM_TURN_SECONDS for this process's other
writes (a save, or the record writer, may itself be waiting out another process's lock): a claim
never queues behind them. Past either bound the claim fails (ClaimFailed) and the app goes on
without it (adapt.bot.middleware), with a log line.
"""

import hashlib
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from adapt.storage.connect import POOL_OVERFLOW, POOL_SIZE, normalize_url
from adapt.storage.sqlite import WriteTurns, sqlite_events

CLAIMS_KEPT = timedelta(minutes=15)  # longer than Slack retries (about 5 minutes) and triggers
CLAIM_WAIT_MS = 250  # a claim waits this long for the database, then the app goes on without
CLAIM_TURN_SECONDS = 0.25  # SQLite: and this long for this process's other writes, before that
CLAIM_NETWORK_MS = 500  # PostgreSQL: unacknowledged data on the wire (tcp_user_timeout)
CLAIM_CONNECT_SECONDS = 2  # PostgreSQL: to connect, for a claim (libpq's minimum)
CLAIM_PRUNE_EVERY = 10.0  # seconds between prunes of expired claims, while none are left over
CLAIM_PRUNE_BATCH = 500  # expired claims deleted at most per prune: bounded work on the ack path

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


def make_claims_engine(url: str | URL) -> Engine:
    """The pool delivery claims use, in autocommit: it gives up on the database within about
    CLAIM_WAIT_MS (SQLite: the busy timeout; PostgreSQL: statement and lock timeouts, and
    connect and unacknowledged-write timeouts), and SQLite does not sync each claim to disk."""
    url = make_url(normalize_url(url) if isinstance(url, str) else url)
    if url.get_backend_name() == "sqlite":
        # One connection: claims take turns anyway (one SQLite writer at a time), and a
        # connection of a pool, its page cache gone stale since its last turn, read the
        # table's pages afresh on every claim: under load that cost more than the insert.
        engine = create_engine(url, pool_size=1, max_overflow=0,  # taken in WriteTurns' turn
                               pool_timeout=CLAIM_WAIT_MS / 1000)
        sqlite_events(engine, busy_ms=CLAIM_WAIT_MS, synchronous="NORMAL")
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


class Claims:
    """The claims of one store: their pool (made on the first claim) and when to prune next."""

    def __init__(self, url: URL, turns: WriteTurns) -> None:
        self.url = url
        self.turns = turns
        self._sqlite = url.get_backend_name() == "sqlite"
        self._engine: Engine | None = None
        self._lock = threading.Lock()
        self.next_prune = 0.0  # time.monotonic() after which a claim prunes again

    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                self._engine = make_claims_engine(self.url)
                mark = "?" if self._engine.dialect.paramstyle == "qmark" else "%s"
                self._claim_sql = _CLAIM_SQL.format(mark) + ("" if self._sqlite
                                                             else _CLAIM_RETURNING)
                self._prune_sql = _PRUNE_SQL.format(mark, CLAIM_PRUNE_BATCH)
            return self._engine

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()

    def claim(self, delivery_id: str, now: datetime) -> bool:
        """True the first time any process on this database claims `delivery_id` (within
        CLAIMS_KEPT), False after. One insert that does nothing on a conflict, committed as it
        runs; every so often, a bounded prune. ClaimFailed when the database does not answer
        within about CLAIM_WAIT_MS (a connection that went stale in the pool, say after the
        database restarted, is replaced and the claim tried once more)."""
        key = hashlib.sha256(delivery_id.encode()).hexdigest()
        engine = self.engine()
        # First: the record writer takes its turn before the connection too. A claim never
        # queues behind a save or the record writer that waits on SQLite's lock (another
        # process may hold it for seconds).
        with self.turns.take_within(CLAIM_TURN_SECONDS) as taken:
            if not taken:
                raise ClaimFailed(f"this process's other writes held the database over"
                                  f" {CLAIM_TURN_SECONDS:g} s")
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

    def _claim_on(self, connection: Any, key: str, now: datetime) -> bool:
        """The claim's insert, and a prune when one is due, on a DBAPI connection."""
        cursor = connection.cursor()
        try:
            cursor.execute(self._claim_sql, (key, self._stored_time(now)))
            claimed = cursor.rowcount == 1 if self._sqlite else cursor.fetchone() is not None
            if time.monotonic() >= self.next_prune:
                self._prune(cursor, now)
        finally:
            cursor.close()
        return claimed

    def _stored_time(self, moment: datetime) -> Any:
        """A time as UTCDateTime stores it: PostgreSQL takes it aware; SQLite as SQLAlchemy's
        text form of naive UTC, so claims written here and there compare in order."""
        if self._sqlite:
            return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
        return moment

    def _prune(self, cursor: Any, now: datetime) -> None:
        """Delete at most CLAIM_PRUNE_BATCH expired claims; when that many went, the next claim
        prunes again, so pruning keeps up with any rate and each claim's share stays bounded."""
        cursor.execute(self._prune_sql, (self._stored_time(now - CLAIMS_KEPT),))
        full = (cursor.rowcount or 0) >= CLAIM_PRUNE_BATCH
        self.next_prune = time.monotonic() + (0.0 if full else CLAIM_PRUNE_EVERY)
