"""The real Bolt app, in-process: `create_app` (bot/app.py) against the fake Slack, each request
signed like Slack's and handed to `App.dispatch` as bolt-python's own tests do (BoltApp).

No server and no process: `dispatch` returns the ack; the work after it runs in the app's
listener threads and shows as calls the fake Slack records, so a test waits on those exactly as
it does over HTTP. What only the server does (refusing unsigned or oversized bodies before Bolt
reads them, its log lines) is tested over HTTP: `adapt serve` as a process
(helpers.slackapp.LiveApp), or, where a test shortens the server's deadlines, the same handler
and uvicorn bounds served from a thread of this process (InProcessServer).
"""

import logging
import tempfile
import threading
import time
from types import TracebackType
from typing import Any, Self

import uvicorn
from slack_bolt.request import BoltRequest

from adapt.bot.app import create_app
from adapt.bot.settings import Settings
from adapt.storage.store import Store
from helpers.slackapp import BOT_TOKEN, SIGNING_SECRET, OverHttp, Reply, SlackRequests, free_port

# Loggers whose ERROR records mean a listener raised: our error handler's "listener failed"
# (bot/app.py) and Bolt's own (create_app names Bolt's logger adapt.bolt).
LISTENER_ERRORS = ("adapt.app", "adapt.bolt")


class BoltApp(SlackRequests):
    """The app as `adapt serve` builds it (token mode, a database of its own unless given one;
    `settings`: other Settings, as an environment variable would set them). What Adapt logs while
    it lives (at INFO, as `adapt serve` logs; any app in this process) reads as `log()`; the
    listener errors among it are in `errors`."""

    def __init__(self, api_url: str, database_url: str = "", **settings: Any) -> None:
        self.database_url = database_url or \
            f"sqlite:///{tempfile.mkdtemp(prefix='adapt-bolt-')}/adapt.db"
        self.store = Store.open(self.database_url)
        self.app = create_app(Settings(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET,
                                       api_url=api_url, database_url=self.database_url,
                                       **settings),
                              self.store)
        self.errors: list[logging.LogRecord] = []
        self.lines: list[str] = []
        self._handler = logging.Handler(logging.INFO)
        self._handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        self._handler.emit = self._record  # type: ignore[method-assign]
        logger = logging.getLogger("adapt")
        logger.addHandler(self._handler)
        if logger.getEffectiveLevel() > logging.INFO:
            logger.setLevel(logging.INFO)

    def _record(self, record: logging.LogRecord) -> None:
        self.lines.append(self._handler.format(record))
        if record.name in LISTENER_ERRORS and record.levelno >= logging.ERROR:
            self.errors.append(record)

    def log(self) -> str:
        return "\n".join(self.lines) + "\n"

    def post(self, body: str, headers: dict[str, str], path: str = "/slack/events") -> Reply:
        response = self.app.dispatch(BoltRequest(
            body=body, headers={name.lower(): [value] for name, value in headers.items()}))
        return Reply(response.status, response.body)

    def close(self) -> None:
        """Let the work after the acks finish, then write the store's queued records."""
        self.app.listener_runner.listener_executor.shutdown(wait=True)  # type: ignore[attr-defined]
        logging.getLogger("adapt").removeHandler(self._handler)
        self.store.close()


class InProcessServer(OverHttp):
    """A BoltApp served over HTTP as `adapt serve` serves it (its ASGI handler, uvicorn with its
    protocol and bounds), from a thread of this process, with its deadlines for a request to
    arrive (first byte, head, body) `scale` times as long. A context manager: started on entry,
    stopped on exit."""

    def __init__(self, api_url: str, scale: float = 1.0) -> None:
        from adapt.bot.serving import protocol
        from adapt.bot.serving.asgi import BODY_SECONDS, AdaptRequestHandler
        from adapt.bot.serving.serve import uvicorn_options

        self.bolt = BoltApp(api_url)
        self.port = free_port()
        self.head_seconds = protocol.REQUEST_HEAD_SECONDS * scale
        handler = AdaptRequestHandler(self.bolt.app, SIGNING_SECRET,
                                      body_seconds=BODY_SECONDS * scale)
        http = protocol.BoundedH11Protocol.with_deadlines(
            first_byte=protocol.FIRST_BYTE_SECONDS * scale, head=self.head_seconds)
        self.server = uvicorn.Server(uvicorn.Config(handler, host="127.0.0.1", port=self.port,
                                                    **uvicorn_options(http=http)))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.server.should_exit = True  # as on SIGTERM: the work in flight finishes first
        self.thread.join(30)
        self.bolt.close()
