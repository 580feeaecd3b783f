"""HTTP serving: Bolt's ASGI adapter under uvicorn, with the dispatch moved off the event loop.

Bolt's built-in ASGI handler calls the synchronous App on the event loop thread, which stalls every
other connection while one request is checked and acked; here each dispatch runs in a thread pool.
Every request gets one structured log line: what it was, its status and how long the ack took.
"""

import asyncio
import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.asgi import SlackRequestHandler
from slack_bolt.adapter.asgi.http_request import AsgiHttpRequest
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from adapt.bot.payloads import action_id_of, as_dict, first_action, kind_of, team_in, view_of

log = logging.getLogger("adapt.http")
DISPATCH_THREADS = 32
MAX_BODY = 1_000_000
HEALTH_PATH = "/healthz"


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
    outcome = {200: "acked", 401: "rejected", 404: "unhandled"}.get(response.status, "error")
    line = {"event": "request", **describe(request), "status": response.status,
            "outcome": outcome, "ms": round((time.perf_counter() - started) * 1000, 2)}
    log.info(json.dumps(line))


class AdaptRequestHandler(SlackRequestHandler):
    def __init__(self, app: App, path: str = "/slack/events") -> None:
        super().__init__(app, path)
        self.executor = ThreadPoolExecutor(DISPATCH_THREADS, thread_name_prefix="dispatch")

    async def dispatch(self, request: AsgiHttpRequest) -> BoltResponse:
        started = time.perf_counter()
        try:
            body = await request.get_raw_body()
            bolt_request = BoltRequest(body=body, query=request.query_string,
                                       headers=request.get_headers())
        except (UnicodeDecodeError, ValueError):
            log.info(json.dumps({"event": "request", "kind": "unreadable", "status": 400}))
            return BoltResponse(status=400, body="unreadable request body")
        if len(body) > MAX_BODY:
            return BoltResponse(status=413, body="request body too large")
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
        if scope["type"] == "http" and scope["path"] == HEALTH_PATH:
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": b"ok"})
            return
        await super().__call__(scope, receive, send)

    def close(self) -> None:
        """Let requests in flight and the work after their acks finish."""
        self.executor.shutdown(wait=True)
        self.app.listener_runner.listener_executor.shutdown(wait=True)  # type: ignore[attr-defined]
