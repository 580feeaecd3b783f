"""The background writer of result records: history for App Home, kept off the reply path."""

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import OperationalError

log = logging.getLogger("adapt.store")
Rows = list[dict[str, Any]]


class Recorder:
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

    def __init__(self, write: Callable[[Rows], None]) -> None:
        self.write = write  # Store.record_many: one transaction
        self.queue: queue.Queue[Any] = queue.Queue(self.QUEUE_MAX)
        self.thread = threading.Thread(target=self._run, name="adapt-recorder", daemon=True)
        self.thread.start()

    def put(self, row: dict[str, Any]) -> None:
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

    def _write(self, rows: Rows) -> None:
        """Write a batch, trying again while the database is busy or unreachable (its lock held
        by another process, say) for up to RETRY_SECONDS; the pauses hold no lock, so claims and
        saves go on meanwhile."""
        deadline = time.monotonic() + self.RETRY_SECONDS
        while True:
            try:
                self.write(rows)
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
