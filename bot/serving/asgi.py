"""HTTP serving: Bolt's ASGI adapter under uvicorn, with the dispatch moved off the event loop.

Bolt's built-in ASGI handler calls the synchronous App on the event loop thread, which stalls every
other connection while one request is checked and acked; here each dispatch runs in a thread pool.
Every request gets one structured log line: what it was, its status and how long the ack took.

Nothing reaches Bolt unsigned. A POST to /slack/events without Slack's signature headers, or
with a timestamp that is not a recent number, is refused (401) before its body is read; the body
is then read here, bounded (a declared Content-Length over MAX_BODY is refused at once, unread,
and a body that arrives in pieces is counted as it comes and refused the moment it passes the
limit: 413, connection closed; it is never buffered whole), and its HMAC checked before anything
parses it (401). A signed body Bolt cannot read is a 400. Each refusal is one log line, without
a traceback.

At most MAX_IN_FLIGHT signed requests are read and answered at once (what the server holds in
memory: their bodies); more wait up to ADMIT_SECONDS for a turn, then get 503. Idle connections
do not count: they cost a socket each, bounded by uvicorn's connection limit and dropped after
protocol.FIRST_BYTE_SECONDS of silence.
"""

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_bolt.adapter.asgi.http_request import AsgiHttpRequest
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from adapt.bot.payloads import action_id_of, as_dict, first_action, kind_of, team_in, view_of
from adapt.bot.serving.signature import Unsigned, bolt_readable, signed_headers, verify

log = logging.getLogger("adapt.http")
DISPATCH_THREADS = 32
# The largest request Slack sends this app is a click on App Home, which carries the whole Home
# view back: about 50 KB form-encoded with 20 saved scenarios of the longest names and keys and
# 10 recent results (tests/test_limits.py builds it); a click on a Details message shared in a
# channel carries that message, about 21 KB; a slash command is under 1 KB. 256 KiB leaves five
# times the largest, and bounds what any one connection can make the server hold.
MAX_BODY = 256 * 1024
BODY_SECONDS = 10.0  # to receive a whole body; Slack sends it at once and gives up after 3 s
# A request's headers (Slack's are about 1 KB). uvicorn's h11 stops buffering an incomplete head
# at this size too, but a head that arrives in one read (up to 256 KiB) is parsed whole first.
MAX_HEAD = 16 * 1024
HEALTH_PATH = "/healthz"
# Signed requests read and answered at once: bounds the bodies held (MAX_IN_FLIGHT x MAX_BODY,
# 64 MiB) while leaving room for a burst far beyond DISPATCH_THREADS; a request past it waits
# for a turn for up to ADMIT_SECONDS (Slack gives up at 3 s), then gets 503.
MAX_IN_FLIGHT = 256
ADMIT_SECONDS = 2.0

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class BodyTooLarge(Exception):
    """The body passed MAX_BODY, declared or counted."""


def describe(request: BoltRequest) -> dict[str, Any]:
    """What a request was, without secrets: no tokens, no response_url, no free text."""
    body = as_dict(request.body)
    what: dict[str, Any] = {"kind": kind_of(body)}
    if "command" in body:
        what["command"] = str(body["command"])[:50]
    if first_action(body):
        what["action_id"] = action_id_of(body)[:100]
    view = view_of(body)
    if view.get("callback_id"):
        what["callback_id"] = str(view["callback_id"])[:100]
    team = team_in(body)
    if team:
        what["team"] = team[:20]
    retry = request.headers.get("x-slack-retry-num")
    if retry:
        what["retry"] = retry[0]
    return what


def log_request(request: BoltRequest, response: BoltResponse, started: float) -> None:
    outcome = {200: "acked", 400: "refused", 401: "rejected",
               404: "unhandled"}.get(response.status, "error")
    line = {"event": "request", **describe(request), "status": response.status,
            "outcome": outcome, "ms": round((time.perf_counter() - started) * 1000, 2)}
    log.info(json.dumps(line))


def declared_length(scope: dict[str, Any]) -> int | None:
    """The Content-Length header's value (h11 has already refused a malformed one)."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value)
    return None


async def read_body(receive: Receive, limit: int = MAX_BODY,
                    seconds: float = BODY_SECONDS) -> bytes:
    """The request body, counted as it arrives: BodyTooLarge as soon as it passes `limit`,
    TimeoutError when it takes longer than `seconds`, ConnectionError when the client leaves."""
    body = bytearray()
    async with asyncio.timeout(seconds):
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise ConnectionError("the client went away")
            body += message.get("body", b"")
            if len(body) > limit:
                raise BodyTooLarge(len(body))
            if not message.get("more_body", False):
                return bytes(body)


def replay(body: bytes) -> Receive:
    """A receive() that hands Bolt the body already read, then reports the end of the request."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        return pending.pop() if pending else {"type": "http.disconnect"}

    return receive


def log_refusal(kind: str, status: int, level: int = logging.WARNING, **more: Any) -> None:
    """The one log line of a request refused before Bolt saw it."""
    log.log(level, json.dumps({"event": "request", "kind": kind, "status": status, **more}))


async def refuse(send: Send, status: int, text: str) -> None:
    """Answer and close the connection: whatever the client still sends is never read."""
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": text.encode()})


class AdaptRequestHandler(SlackRequestHandler):
    """`closing` runs once, at shutdown, after the work after the acks has finished (the
    store's close: its queued result records are written then). `body_seconds`: how long a
    body may take to arrive."""

    def __init__(self, app: App, signing_secret: str, path: str = "/slack/events",
                 closing: Callable[[], None] | None = None,
                 body_seconds: float = BODY_SECONDS) -> None:
        super().__init__(app, path)
        self.body_seconds = body_seconds
        self.secret = signing_secret.encode()
        self.executor = ThreadPoolExecutor(DISPATCH_THREADS, thread_name_prefix="dispatch")
        self.turns = asyncio.Semaphore(MAX_IN_FLIGHT)
        self.closing = closing

    async def dispatch(self, request: AsgiHttpRequest) -> BoltResponse:
        """A signed body (checked in __call__) to Bolt, in the thread pool. One that Bolt cannot
        read (not JSON where JSON belongs, a payload that is not an object, nested past Python's
        recursion limit, parts of the wrong type) is a 400, never an exception."""
        started = time.perf_counter()
        try:
            bolt_request = BoltRequest(body=await request.get_raw_body(),
                                       query=request.query_string,
                                       headers=request.get_headers())
            if not isinstance(bolt_request.body, dict):
                raise TypeError("the payload is not an object")
        except Exception as error:  # whatever Bolt's parsing raised: the body is unreadable
            log_refusal("unreadable", 400, logging.INFO, error=type(error).__name__)
            return BoltResponse(status=400, body="unreadable request body")
        loop = asyncio.get_running_loop()
        response = await loop.run_in_executor(self.executor, self.app.dispatch, bolt_request)
        log_request(bolt_request, response, started)
        return response

    async def handle_installation(self, request: AsgiHttpRequest) -> BoltResponse:
        """GET /slack/install (OAuth mode): the Add to Slack page, with a new state."""
        assert self.app.oauth_flow is not None
        return await self._oauth("install", self.app.oauth_flow.handle_installation, request)

    async def handle_callback(self, request: AsgiHttpRequest) -> BoltResponse:
        """GET /slack/oauth_redirect: exchange the code, store the installation."""
        assert self.app.oauth_flow is not None
        return await self._oauth("oauth_redirect", self.app.oauth_flow.handle_callback, request)

    async def _oauth(self, kind: str, handle: Callable[[BoltRequest], BoltResponse],
                     request: AsgiHttpRequest) -> BoltResponse:
        """Like dispatch: in the thread pool (they touch the database and Slack's Web API).
        The query string (code, state) is never logged."""
        started = time.perf_counter()
        bolt_request = BoltRequest(body=await request.get_raw_body(), query=request.query_string,
                                   headers=request.get_headers())
        loop = asyncio.get_running_loop()
        response = await loop.run_in_executor(self.executor, handle, bolt_request)
        log.info(json.dumps({"event": "request", "kind": kind, "status": response.status,
                             "ms": round((time.perf_counter() - started) * 1000, 2)}))
        return response

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        if scope["path"] == HEALTH_PATH:
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": b"ok"})
            return
        if sum(len(name) + len(value) for name, value in scope["headers"]) > MAX_HEAD:
            log_refusal("headers_too_large", 431)
            await refuse(send, 431, "request headers too large")
            return
        if scope["method"] != "POST" or scope["path"] != self.path:
            await super().__call__(scope, receive, send)  # OAuth's pages, or 404
            return
        try:
            stamp, signature = signed_headers(scope["headers"])
        except Unsigned as error:  # refused before a byte of the body is read
            log_refusal("unsigned", 401, logging.INFO, reason=str(error))
            await refuse(send, 401, "invalid request")
            return
        try:
            async with asyncio.timeout(ADMIT_SECONDS):
                await self.turns.acquire()
        except TimeoutError:
            log_refusal("busy", 503, in_flight=MAX_IN_FLIGHT)
            await refuse(send, 503, "busy; try again")
            return
        try:
            await self._signed(scope, receive, send, stamp, signature)
        finally:
            self.turns.release()

    async def _signed(self, scope: dict[str, Any], receive: Receive, send: Send, stamp: bytes,
                      signature: bytes) -> None:
        """Read the body, bounded; check its signature; only then let Bolt parse it."""
        body = await self._bounded_body(scope, receive, send)
        if body is None:
            return
        try:
            verify(self.secret, stamp, signature, body)
        except Unsigned as error:
            log_refusal("unsigned", 401, logging.INFO, reason=str(error))
            await refuse(send, 401, "invalid request")
            return
        body, resigned = bolt_readable(self.secret, stamp, body)
        if resigned is not None:
            scope = {**scope, "headers": [(name, resigned if name == b"x-slack-signature"
                                           else value) for name, value in scope["headers"]]}
        await super().__call__(scope, replay(body), send)

    async def _bounded_body(self, scope: dict[str, Any], receive: Receive,
                            send: Send) -> bytes | None:
        """The body, or None once the request has been refused (413, 408) or abandoned."""
        declared = declared_length(scope)
        try:
            if declared is not None and declared > MAX_BODY:
                raise BodyTooLarge(declared)
            return await read_body(receive, seconds=self.body_seconds)
        except BodyTooLarge as error:
            log_refusal("too_large", 413, bytes=error.args[0], declared=declared is not None)
            await refuse(send, 413, "request body too large")
        except TimeoutError:
            log_refusal("too_slow", 408)
            await refuse(send, 408, "request body too slow")
        except ConnectionError:
            pass  # nobody left to answer
        return None

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        """uvicorn's start and stop: at stop, after the last connection has closed, finish the
        work after the acks and close the store, off the event loop."""
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
            message = await receive()
        if message["type"] == "lifespan.shutdown":
            await asyncio.to_thread(self.close)
            await send({"type": "lifespan.shutdown.complete"})

    def close(self) -> None:
        """Let requests in flight and the work after their acks finish, then run `closing`."""
        self.executor.shutdown(wait=True)
        self.app.listener_runner.listener_executor.shutdown(wait=True)  # type: ignore[attr-defined]
        if self.closing is not None:
            closing, self.closing = self.closing, None
            closing()
