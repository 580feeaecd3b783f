"""Multi-workspace installs: `adapt serve` with OAuth settings on SQLite and PostgreSQL, over real
HTTP: the install page, the redirect that stores an installation, the installed workspace using
the app with its own token, and revoked tokens or an uninstall deleting the installation."""

import base64
import html
import json
import re
import time
from urllib.parse import parse_qs, quote, urlparse

import pytest
from helpers.fakeslack import INSTALLED_TEAM, INSTALLED_TOKEN
from helpers.slackapp import LiveApp
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from adapt.bot.installs import SCOPES
from adapt.storage.store import Store

pytestmark = pytest.mark.http  # the install pages and redirects of `adapt serve`

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "client-secret-not-for-logs"
STATE_SECRET = "state-secret-0123456789-not-for-logs"
OAUTH_ENV = {"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET,
             "SLACK_STATE_SECRET": STATE_SECRET, "SLACK_BOT_TOKEN": ""}  # no bot token at all
ALICE = "U0ALICE"
COOKIE = "slack-app-oauth-state"


@pytest.fixture
def oauth(fake_slack, database_url):
    fake_slack.reset()
    app = LiveApp(api_url=fake_slack.api_url, database_url=database_url,
                  env_extra=OAUTH_ENV).start()
    store = Store.open(database_url)
    installs = SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=store.writer)
    yield app, fake_slack, installs
    store.close()
    app.stop()


def _install_page(app: LiveApp) -> tuple[str, dict[str, list[str]]]:
    page = app.get("/slack/install")
    assert page.status == 200 and "Add to Slack" in page.body
    link = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', page.body)
    assert link, page.body
    query = parse_qs(urlparse(html.unescape(link.group(1))).query)
    state = query["state"][0]
    assert f"{COOKIE}={state}" in page.headers["set-cookie"]
    return state, query


def _wait(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_the_install_page_links_to_slack_with_the_client_id_scopes_and_a_signed_state(oauth):
    app, _, _ = oauth
    state, query = _install_page(app)
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"] == [",".join(SCOPES)]
    assert re.fullmatch(r"[0-9a-f-]{36}\.[0-9a-f]{32}", state)
    assert _install_page(app)[0] != state  # a new state each time


def test_the_state_cookie_is_same_site_lax_secure_and_http_only(oauth):
    """Sent on Slack's redirect back (a top-level GET), never on another site's background
    request; the deletion after the redirect says the same."""
    app, _, _ = oauth
    state, _ = _install_page(app)
    cookie = app.get("/slack/install").headers["set-cookie"]
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"samesite=lax", "secure", "httponly", "path=/"} <= attributes
    done = app.get(f"/slack/oauth_redirect?code=the-code&state={quote(state)}",
                   headers={"Cookie": f"{COOKIE}={state}"})
    assert "samesite=lax" in done.headers["set-cookie"].lower()
    assert "deleted" in done.headers["set-cookie"]


def test_the_redirect_stores_the_installation_and_the_workspace_can_use_the_app(oauth):
    app, fake, installs = oauth
    state, _ = _install_page(app)
    done = app.get(f"/slack/oauth_redirect?code=the-code&state={quote(state)}",
                   headers={"Cookie": f"{COOKIE}={state}"})
    assert done.status == 200, done.body
    exchange = fake.find("/api/oauth.v2.access")[0]
    assert exchange.body["code"] == "the-code"
    basic = base64.b64decode(exchange.headers["authorization"].removeprefix("Basic ")).decode()
    assert basic == f"{CLIENT_ID}:{CLIENT_SECRET}"
    assert installs.find_bot(enterprise_id=None, team_id=INSTALLED_TEAM).bot_token == \
        INSTALLED_TOKEN
    again = app.get(f"/slack/oauth_redirect?code=the-code&state={quote(state)}",
                    headers={"Cookie": f"{COOKIE}={state}"})
    assert again.status != 200  # a state works once

    fake.fail("/response/gone", 404, times=5)
    app.command("support", response_url=fake.response_url("gone"), user=ALICE,
                team=INSTALLED_TEAM)
    dm = fake.wait_for("/api/chat.postMessage")[0]
    assert dm.headers["authorization"] == f"Bearer {INSTALLED_TOKEN}"
    app.command("save nine-only routing", response_url=fake.response_url("s9"), user=ALICE,
                team=INSTALLED_TEAM)
    assert "Saved *nine-only*" in json.dumps(fake.wait_for("/response/s9")[0].body)
    time.sleep(0.2)
    log = app.log()
    for secret in (CLIENT_SECRET, STATE_SECRET, INSTALLED_TOKEN, "the-code", state):
        assert secret not in log


@pytest.mark.parametrize("tamper", ["signature", "unsigned", "cookie"])
def test_a_forged_state_installs_nothing(oauth, tamper):
    app, fake, installs = oauth
    state, _ = _install_page(app)
    raw = state.rpartition(".")[0]
    sent, cookie = {"signature": (raw + ".0" * 16, raw + ".0" * 16),
                    "unsigned": (raw, raw),
                    "cookie": (state, "someone-else")}[tamper]
    reply = app.get(f"/slack/oauth_redirect?code=c&state={quote(sent)}",
                    headers={"Cookie": f"{COOKIE}={cookie}"})
    assert reply.status != 200
    assert fake.find("/api/oauth.v2.access") == []
    assert installs.find_bot(enterprise_id=None, team_id=INSTALLED_TEAM) is None


def _seed(installs: SQLAlchemyInstallationStore) -> None:
    installs.save(Installation(app_id="A1", team_id=INSTALLED_TEAM, user_id=ALICE,
                               user_token="xoxp-user-nine", bot_token=INSTALLED_TOKEN,
                               bot_id="BBOT9", bot_user_id="UBOT9", bot_scopes=list(SCOPES)))


def test_revoked_tokens_and_an_uninstall_delete_the_installation(oauth):
    app, _, installs = oauth
    _seed(installs)
    assert installs.find_installation(enterprise_id=None, team_id=INSTALLED_TEAM,
                                      user_id=ALICE) is not None
    revoked = {"type": "tokens_revoked", "tokens": {"oauth": [ALICE], "bot": ["UBOT9"]}}
    assert app.event(revoked, team=INSTALLED_TEAM).status == 200
    _wait(lambda: installs.find_bot(enterprise_id=None, team_id=INSTALLED_TEAM) is None)
    assert installs.find_installation(enterprise_id=None, team_id=INSTALLED_TEAM,
                                      user_id=ALICE) is None

    _seed(installs)
    assert app.event({"type": "app_uninstalled"}, team=INSTALLED_TEAM).status == 200
    _wait(lambda: installs.find_bot(enterprise_id=None, team_id=INSTALLED_TEAM) is None)
    assert installs.find_installation(enterprise_id=None, team_id=INSTALLED_TEAM) is None
