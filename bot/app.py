"""The Bolt app factory: one place that wires settings, storage, the Web API client and the
listeners. Token mode (one workspace) unless the settings carry OAuth credentials."""

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from adapt.bot.delivery import retry_handlers
from adapt.bot.listeners import register_listeners
from adapt.bot.middleware import SeenRequests
from adapt.bot.middleware import build as build_middleware
from adapt.bot.payloads import kind_of
from adapt.bot.request import STORE_KEY
from adapt.bot.settings import Settings
from adapt.storage.store import Store

log = logging.getLogger("adapt.app")
LISTENER_THREADS = 16  # work after the ack: rendering and posting replies


def create_app(settings: Settings, store: Store, *, verify_token: bool = True) -> App:
    token = settings.bot_token.get_secret_value() if settings.bot_token and not settings.oauth \
        else None
    client = WebClient(token=token, base_url=settings.api_url, timeout=settings.http_timeout,
                       retry_handlers=retry_handlers(settings.max_retry_wait))
    how: dict[str, Any] = {"token_verification_enabled": verify_token}
    if settings.oauth:
        from adapt.bot.installs import oauth_settings

        how = {"oauth_settings": oauth_settings(settings, store)}
    app = App(
        client=client,
        signing_secret=settings.signing_secret.get_secret_value(),
        process_before_response=True,  # acks run in the request; work goes to lazy listeners
        listener_executor=ThreadPoolExecutor(LISTENER_THREADS, thread_name_prefix="adapt"),
        logger=logging.getLogger("adapt.bolt"),
        **how,
    )
    for middleware in build_middleware(SeenRequests(), claim=store.claim_delivery):
        app.use(middleware)
    app.error(_log_listener_error)

    @app.use
    def attach_store(context: BoltContext, next: Any) -> None:  # `next` is Bolt's name for it
        context[STORE_KEY] = store
        next()

    register_listeners(app)
    return app


def _log_listener_error(error: Exception, body: dict[str, object]) -> None:
    """One line with context; the request still gets a clean answer, the server keeps serving."""
    log.error("listener failed: kind=%s error=%s: %s", kind_of(body), type(error).__name__,
              str(error)[:200])
