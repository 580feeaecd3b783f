"""Multi-workspace installs: Bolt's OAuth flow with slack_sdk's SQLAlchemy stores on our database.

The installation and state tables are created by the Alembic migrations (storage/,
adapt.storage), like every other table. SLACK_STATE_SECRET signs each OAuth state, so a state
that this app did not issue is refused before the database is asked.
"""

import hashlib
import hmac
import logging
from logging import Logger

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.state_utils import OAuthStateUtils
from sqlalchemy import MetaData

from adapt.bot.settings import Settings
from adapt.storage.store import Store

log = logging.getLogger("adapt.installs")

# The bot scopes the app asks for; manifest.yaml declares the same (tests/test_manifest.py).
SCOPES = ("commands", "chat:write", "users:read", "files:write", "files:read", "canvases:write")
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600


class SignedStateStore(OAuthStateStore):
    """States are `RANDOM.HMAC(secret, RANDOM)`; the database keeps them single-use and expiring."""

    def __init__(self, secret: str, inner: OAuthStateStore) -> None:
        self._key = secret.encode()
        self._inner = inner

    @property
    def logger(self) -> Logger:
        return log

    def _sign(self, state: str) -> str:
        return hmac.new(self._key, state.encode(), hashlib.sha256).hexdigest()[:32]

    def issue(self, *args: object, **kwargs: object) -> str:
        state = self._inner.issue()
        return f"{state}.{self._sign(state)}"

    def consume(self, state: str) -> bool:
        raw, _, signature = state.rpartition(".")
        if not raw or not hmac.compare_digest(signature, self._sign(raw)):
            log.warning("OAuth state refused: not signed by this app")
            return False
        return self._inner.consume(raw)


class LaxStateCookie(OAuthStateUtils):
    """The state cookie with SameSite=Lax: the browser sends it on Slack's redirect back (a
    top-level GET) and on no request another site makes in the background. slack_sdk sets no
    SameSite, which leaves the choice to each browser."""

    def build_set_cookie_for_new_state(self, state: str) -> str:
        return super().build_set_cookie_for_new_state(state) + "; SameSite=Lax"

    def build_set_cookie_for_deletion(self) -> str:
        return super().build_set_cookie_for_deletion() + "; SameSite=Lax"


def installation_store(settings: Settings, store: Store) -> SQLAlchemyInstallationStore:
    return SQLAlchemyInstallationStore(client_id=settings.client_id or "", engine=store.writer,
                                       logger=log)


def oauth_settings(settings: Settings, store: Store) -> OAuthSettings:
    assert settings.client_id and settings.client_secret and settings.state_secret
    states = SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=store.writer,
                                       logger=log)
    how = OAuthSettings(
        client_id=settings.client_id,
        client_secret=settings.client_secret.get_secret_value(),
        scopes=list(SCOPES),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=installation_store(settings, store),
        state_store=SignedStateStore(settings.state_secret.get_secret_value(), states),
        state_expiration_seconds=STATE_SECONDS,
        logger=logging.getLogger("adapt.oauth"),
    )
    how.state_utils = LaxStateCookie(cookie_name=how.state_cookie_name,
                                     expiration_seconds=STATE_SECONDS)
    return how


def slack_metadata() -> MetaData:
    """slack_sdk's OAuth tables as its stores define them (the migrations create them)."""
    metadata = MetaData()
    store = SQLAlchemyInstallationStore
    store.build_installations_table(metadata, store.default_installations_table_name)
    store.build_bots_table(metadata, store.default_bots_table_name)
    states = SQLAlchemyOAuthStateStore
    states.build_oauth_states_table(metadata, states.default_table_name)
    return metadata
