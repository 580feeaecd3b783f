"""Every action_id a template puts on a button or select has a handler, and every view's
callback_id is one the app knows: a button can never name an action nobody answers."""

from datetime import UTC, datetime
from typing import Any

from adapt.bot import blockkit as bk
from adapt.bot.flows.modal import form_values
from adapt.bot.ids import INPUT_VALUE, Action, Callback
from adapt.bot.listeners.actions import HANDLERS
from adapt.engine import evaluate, parse_scenario
from adapt.engine.compare import compared
from adapt.engine.options import OptionId
from adapt.engine.presets import PRESETS
from adapt.storage.store import Recent, Saved

WHEN = datetime(2024, 11, 24, 9, 30, tzinfo=UTC)
LONG = "preset=support model=" + "m" * 99 + " price=1 horizon=24 eval=432"  # past 150 chars


def _payloads() -> list[dict[str, Any]]:
    """Every message and view the app can send, on every template path that adds a control."""
    saved = Saved(name="q3", args="preset=support", winner="peft", saved_by="U0123456789",
                  saved_at=WHEN)
    recent = Recent(args="preset=routing", winner="peft", channel_id="C0123456789", at=WHEN)
    image = bk.SlackImage(file_id="F0123456789", alt_text="a chart", title="Cost")
    found: list[dict[str, Any]] = [
        bk.help_message(), bk.help_message("bad"), bk.presets_message(), bk.keys_message(),
        bk.more_message("preset=support"),
        bk.result_message(evaluate(parse_scenario(LONG))),  # too long for the menu: More…
        bk.save_modal_view("preset=support", "LoRA / PEFT", "{}"),
        bk.home_view([saved], 1, [recent], retention_days=90),
        bk.saved_list_message([saved], total=50, page=1),
        *(bk.notice_message(kind, "q3", None if kind == "missing" else saved, new_args="x=1")
          for kind in ("saved", "replaced", "exists", "kept", "deleted", "refused", "missing")),
    ]
    for name in PRESETS:
        report = evaluate(parse_scenario([name]))
        found += [bk.result_message(report), bk.result_message(report, shared_by="U0123456789"),
                  bk.result_message(report, chart=image), bk.chart_message(report, None),
                  bk.markdown_message(report),
                  bk.modal_view(form_values(report.scenario), scenario=report.scenario,
                                metadata="{}", rev=1),
                  bk.cost_view(form_values(report.scenario), metadata="{}", rev=1),
                  bk.details_message(report), bk.error_message("bad"),
                  bk.compare_message(compared(report, evaluate(parse_scenario("routing")))),
                  bk.canvas_message("ADR", None, user="U0123456789", channel=None,
                                    shared=False),
                  *(bk.inspect_message(report, option) for option in OptionId)]
    return found


def _controls(node: Any) -> list[dict[str, Any]]:
    """Every element with an action_id, wherever it sits in a payload."""
    if isinstance(node, list):
        return [found for item in node for found in _controls(item)]
    if not isinstance(node, dict):
        return []
    own = [node] if "action_id" in node else []
    return own + [found for value in node.values() for found in _controls(value)]


def _input_elements(payload: dict[str, Any]) -> list[int]:
    """ids of the elements inside input blocks: they keep a form's state, not dispatched."""
    return [id(block["element"]) for block in payload.get("blocks", [])
            if block.get("type") == "input"]


def test_every_emitted_action_has_a_handler():
    emitted: set[str] = set()
    for payload in _payloads():
        inputs = set(_input_elements(payload))
        for control in _controls(payload):
            if id(control) in inputs:
                assert control["action_id"] == INPUT_VALUE
            else:
                emitted.add(control["action_id"])
    assert emitted <= set(HANDLERS), emitted - set(HANDLERS)
    assert emitted == set(Action), set(Action) - emitted  # no handler is left without a button


def test_every_action_is_handled_once_and_every_view_is_known():
    assert set(HANDLERS) == set(Action)
    callbacks = {payload["callback_id"] for payload in _payloads() if "callback_id" in payload}
    assert callbacks == set(Callback)
