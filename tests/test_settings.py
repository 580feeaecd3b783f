"""Settings: the Slack credentials, the database and retention, each mistake named in one
line."""

import pytest

from bot.settings import _ENV_NAMES, SettingsError, load_settings

SIGNING = {"SLACK_SIGNING_SECRET": "s" * 20}


@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .env from the checkout
    for name in _ENV_NAMES.values():
        monkeypatch.delenv(name, raising=False)

    def set_env(**values: str):
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        return load_settings()

    return set_env


def test_a_bot_token_is_needed_and_the_database_defaults_to_sqlite_here(env, tmp_path):
    with pytest.raises(SettingsError, match=r"SLACK_BOT_TOKEN is not set"):
        env(**SIGNING)
    settings = env(**SIGNING, SLACK_BOT_TOKEN="xoxb-1")
    assert settings.retention_days == 90
    assert settings.database_url.get_secret_value() == f"sqlite:///{tmp_path / 'adapt.db'}"


def test_database_url_and_retention(env):
    settings = env(**SIGNING, SLACK_BOT_TOKEN="xoxb-1", DATABASE_URL="postgres://u:p@h/db",
                   ADAPT_RETENTION_DAYS="30")
    assert settings.database_url.get_secret_value() == "postgresql+psycopg://u:p@h/db"
    assert settings.retention_days == 30
    assert "u:p@h" not in repr(settings)
    for bad in ("0", "abc", "-5"):
        with pytest.raises(SettingsError, match=r"^ADAPT_RETENTION_DAYS"):
            env(**SIGNING, SLACK_BOT_TOKEN="xoxb-1", ADAPT_RETENTION_DAYS=bad)
    with pytest.raises(SettingsError, match=r"^DATABASE_URL must be a URL"):
        env(**SIGNING, SLACK_BOT_TOKEN="xoxb-1", DATABASE_URL="adapt.db")
