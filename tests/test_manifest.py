"""manifest.yaml creates the app the code expects."""

import yaml
from conftest import ROOT

from bot.listeners.commands import COMMAND


def test_manifest_declares_what_the_app_uses():
    manifest = yaml.safe_load((ROOT / "manifest.yaml").read_text())
    commands = manifest["features"]["slash_commands"]
    assert [c["command"] for c in commands] == [COMMAND]
    assert commands[0]["url"].endswith("/slack/events")
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["interactivity"]["request_url"].endswith("/slack/events")
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    assert {"commands", "chat:write"} <= set(scopes)
    assert {"files:write", "files:read"} <= set(scopes)  # the cost chart's upload and files.info
    assert len(scopes) == len(set(scopes))
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert len(manifest["display_information"]["name"]) <= 35
