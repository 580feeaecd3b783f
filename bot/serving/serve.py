"""`adapt serve`: Socket Mode with SLACK_APP_TOKEN, otherwise HTTP through uvicorn."""

import logging
import signal
import sys
import threading
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.error import BoltError
from sqlalchemy.exc import SQLAlchemyError

from adapt.bot.app import create_app
from adapt.bot.settings import Settings, SettingsError, load_settings
from adapt.storage.store import Store, shown_url

if TYPE_CHECKING:
    from uvicorn.protocols.http.h11_impl import H11Protocol

    from adapt.bot.serving.asgi import AdaptRequestHandler

log = logging.getLogger("adapt.serve")


# Token prefixes, and response_urls (anyone holding one can post as the app for 30 minutes).
SECRET_MARKERS = ("xoxb-", "xoxp-", "xapp-", "xoxe", "hooks.slack.com", "response_url=")


class _NoSecrets(logging.Filter):
    """Last line of defence: drop any log record that carries a Slack token."""

    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        return not any(marker in text for marker in SECRET_MARKERS)


def configure_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    # The process id tells `--workers` processes apart.
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"))
    handler.addFilter(_NoSecrets())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    # Bolt logs a rejected request's whole body at INFO, and slack_sdk each retry's URL (a
    # response_url); our own request and delivery lines say enough.
    for chatty in ("slack_bolt", "slack_sdk"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # we log the revision ourselves


def _serve_socket_mode(app: App, app_token: str) -> int:
    """Socket Mode until SIGTERM/SIGINT, then finish the work after the acks and exit 0."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    stopping = threading.Event()
    for stop in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop, lambda signum, frame: stopping.set())
    handler = SocketModeHandler(app, app_token)
    handler.connect()
    log.info("serving over Socket Mode")
    stopping.wait()
    handler.close()
    app.listener_runner.listener_executor.shutdown(wait=True)  # type: ignore[attr-defined]
    log.info("stopped cleanly")
    return 0


def open_store(url: str, retention_days: int) -> Store:
    store = Store.open(url, retention_days=retention_days)
    log.info("database %s ready (result records kept %d days)", shown_url(url), retention_days)
    return store


# uvicorn's bounds, per process: request heads (request line and headers; Slack's are about
# 1 KB) at most 16 KiB, idle keep-alive connections closed after 5 s, at most MAX_CONNECTIONS
# open connections (idle ones count: past it, 503) and 20 s for requests in flight at shutdown.
# The connection limit is far above the requests answered at once (asgi.MAX_IN_FLIGHT), so
# silent sockets cannot crowd out signed requests; BoundedH11Protocol drops a new connection
# that sends nothing for 2 s, and one whose head takes over 10 s. h11 is named because the head
# bound is its setting (httptools, if installed, would ignore it); no WebSockets.
KEEP_ALIVE_SECONDS = 5
MAX_CONNECTIONS = 4096
FILES_BESIDES_CONNECTIONS = 64  # the database, the log, Slack's Web API, Python's own
BACKLOG = 2048
GRACEFUL_SECONDS = 20


def connection_limit() -> int:
    """MAX_CONNECTIONS, or fewer when the process may not open that many files. The soft limit
    on open files is raised toward the hard one first (many hosts start processes at 1,024);
    worker processes inherit it."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = MAX_CONNECTIONS + FILES_BESIDES_CONNECTIONS
    if soft != resource.RLIM_INFINITY and soft < wanted:
        soft = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    if soft == resource.RLIM_INFINITY:
        return MAX_CONNECTIONS
    return max(1, min(MAX_CONNECTIONS, soft - FILES_BESIDES_CONNECTIONS))


def uvicorn_options(connections: int = MAX_CONNECTIONS,
                    http: "type[H11Protocol] | None" = None) -> dict[str, Any]:
    """`http`: the protocol class; BoundedH11Protocol (its deadlines) unless given."""
    from adapt.bot.serving.asgi import MAX_HEAD  # asgi checks heads parsed in one read
    from adapt.bot.serving.protocol import BoundedH11Protocol

    return {"http": http or BoundedH11Protocol, "ws": "none", "lifespan": "on",
            "h11_max_incomplete_event_size": MAX_HEAD,
            "timeout_keep_alive": KEEP_ALIVE_SECONDS, "limit_concurrency": connections,
            "backlog": BACKLOG, "timeout_graceful_shutdown": GRACEFUL_SECONDS,
            "log_config": None, "access_log": False}


def serve(host: str, port: int, workers: int = 1) -> int:
    configure_logging()
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"adapt serve: {error}", file=sys.stderr)
        return 2
    if workers > 1 and settings.socket_mode:
        print("adapt serve: --workers needs HTTP mode: Socket Mode keeps one connection to"
              " Slack (unset SLACK_APP_TOKEN to serve HTTP)", file=sys.stderr)
        return 2
    url = settings.database_url.get_secret_value()
    try:
        store = open_store(url, settings.retention_days)
    except (SQLAlchemyError, OSError) as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0][:200]
        print(f"adapt serve: cannot open the database {shown_url(url)}: {reason}",
              file=sys.stderr)
        return 2
    try:
        app = create_app(settings, store)
    except BoltError as error:  # auth.test refused the token
        print(f"adapt serve: Slack refused to start the app: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # Slack could not be reached to check the token
        reason = getattr(error, "reason", None) or error
        print(f"adapt serve: cannot reach Slack at {settings.api_url}: {reason}", file=sys.stderr)
        return 2
    if settings.socket_mode:
        status = _serve_socket_mode(app, settings.app_token.get_secret_value())  # type: ignore[union-attr]
        store.close()
        return status
    return _serve_http(app, store, settings, host, port, workers)


def _fork_workers() -> None:
    """Have uvicorn fork its workers from this process instead of spawning new interpreters.

    uvicorn starts each worker with multiprocessing's "spawn": a new Python that imports the
    app again (Slack's SDK, SQLAlchemy, the engine, the templates), all workers at once, after
    this process has done the same to check the settings: with two workers on two cores the
    first reply took twice the start of one. This process has imported everything and runs no
    other thread (its pool and executors are closed), so a forked worker starts from that copy
    and only builds its own app (make_app below: its own connections, threads after the fork).
    uvicorn names its context `spawn` in uvicorn._subprocess; should that change, or fork be
    unavailable, or a thread be running, workers are spawned as before."""
    import multiprocessing

    from uvicorn import _subprocess

    if not hasattr(_subprocess, "spawn") or "fork" not in multiprocessing.get_all_start_methods():
        return
    if threading.active_count() > 1:
        log.warning("workers are spawned, not forked: %d threads are running",
                    threading.active_count())
        return
    _subprocess.spawn = multiprocessing.get_context("fork")  # type: ignore[assignment]


def _serve_http(app: App, store: Store, settings: Settings, host: str, port: int,
                workers: int) -> int:
    """uvicorn until SIGTERM/SIGINT. One process serves the app built here; with workers, this
    process has checked the settings, the database (migrated) and the token, and each worker
    builds its own app (make_app below). Either way each process, at shutdown, lets its requests
    in flight and the work after their acks finish, then writes its queued records."""
    import uvicorn

    from adapt.bot.serving.asgi import AdaptRequestHandler

    paths = "/slack/events" + (", /slack/install and /slack/oauth_redirect" if settings.oauth
                               else "")
    connections = connection_limit()
    log.info("serving HTTP on %s:%s at %s (%s%s, at most %d connections%s)", host, port, paths,
             "OAuth: many workspaces" if settings.oauth else "token mode: one workspace",
             f", {workers} workers" if workers > 1 else "", connections,
             " each" if workers > 1 else "")
    target: Any = AdaptRequestHandler(app, settings.signing_secret.get_secret_value(),
                                      closing=store.close)
    if workers > 1:
        target.close()  # this process serves nothing itself: its pool and threads go now
        target = "adapt.bot.serving.serve:make_app"
        _fork_workers()
    # uvicorn shuts down gracefully on SIGTERM/SIGINT, then re-raises the signal against the
    # handler that was installed before it; this one lets the process exit 0 instead of dying
    # by the signal once the work is done.
    for stop in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop, lambda signum, frame: None)
    uvicorn.run(target, host=host, port=port, workers=workers, factory=workers > 1,
                **uvicorn_options(connections))
    log.info("stopped cleanly")
    return 0


def make_app() -> "AdaptRequestHandler":
    """The app of one `adapt serve --workers N` worker, built in that worker (uvicorn imports
    this factory in each process it spawns): settings from the environment as the parent read
    them, a connection pool of its own, no migrations (the parent applied them before starting
    the workers) and Slack's auth.test once, so no request waits for it."""
    from adapt.bot.serving.asgi import AdaptRequestHandler
    from adapt.storage.store import make_engine

    configure_logging()
    settings = load_settings()
    store = Store(make_engine(settings.database_url.get_secret_value()),
                  retention_days=settings.retention_days)

    def closing() -> None:
        store.close()
        log.info("worker stopped cleanly")

    return AdaptRequestHandler(create_app(settings, store),
                               settings.signing_secret.get_secret_value(), closing=closing)
