"""Saved scenarios and App Home end to end: `adapt serve` on SQLite and on PostgreSQL, over real
HTTP with requests signed like Slack's, against the fake Slack."""

import json
import time
from typing import Any

import pytest
from helpers.fakeslack import TEAM

from adapt.bot.blockkit import check_message, check_view
from adapt.storage.store import Store

ALICE, BOB, ADMIN = "U0ALICE", "U0BOB", "U0ADMIN"
OTHER_TEAM = "T0TEAM2"


def _text(message: dict[str, Any]) -> str:
    return json.dumps(message, ensure_ascii=False)


def _buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {}
    for block in message["blocks"]:
        for element in [block.get("accessory"), *block.get("elements", [])]:
            if isinstance(element, dict) and element.get("type") == "button":
                found.setdefault(element["action_id"], element)
    return found


def _posted(fake, name: str, count: int = 1) -> dict[str, Any]:
    body = fake.wait_for(f"/response/{name}", count)[count - 1].body
    return check_message(body)


def _store(app) -> Store:
    return Store.open(app.database_url)


def _recorded(store: Store, user: str, count: int) -> list:
    """The person's recent results once `count` are recorded (recording follows delivery)."""
    deadline = time.monotonic() + 10
    while len(found := store.recent(TEAM, user)) < count:
        assert time.monotonic() < deadline, found
        time.sleep(0.05)
    return found


def _name_state(name: str, replace: bool = False) -> dict[str, Any]:
    chosen = [{"value": "replace", "text": {"type": "plain_text", "text": "Replace"}}]
    return {"name": {"value": {"type": "plain_text_input", "value": name}},
            "replace": {"value": {"type": "checkboxes",
                                  "selected_options": chosen if replace else []}}}


def _submitted(view: dict[str, Any], state: dict[str, Any]) -> dict[str, Any]:
    return {"id": "V9", "hash": "h9", "type": "modal", "callback_id": view["callback_id"],
            "private_metadata": view["private_metadata"], "state": {"values": state}}


def test_save_list_load_delete(stored):
    app, fake = stored
    app.command("save Support-Q3 support volume=90", response_url=fake.response_url("s"),
                user=ALICE)
    saved = _posted(fake, "s")
    assert "Saved *Support-Q3* for this workspace" in _text(saved)
    assert "preset=support volume=90" in _text(saved)
    assert _buttons(saved)["open_saved"]["value"] == "Support-Q3"

    app.command("list", response_url=fake.response_url("l"), user=BOB)
    listed = _posted(fake, "l")
    assert "Saved scenarios in this workspace (1)" in _text(listed)
    assert "*Support-Q3* · LoRA / PEFT" in _text(listed) and f"<@{ALICE}>" in _text(listed)
    assert "<!date^" in _text(listed)

    app.command("load support-q3", response_url=fake.response_url("o"), user=BOB)
    loaded = _posted(fake, "o")
    assert "*LoRA / PEFT for tone and format*" in _text(loaded)
    assert "volume=90" in _text(loaded) and "Saved scenario *Support-Q3*" in _text(loaded)
    app.command("open SUPPORT-Q3", response_url=fake.response_url("o2"), user=BOB)
    assert "Saved scenario *Support-Q3*" in _text(_posted(fake, "o2"))

    app.command("delete Support-Q3", response_url=fake.response_url("d"), user=ALICE)
    assert "Deleted *Support-Q3*" in _text(_posted(fake, "d"))
    app.command("load Support-Q3", response_url=fake.response_url("gone"), user=ALICE)
    assert "no saved scenario named *Support-Q3*" in _text(_posted(fake, "gone"))
    store = _store(app)
    assert store.count_saved(TEAM) == 0
    store.close()


def test_saving_over_a_name_asks_first_then_overwrites(stored):
    app, fake = stored
    app.command("save alpha volume=80", response_url=fake.response_url("a1"), user=ALICE)
    _posted(fake, "a1")
    app.command("save ALPHA volume=10 data=10", response_url=fake.response_url("a2"), user=ALICE)
    offer = _posted(fake, "a2")
    assert "already has a scenario named *alpha*" in _text(offer)
    store = _store(app)
    assert store.get(TEAM, "alpha").args == "volume=80"  # nothing changed yet
    overwrite = _buttons(offer)["save_overwrite"]
    app.action("save_overwrite", overwrite["value"], response_url=fake.response_url("a2"),
               user=ALICE)
    replaced = _posted(fake, "a2", 2)
    assert replaced["replace_original"] is True and "Replaced *alpha*" in _text(replaced)
    assert store.get(TEAM, "alpha").args == "data=10 volume=10"

    app.command("save alpha volume=33", response_url=fake.response_url("a3"), user=ALICE)
    _posted(fake, "a3")  # the offer first, as a person clicks its Cancel (replies run in parallel)
    app.action("save_cancel", "alpha", response_url=fake.response_url("a3"), user=ALICE)
    assert "Kept *alpha* as it was" in _text(_posted(fake, "a3", 2))
    assert store.get(TEAM, "alpha").args == "data=10 volume=10"

    app.command("save alpha volume=44 --force", response_url=fake.response_url("a4"),
                user=ALICE)
    assert "Replaced *alpha*" in _text(_posted(fake, "a4"))
    assert store.get(TEAM, "alpha").args == "volume=44"
    store.close()


def test_others_scenarios_need_an_admin_to_delete_or_replace(stored):
    app, fake = stored
    fake.users[ADMIN] = {"is_admin": True}
    app.command("save mine routing", response_url=fake.response_url("m"), user=ALICE)
    _posted(fake, "m")
    app.command("delete mine", response_url=fake.response_url("b1"), user=BOB)
    refused = _posted(fake, "b1")
    assert ":no_entry:" in _text(refused) and "workspace admin can delete it" in _text(refused)
    app.command("save mine volume=1 --force", response_url=fake.response_url("b2"), user=BOB)
    assert "workspace admin can replace it" in _text(_posted(fake, "b2"))
    assert [c.body["user"] for c in fake.find("/api/users.info")] == [BOB, BOB]
    store = _store(app)
    assert store.get(TEAM, "mine").saved_by == ALICE
    app.command("delete mine", response_url=fake.response_url("adm"), user=ADMIN)
    assert "Deleted *mine*" in _text(_posted(fake, "adm"))
    assert store.get(TEAM, "mine") is None
    store.close()


def test_a_workspace_cannot_see_load_or_delete_anothers_scenarios(stored):
    app, fake = stored
    fake.users[ADMIN] = {"is_admin": True}
    app.command("save private support", response_url=fake.response_url("p"), user=ALICE)
    _posted(fake, "p")
    app.command("list", response_url=fake.response_url("x1"), user=ADMIN, team=OTHER_TEAM)
    listed = _posted(fake, "x1")
    assert "(0)" in _text(listed) and "private" not in _text(listed)
    app.command("load private", response_url=fake.response_url("x2"), user=ADMIN,
                team=OTHER_TEAM)
    assert "no saved scenario named" in _text(_posted(fake, "x2"))
    app.command("delete private", response_url=fake.response_url("x3"), user=ADMIN,
                team=OTHER_TEAM)
    assert "no saved scenario named" in _text(_posted(fake, "x3"))
    app.action("open_saved", "private", response_url=fake.response_url("x4"), user=ADMIN,
               team=OTHER_TEAM)
    assert "no saved scenario named" in _text(_posted(fake, "x4"))
    app.command("save private volume=1", response_url=fake.response_url("x5"), user=ADMIN,
                team=OTHER_TEAM)
    assert "Saved *private*" in _text(_posted(fake, "x5"))  # its own namespace
    store = _store(app)
    assert store.get(TEAM, "private").args == "preset=support"
    assert store.get(OTHER_TEAM, "private").args == "volume=1"
    store.close()


def test_the_save_button_asks_for_a_name_then_confirms(stored):
    app, fake = stored
    app.command("knowledge requests=90k", response_url=fake.response_url("r"), user=ALICE)
    result = _posted(fake, "r")
    menu = next(e for b in result["blocks"] for e in b.get("elements", [])
                if e.get("action_id") == "result_menu")  # Save sits in the answer's menu
    save = next(o["value"] for o in menu["options"] if o["value"].startswith("save "))
    app.action("result_menu", "", response_url=fake.response_url("r"), user=ALICE, selected=save)
    view = check_view(fake.wait_for("/api/views.open")[0].body["view"])
    assert view["callback_id"] == "save_modal"
    assert "preset=knowledge requests=90000" in _text(view)

    bad = app.submit(_submitted(view, _name_state("no spaces please")), user=ALICE).json()
    assert bad["response_action"] == "errors" and "letters, digits" in bad["errors"]["name"]
    assert app.submit(_submitted(view, _name_state("kb-weekly")), user=ALICE).body == ""
    confirmed = _posted(fake, "r", 2)
    assert confirmed["replace_original"] is False and "Saved *kb-weekly*" in _text(confirmed)

    taken = app.submit(_submitted(view, _name_state("KB-weekly")), user=BOB).json()
    assert "is taken" in taken["errors"]["name"]
    others = app.submit(_submitted(view, _name_state("kb-weekly", replace=True)), user=BOB)
    assert "saved by someone else" in others.json()["errors"]["name"]
    app.submit(_submitted(view, _name_state("kb-weekly", replace=True)), user=ALICE)
    assert "Replaced *kb-weekly*" in _text(_posted(fake, "r", 3))
    store = _store(app)
    assert store.get(TEAM, "kb-weekly").args == "preset=knowledge requests=90000"
    store.close()


@pytest.mark.parametrize("text, needle", [
    ("save", "Save needs a name"),
    ("save has=equals volume=1", "`has=equals` is not a valid name"),
    ("save " + "n" * 41, "is not a valid name: use 1-40 letters, digits, - or _,"),
    ("save ok volme=3", "Unknown key `volme`: did you mean `volume`?"),
    ("load", "Load takes one name"),
    ("delete a b", "Delete takes one name"),
    ("volume=high save", "'save' is not KEY=VALUE"),  # the first word decides
    ("list=3", "Unknown key 'list'"),
])
def test_bad_subcommands_get_help_naming_the_problem(stored, text, needle):
    app, fake = stored
    app.command(text, response_url=fake.response_url("h"), user=ALICE)
    posted = _posted(fake, "h")
    answer = posted["blocks"][0]["text"]["text"]
    assert answer.startswith(":warning: ") and needle in answer, answer  # one line, no manual
    assert "Usage" not in _text(posted) and "\u200b" not in answer


def test_results_are_recorded_and_app_home_shows_them(stored):
    app, fake = stored
    app.command("support", response_url=fake.response_url("r1"), user=ALICE)
    _posted(fake, "r1")
    app.command("knowledge", response_url=fake.response_url("r2"), user=BOB)
    _posted(fake, "r2")
    store = _store(app)
    for number in range(45):
        store.save(TEAM, f"s{number:02d}", f"volume={number}", "prompting", ALICE)
    _recorded(store, BOB, 1)
    recent = _recorded(store, ALICE, 1)
    assert [(r.args, r.winner, r.channel_id) for r in recent] == [
        ("preset=support", "peft", "C0CHAN1")]

    assert app.event({"type": "app_home_opened", "user": ALICE, "channel": "D0HOME",
                      "tab": "home"}).status == 200
    published = fake.wait_for("/api/views.publish")[0].body
    assert published["user_id"] == ALICE
    home = check_view(published["view"])
    assert home["type"] == "home" and len(home["blocks"]) <= 100
    shown = _text(home)
    assert "Saved scenarios in this workspace* (45)" in shown
    assert "Showing 20 of 45" in shown and "`/adapt list 2`" in shown
    assert "*s00*" in shown and "*s19*" in shown and "*s20*" not in shown
    assert "preset=support" in shown and "preset=knowledge" not in shown  # Alice's results only
    assert {"run_preset", "open_saved", "edit_saved", "run_scenario"} <= set(_buttons(home))

    app.event({"type": "app_home_opened", "user": ALICE, "tab": "messages"})
    time.sleep(0.3)
    assert len(fake.find("/api/views.publish")) == 1  # only the Home tab is published
    store.close()

    app.command("list 2", response_url=fake.response_url("p2"), user=BOB)
    second = _posted(fake, "p2")
    assert "*s20*" in _text(second) and "*s39*" in _text(second) and "*s19*" not in _text(second)
    following = _buttons(second)["list_page"]
    assert following["text"]["text"] == "Next page (3 of 3)"
    app.action("list_page", following["value"], response_url=fake.response_url("p2"), user=BOB)
    third = _posted(fake, "p2", 2)
    assert third["replace_original"] is True and "Page 3 of 3" in _text(third)
    assert "*s44*" in _text(third) and "list_page" not in _buttons(third)


def test_token_mode_acks_uninstall_events_and_keeps_the_data(stored):
    app, fake = stored
    app.command("save kept routing", response_url=fake.response_url("k"), user=ALICE)
    _posted(fake, "k")
    assert app.event({"type": "app_uninstalled"}).status == 200
    assert app.event({"type": "tokens_revoked", "tokens": {"bot": ["UBOT"]}}).status == 200
    deadline = time.monotonic() + 10
    while "app_uninstalled for team=" not in app.log():
        assert time.monotonic() < deadline, app.log()
        time.sleep(0.05)
    store = _store(app)
    assert store.get(TEAM, "kept") is not None
    store.close()


def test_home_buttons_answer_by_direct_message(stored):
    app, fake = stored
    store = _store(app)
    store.save(TEAM, "routing-2", "preset=routing volume=33", "peft", ALICE)
    home = {"id": "VHOME", "type": "home", "callback_id": "adapt_home"}
    app.action("open_saved", "routing-2", response_url=None, user=BOB, view=home)
    dm = fake.wait_for("/api/chat.postMessage")[0].body
    assert dm["channel"] == BOB and "Saved scenario *routing-2*" in _text(dm["blocks"])
    app.action("run_preset", "knowledge", response_url=None, user=BOB, view=home)
    dm = fake.wait_for("/api/chat.postMessage", 2)[1].body
    assert "*Retrieval (RAG) for the missing facts*" in _text(dm["blocks"])

    app.action("edit_saved", "routing-2", response_url=None, user=BOB, view=home)
    view = check_view(fake.wait_for("/api/views.open")[0].body["view"])
    assert "low request volume" in _text(view)  # set by the saved scenario, not on the form
    state = {b["block_id"]: {"value": {"type": "plain_text_input", "value": b["element"].get(
        "initial_value")}} for b in view["blocks"] if b["type"] == "input"
        and b["element"]["type"] == "plain_text_input"}
    state["stability.0"] = {"value": {"type": "static_select",
                                      "selected_option": {"value": "high"}}}
    state["problem.0"] = {"value": {"type": "static_select",
                                    "selected_option": {"value": "domain"}}}
    app.submit({"id": "V1", "type": "modal", "callback_id": "adapt_modal",
                "private_metadata": view["private_metadata"], "state": {"values": state}},
               user=BOB)
    dm = fake.wait_for("/api/chat.postMessage", 3)[2].body
    assert dm["channel"] == BOB and "/adapt preset=routing volume=33" in _text(dm["blocks"])
    assert [r.channel_id for r in _recorded(store, BOB, 3)] == [None, None, None]
    store.close()


@pytest.mark.parametrize(("page", "says"), [
    ("0", "`0` is not a page number"),
    ("-1", "`-1` is not a page number"),
    ("1;DROP", "`1;DROP` is not a page number"),
    ("2.5", "`2.5` is not a page number"),
    ("100000000", "there is no page 100000000: this workspace's 21 saved scenarios fill 2 pages;"
                  " write `/adapt list 2` for the last"),
    ("3", "there is no page 3"),
])
def test_list_pages_that_do_not_exist_are_errors(stored, page, says):
    """The issue: `list 100000000`, `list -1`, `list 0` and `list 1;DROP` quietly showed page 1."""
    app, fake = stored
    store = _store(app)
    for number in range(21):
        store.save(TEAM, f"p{number:02d}", f"volume={number}", "prompting", ALICE)
    store.close()
    app.command(f"list {page}", response_url=fake.response_url("lp"), user=BOB)
    told = _posted(fake, "lp")
    assert says.lower() in _text(told).lower()  # the message starts with a capital
    assert "Saved scenarios in this workspace" not in _text(told)
    app.command("list 2", response_url=fake.response_url("lp2"), user=BOB)
    assert "*p20*" in _text(_posted(fake, "lp2"))
