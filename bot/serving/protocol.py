"""uvicorn's HTTP/1.1 protocol (h11) with deadlines for a request to arrive.

uvicorn closes a keep-alive connection that sits idle after a response (timeout_keep_alive), but
has no limit for a new connection that sends nothing, nor for a request head sent a byte at a
time once its first byte has arrived: such connections stay open for good, and, once they fill
uvicorn's connection limit, everyone else gets 503. Here a new connection must send its first
byte within FIRST_BYTE_SECONDS (Slack, or a proxy in front, sends its request the moment it
connects), and the whole head must be there within REQUEST_HEAD_SECONDS of the connection
opening or of the previous response; a body is bounded in asgi.py (size and time). The
deadlines are the class's; `with_deadlines` gives the protocol with others (tests shorten them).
"""

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

FIRST_BYTE_SECONDS = 2.0
REQUEST_HEAD_SECONDS = 10.0


class BoundedH11Protocol(H11Protocol):
    first_byte_seconds = FIRST_BYTE_SECONDS
    head_seconds = REQUEST_HEAD_SECONDS
    _head_deadline: asyncio.TimerHandle | None = None
    _first_byte_deadline: asyncio.TimerHandle | None = None

    @classmethod
    def with_deadlines(cls, *, first_byte: float, head: float) -> type["BoundedH11Protocol"]:
        """This protocol with other deadlines (uvicorn takes a class, and builds one a
        connection)."""
        return type(cls.__name__, (cls,), {"first_byte_seconds": first_byte,
                                           "head_seconds": head})

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._first_byte_deadline = self.loop.call_later(self.first_byte_seconds,
                                                         self._drop_silent)
        self._await_request()

    def data_received(self, data: bytes) -> None:
        if self._first_byte_deadline is not None:
            self._first_byte_deadline.cancel()
            self._first_byte_deadline = None
        super().data_received(data)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._await_request()

    def connection_lost(self, exc: Exception | None) -> None:
        for deadline in (self._head_deadline, self._first_byte_deadline):
            if deadline is not None:
                deadline.cancel()
        super().connection_lost(exc)

    def _drop_silent(self) -> None:
        """Close a new connection that has sent nothing yet."""
        self._first_byte_deadline = None
        if not self.transport.is_closing():
            self.transport.close()

    def _await_request(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
        self._head_deadline = self.loop.call_later(self.head_seconds, self._drop_if_waiting,
                                                   self.cycle)

    def _drop_if_waiting(self, cycle: Any) -> None:
        """Close the connection when no request has begun since the deadline was set (and none
        is being answered: a pipelined request may have begun within on_response_complete)."""
        waiting = self.cycle is cycle and (cycle is None or cycle.response_complete)
        if waiting and not self.transport.is_closing():
            self.transport.close()
