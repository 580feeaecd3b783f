"""Settings from the environment or `.env`, validated once at start. Secrets never print."""

import os
from pathlib import Path

from dotenv import load_dotenv
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

WHERE = {
    "SLACK_BOT_TOKEN": "OAuth & Permissions > Bot User OAuth Token (xoxb-...) in your app's"
                       " settings at api.slack.com/apps",
    "SLACK_SIGNING_SECRET": "Basic Information > App Credentials > Signing Secret",
    "SLACK_APP_TOKEN": "Basic Information > App-Level Tokens, with the connections:write scope"
                       " (xapp-...)",
    "SLACK_API_URL": "leave unset for Slack itself; tests point it at a fake Slack",
    "DATABASE_URL": "leave unset for ./adapt.db (SQLite), or e.g."
                    " postgresql+psycopg://user:password@host/dbname",
    "ADAPT_RETENTION_DAYS": "a whole number of days to keep result records (default 90)",
}
DEFAULT_API_URL = "https://slack.com/api/"


class SettingsError(Exception):
    """One line naming the setting and where to get it."""


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    bot_token: SecretStr
    signing_secret: SecretStr
    app_token: SecretStr | None = None
    api_url: str = DEFAULT_API_URL
    database_url: SecretStr  # may carry a password
    retention_days: int = Field(default=90, ge=1, le=36_500)

    @field_validator("bot_token")
    @classmethod
    def _bot_token(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().startswith("xoxb-"):
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

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: SecretStr) -> SecretStr:
        if "://" not in value.get_secret_value():
            raise ValueError("must be a URL such as sqlite:///adapt.db or postgresql://...")
        return value

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None


_ENV_NAMES = {"bot_token": "SLACK_BOT_TOKEN", "signing_secret": "SLACK_SIGNING_SECRET",
              "app_token": "SLACK_APP_TOKEN", "api_url": "SLACK_API_URL",
              "database_url": "DATABASE_URL", "retention_days": "ADAPT_RETENTION_DAYS"}


def database_url() -> str:
    """DATABASE_URL (after `.env`), or an SQLite file in the working directory."""
    from bot.store import default_url, normalize_url

    load_dotenv(Path.cwd() / ".env", override=False)
    return normalize_url(os.environ.get("DATABASE_URL") or default_url())


def load_settings(env_file: Path | None = None) -> Settings:
    """Read the environment (after `.env`, which never overrides a variable already set)."""
    load_dotenv(env_file or Path.cwd() / ".env", override=False)
    values = {field: os.environ[name] for field, name in _ENV_NAMES.items()
              if os.environ.get(name)}
    for field in ("bot_token", "signing_secret"):
        if field not in values:
            name = _ENV_NAMES[field]
            raise SettingsError(f"{name} is not set: find it under {WHERE[name]}")
    values["database_url"] = database_url()
    try:
        return Settings(**values)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        name = _ENV_NAMES[str(first["loc"][0])]
        raise SettingsError(f"{name} {message}: see {WHERE[name]}") from None
