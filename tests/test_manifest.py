"""manifest.yaml creates the app the code expects."""

import yaml
from conftest import ROOT

from adapt.bot.installs import REDIRECT_PATH, SCOPES
from adapt.bot.listeners.commands import COMMAND


def test_manifest_declares_what_the_app_uses():
    manifest = yaml.safe_load((ROOT / "manifest.yaml").read_text())
    commands = manifest["features"]["slash_commands"]
    assert [c["command"] for c in commands] == [COMMAND]
    assert commands[0]["url"].endswith("/slack/events")
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["interactivity"]["request_url"].endswith("/slack/events")
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    assert set(scopes) == set(SCOPES)
    assert {"files:write", "files:read"} <= set(scopes)  # the cost chart's upload and files.info
    assert len(scopes) == len(set(scopes))
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert len(manifest["display_information"]["name"]) <= 35


def test_manifest_enables_app_home_events_and_oauth_installs():
    manifest = yaml.safe_load((ROOT / "manifest.yaml").read_text())
    home = manifest["features"]["app_home"]
    assert home["home_tab_enabled"] is True and home["messages_tab_enabled"] is True
    events = manifest["settings"]["event_subscriptions"]
    assert events["request_url"].endswith("/slack/events")
    assert set(events["bot_events"]) == {"app_home_opened", "tokens_revoked", "app_uninstalled"}
    assert [url.endswith(REDIRECT_PATH) for url in manifest["oauth_config"]["redirect_urls"]] == \
        [True]
