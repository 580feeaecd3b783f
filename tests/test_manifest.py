"""manifest.yaml creates the app the code expects."""

import yaml
from helpers import ROOT

from adapt.bot.ids import Shortcut, Step
from adapt.bot.installs import REDIRECT_PATH, SCOPES
from adapt.bot.listeners.commands import COMMAND
from adapt.bot.listeners.steps import SCENARIO_INPUT, outputs
from adapt.engine import evaluate, parse_scenario


def test_manifest_declares_what_the_app_uses():
    manifest = yaml.safe_load((ROOT / "manifest.yaml").read_text())
    commands = manifest["features"]["slash_commands"]
    assert [c["command"] for c in commands] == [COMMAND]
    assert commands[0]["url"].endswith("/slack/events")
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["settings"]["interactivity"]["request_url"].endswith("/slack/events")
    # the form's model picker (an external_select) asks this URL for its options in HTTP mode
    assert manifest["settings"]["interactivity"]["message_menu_options_url"].endswith(
        "/slack/events")
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
    assert set(events["bot_events"]) == {"app_home_opened", "tokens_revoked", "app_uninstalled",
                                         "function_executed"}
    assert [url.endswith(REDIRECT_PATH) for url in manifest["oauth_config"]["redirect_urls"]] == \
        [True]


def test_manifest_declares_the_shortcuts_the_step_and_the_canvas_scope():
    manifest = yaml.safe_load((ROOT / "manifest.yaml").read_text())
    shortcuts = {s["callback_id"]: s for s in manifest["features"]["shortcuts"]}
    assert set(shortcuts) == set(Shortcut)
    assert shortcuts[Shortcut.DECIDE]["type"] == "global"
    assert shortcuts[Shortcut.EVALUATE]["type"] == "message"
    assert all(len(s["description"]) <= 150 for s in shortcuts.values())  # Slack's limit
    assert "canvases:write" in manifest["oauth_config"]["scopes"]["bot"]
    settings = manifest["settings"]
    assert settings["org_deploy_enabled"] is True and settings["function_runtime"] == "remote"
    step = manifest["functions"][Step.DECIDE]
    assert set(step["input_parameters"]) == {SCENARIO_INPUT}
    declared = step["output_parameters"]
    given = outputs(evaluate(parse_scenario("preset=support requests=1M")))
    assert set(given) == set(declared)  # every output the step gives is declared, and back
    never = outputs(evaluate(parse_scenario("preset=support price=0")))
    assert {k for k, v in declared.items() if v["is_required"]} <= set(never)
