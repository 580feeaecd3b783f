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
    "ADAPT_HTTP_TIMEOUT": "seconds to wait for Slack's Web API and response_urls (1-60)",
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
    http_timeout: int = Field(default=10, ge=1, le=60)

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

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None


_ENV_NAMES = {"bot_token": "SLACK_BOT_TOKEN", "signing_secret": "SLACK_SIGNING_SECRET",
              "app_token": "SLACK_APP_TOKEN", "api_url": "SLACK_API_URL",
              "http_timeout": "ADAPT_HTTP_TIMEOUT"}


def load_settings(env_file: Path | None = None) -> Settings:
    """Read the environment (after `.env`, which never overrides a variable already set)."""
    load_dotenv(env_file or Path.cwd() / ".env", override=False)
    values = {field: os.environ[name] for field, name in _ENV_NAMES.items()
              if os.environ.get(name)}
    for field in ("bot_token", "signing_secret"):
        if field not in values:
            name = _ENV_NAMES[field]
            raise SettingsError(f"{name} is not set: find it under {WHERE[name]}")
    try:
        return Settings(**values)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        name = _ENV_NAMES[str(first["loc"][0])]
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{name} {message}: find it under {WHERE[name]}") from None
