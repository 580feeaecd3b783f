"""The Bolt app factory: one place that wires settings, storage, the Web API client and the
listeners. Token mode (one workspace) unless the settings carry OAuth credentials."""

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.delivery import retry_handlers
from bot.flows import STORE_KEY
from bot.listeners import register_listeners
from bot.settings import Settings
from bot.store import Store

LISTENER_THREADS = 16  # work after the ack: rendering and posting replies
WEB_API_TIMEOUT = 10


def create_app(settings: Settings, store: Store, *, verify_token: bool = True) -> App:
    token = settings.bot_token.get_secret_value() if settings.bot_token and not settings.oauth \
        else None
    client = WebClient(token=token, base_url=settings.api_url, timeout=WEB_API_TIMEOUT,
                       retry_handlers=retry_handlers())
    how: dict[str, Any] = {"token_verification_enabled": verify_token}
    if settings.oauth:
        from bot.installs import oauth_settings

        how = {"oauth_settings": oauth_settings(settings, store)}
    app = App(
        client=client,
        signing_secret=settings.signing_secret.get_secret_value(),
        listener_executor=ThreadPoolExecutor(LISTENER_THREADS, thread_name_prefix="adapt"),
        logger=logging.getLogger("adapt.bolt"),
        **how,
    )

    @app.use
    def attach_store(context: BoltContext, next: Any) -> None:  # `next` is Bolt's name for it
        context[STORE_KEY] = store
        next()

    register_listeners(app)
    return app
