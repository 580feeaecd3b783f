"""Settings from the environment or `.env`, validated once at start. Secrets never print.

Two ways to run: token mode (one workspace: SLACK_BOT_TOKEN), the default, or OAuth mode (any
number of workspaces install the app: SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET,
with the installations kept in the database).
"""

import os
from pathlib import Path

from dotenv import load_dotenv
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from adapt.bot.delivery import MAX_RETRY_WAIT
from adapt.storage.store import database_url

WHERE = {
    "SLACK_BOT_TOKEN": "OAuth & Permissions > Bot User OAuth Token (xoxb-...) in your app's"
                       " settings at api.slack.com/apps (or set SLACK_CLIENT_ID,"
                       " SLACK_CLIENT_SECRET and SLACK_STATE_SECRET to install into many"
                       " workspaces)",
    "SLACK_SIGNING_SECRET": "Basic Information > App Credentials > Signing Secret",
    "SLACK_APP_TOKEN": "Basic Information > App-Level Tokens, with the connections:write scope"
                       " (xapp-...)",
    "SLACK_API_URL": "leave unset for Slack itself; tests point it at a fake Slack",
    "SLACK_CLIENT_ID": "Basic Information > App Credentials > Client ID",
    "SLACK_CLIENT_SECRET": "Basic Information > App Credentials > Client Secret",
    "SLACK_STATE_SECRET": "any long random string you make up (it signs the OAuth state), e.g."
                          " from `python3 -c 'import secrets; print(secrets.token_urlsafe(32))'`",
    "DATABASE_URL": "leave unset for ./adapt.db (SQLite), or e.g."
                    " postgresql+psycopg://user:password@host/dbname",
    "ADAPT_RETENTION_DAYS": "a whole number of days to keep result records (default 90)",
    "ADAPT_HTTP_TIMEOUT": "seconds to wait for Slack's Web API and response_urls (1-60)",
    "ADAPT_MAX_RETRY_WAIT": "the most seconds to wait before trying Slack again, a rate"
                            " limit's Retry-After included (above 0, at most 60; default 5)",
}
DEFAULT_API_URL = "https://slack.com/api/"
OAUTH_NAMES = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET")
STATE_SECRET_MIN = 16


class SettingsError(Exception):
    """One line naming the setting and where to get it."""


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    bot_token: SecretStr | None = None
    signing_secret: SecretStr
    app_token: SecretStr | None = None
    api_url: str = DEFAULT_API_URL
    client_id: str | None = None
    client_secret: SecretStr | None = None
    state_secret: SecretStr | None = None
    database_url: SecretStr  # may carry a password
    retention_days: int = Field(default=90, ge=1, le=36_500)
    http_timeout: int = Field(default=10, ge=1, le=60)
    max_retry_wait: float = Field(default=MAX_RETRY_WAIT, gt=0, le=60)

    @field_validator("bot_token")
    @classmethod
    def _bot_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("must be a bot token starting with xoxb-")
        return value

    @field_validator("app_token")
    @classmethod
    def _app_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("must be an app-level token starting with xapp-")
        return value

    @field_validator("api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL")
        return value if value.endswith("/") else value + "/"

    @field_validator("state_secret")
    @classmethod
    def _state_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < STATE_SECRET_MIN:
            raise ValueError(f"must be at least {STATE_SECRET_MIN} characters")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: SecretStr) -> SecretStr:
        if "://" not in value.get_secret_value():
            raise ValueError("must be a URL such as sqlite:///adapt.db or postgresql://...")
        return value

    @model_validator(mode="after")
    def _mode(self) -> "Settings":
        if self.oauth and self.app_token is not None:
            raise ValueError("app_token: cannot be combined with OAuth installs; OAuth needs HTTP"
                             " mode (unset SLACK_APP_TOKEN)")
        return self

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None

    @property
    def oauth(self) -> bool:
        return self.client_id is not None


_ENV_NAMES = {"bot_token": "SLACK_BOT_TOKEN", "signing_secret": "SLACK_SIGNING_SECRET",
              "app_token": "SLACK_APP_TOKEN", "api_url": "SLACK_API_URL",
              "client_id": "SLACK_CLIENT_ID", "client_secret": "SLACK_CLIENT_SECRET",
              "state_secret": "SLACK_STATE_SECRET", "database_url": "DATABASE_URL",
              "retention_days": "ADAPT_RETENTION_DAYS", "http_timeout": "ADAPT_HTTP_TIMEOUT",
              "max_retry_wait": "ADAPT_MAX_RETRY_WAIT"}


def load_settings(env_file: Path | None = None) -> Settings:
    """Read the environment (after `.env`, which never overrides a variable already set)."""
    load_dotenv(env_file or Path.cwd() / ".env", override=False)
    values = {field: os.environ[name] for field, name in _ENV_NAMES.items()
              if os.environ.get(name)}
    oauth = [name for name in OAUTH_NAMES if os.environ.get(name)]
    if oauth and len(oauth) < len(OAUTH_NAMES):
        missing = next(name for name in OAUTH_NAMES if name not in oauth)
        raise SettingsError(f"{missing} is not set, but {oauth[0]} is: OAuth installs need"
                            f" {', '.join(OAUTH_NAMES)}; find it under {WHERE[missing]}")
    required = ["signing_secret"] if oauth else ["bot_token", "signing_secret"]
    for field in required:
        if field not in values:
            name = _ENV_NAMES[field]
            raise SettingsError(f"{name} is not set: find it under {WHERE[name]}")
    if oauth:
        values.pop("bot_token", None)  # each workspace's token comes from its installation
    values["database_url"] = database_url()
    try:
        return Settings(**values)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        field = str(first["loc"][0]) if first["loc"] else message.partition(":")[0]
        message = message.removeprefix(f"{field}: ")
        name = _ENV_NAMES.get(field, field)
        raise SettingsError(f"{name} {message}: see {WHERE[name]}") from None
