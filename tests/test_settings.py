"""Settings: token mode by default, OAuth mode with all three OAuth settings, the database and
retention, each mistake named in one line."""

import pytest

from adapt.bot.settings import _ENV_NAMES, SettingsError, load_settings

SIGNING = {"SLACK_SIGNING_SECRET": "s" * 20}
OAUTH = {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "c" * 20,
         "SLACK_STATE_SECRET": "x" * 32}


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


def test_token_mode_is_the_default_and_needs_a_bot_token(env, tmp_path):
    with pytest.raises(SettingsError, match=r"SLACK_BOT_TOKEN is not set.*SLACK_CLIENT_ID"):
        env(**SIGNING)
    settings = env(**SIGNING, SLACK_BOT_TOKEN="xoxb-1")
    assert not settings.oauth and settings.retention_days == 90
    assert settings.database_url.get_secret_value() == f"sqlite:///{tmp_path / 'adapt.db'}"


def test_oauth_mode_needs_no_bot_token(env):
    settings = env(**SIGNING, **OAUTH, SLACK_BOT_TOKEN="xoxb-ignored")
    assert settings.oauth and settings.bot_token is None
    assert env(**SIGNING, **OAUTH).oauth


@pytest.mark.parametrize("missing", list(OAUTH))
def test_oauth_needs_all_three(env, missing):
    given = {name: value for name, value in OAUTH.items() if name != missing}
    with pytest.raises(SettingsError, match=rf"^{missing} is not set"):
        env(**SIGNING, SLACK_BOT_TOKEN="xoxb-1", **given)


@pytest.mark.parametrize("extra, needle", [
    ({"SLACK_STATE_SECRET": "short"}, "SLACK_STATE_SECRET must be at least 16 characters"),
    ({"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_APP_TOKEN cannot be combined with OAuth"),
])
def test_oauth_mistakes_are_named(env, extra, needle):
    with pytest.raises(SettingsError, match=needle):
        env(**SIGNING, **{**OAUTH, **extra})


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
