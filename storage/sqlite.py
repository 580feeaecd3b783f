"""What SQLite needs to serve several threads and processes safely: WAL and a busy timeout on
every connection, BEGIN IMMEDIATE for writes, one writing transaction of this process at a time,
and a check that the file is still the one opened.

SQLite runs in WAL mode with a busy timeout, and every write transaction starts with
BEGIN IMMEDIATE, so concurrent writers queue for the lock instead of failing with "database is
locked". PostgreSQL needs none of this.

An SQLite file deleted or replaced while the server runs would swallow every later write (the
open connections write to the deleted file): each write first checks the file is still the one
opened, and refuses (DatabaseGone, logged as an error) when it is not.
"""

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger("adapt.store")

SQLITE_BUSY_MS = 30_000  # how long a writer waits for SQLite's lock before giving up
WRITE = "adapt_write"  # execution option: this transaction writes (SQLite: BEGIN IMMEDIATE)


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


def sqlite_events(engine: Engine, busy_ms: int = SQLITE_BUSY_MS,
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


class WriteTurns:
    """SQLite: one writing transaction of this process at a time. SQLite's own wait for its
    write lock sleeps in steps of up to 100 ms, so threads of one process competing for it
    (claims on every request, the record writer, saves) would add those sleeps to acks; queued
    on a lock here, each goes the moment the last one commits. Other processes on the file still
    wait SQLite's way. PostgreSQL: no turns."""

    def __init__(self, sqlite: bool) -> None:
        self._lock = threading.RLock() if sqlite else None

    @contextmanager
    def take(self) -> Iterator[None]:
        """This process's turn to write, however long the writes before it take."""
        if self._lock is None:
            yield
            return
        with self._lock:
            yield

    @contextmanager
    def take_within(self, seconds: float) -> Iterator[bool]:
        """The turn if it comes within `seconds`: yields whether it did (always, without
        turns), so a caller that must not queue can give up instead."""
        lock = self._lock
        if lock is None:
            yield True
            return
        taken = lock.acquire(timeout=seconds)
        try:
            yield taken
        finally:
            if taken:
                lock.release()


class DatabaseGone(SQLAlchemyError):
    """The SQLite file was deleted or replaced while this process had it open: a write now would
    go to a file nobody will read again."""


class FileWatch:
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
