"""What Slack shows, as the desktop client draws it: blocks and rendered height of every surface
the app sends (the first screen and Details for every preset and extreme inputs, Inspect, a
comparison, the chart without its image, the Markdown export, the canvas link, errors, help,
every key, the presets, saved scenarios, App Home and the forms).

    .venv/bin/python bench/screens.py --preview PATH/TO/blockkit-preview/preview.py
        [--width 720] [--pictures docs/img] [--only NAME ...]

The preview tool (a Block Kit renderer in headless Chromium) is not part of this project: point
--preview at it. --pictures also writes the README's pictures there. A surface this checkout's
code does not have is skipped, so the same script measures an older checkout ("before").
"""

import argparse
import json
import struct
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent / "tests"))

from helpers.strategies import EXTREMES  # noqa: E402

from adapt.bot import blockkit as bk  # noqa: E402
from adapt.bot.flows.modal import form_values  # noqa: E402
from adapt.engine import (  # noqa: E402
    ArgumentError,
    Scenario,
    evaluate,
    evaluate_input,
    parse_input,
    parse_scenario,
)
from adapt.engine.compare import compared  # noqa: E402
from adapt.engine.options import OptionId  # noqa: E402
from adapt.engine.presets import PRESETS  # noqa: E402
from adapt.storage.store import Recent, Saved  # noqa: E402

SCREEN = 800  # px: what one laptop screen shows of a conversation at 720 px wide
WHEN = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
SENTENCE = ("our support bot's tone drifts, about 300 labeled examples, 2M requests a month,"
            " thanks team")
LONG = "preset=support model=" + "m" * 99 + " price=1 horizon=24 eval=432"  # past the menu


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from a PNG's header."""
    with open(path, "rb") as image:
        header = image.read(24)
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def rendered_height(preview: str, payload: dict[str, Any], width: int, out: Path) -> int:
    """The payload's height in px at `width`, drawn by the preview tool."""
    source = out.with_suffix(".json")
    source.write_text(json.dumps(payload))
    subprocess.run([sys.executable, preview, str(source), str(out), "--width", str(width),
                    "--app-name", "Adapt"], check=True, capture_output=True, timeout=300)
    drawn_width, drawn_height = png_size(out)
    return round(drawn_height * width / drawn_width)


def _error(text: str) -> dict[str, Any]:
    try:
        parse_input(text)
    except ArgumentError as error:
        return bk.error_message(error)
    raise AssertionError(f"{text!r} parsed")


def _optional(name: str) -> Callable[..., Any] | None:
    """A payload function this checkout has (an older one may lack it)."""
    return getattr(bk, name, None)


def _cost_view(scenario: Scenario) -> dict[str, Any]:
    try:
        return bk.cost_view(form_values(scenario), metadata="{}", rev=0, scenario=scenario)
    except TypeError:  # before the cost form showed the defaults it uses
        return bk.cost_view(form_values(scenario), metadata="{}", rev=0)


def _surfaces() -> dict[str, Callable[[], dict[str, Any]]]:
    """Every surface, by name, as a function that builds its payload."""
    found: dict[str, Callable[[], dict[str, Any]]] = {}
    named = [(name, parse_scenario([name])) for name in PRESETS]
    named += [(f"extreme{i}", s) for i, s in enumerate(EXTREMES[:4])]
    for name, scenario in named:
        found[f"result.{name}"] = lambda s=scenario: bk.result_message(evaluate(s))
        found[f"details.{name}"] = lambda s=scenario: bk.details_message(evaluate(s))
    found["result.sentence"] = lambda: bk.result_message(evaluate_input(SENTENCE))
    found["result.never"] = lambda: bk.result_message(evaluate(parse_scenario(
        "preset=support requests=1k")))
    found["result.volume=high"] = lambda: bk.result_message(evaluate(parse_scenario(
        "volume=high")))
    found["result.long"] = lambda: bk.result_message(evaluate(parse_scenario(LONG)))
    found["inspect.support"] = lambda: bk.inspect_message(
        evaluate(parse_scenario("support")), OptionId.PROMPTING)
    found["compare"] = lambda: bk.compare_message(compared(
        evaluate(parse_scenario("support")), evaluate(parse_scenario("support requests=1M"))))
    found["compare.never"] = lambda: bk.compare_message(compared(
        evaluate(parse_scenario("support")), evaluate(parse_scenario("support requests=1k"))))
    found["chart.text"] = lambda: bk.chart_message(evaluate(parse_scenario("support")), None)
    found["markdown"] = lambda: bk.markdown_message(evaluate(parse_scenario("support")))
    found["canvas.link"] = lambda: bk.canvas_message(
        "ADR: LoRA / PEFT for tone or format drift", "https://example.slack.com/docs/T1/F1",
        user="U0123456789", channel="C0123456789", shared=True)
    found["error.volum=high"] = lambda: _error("volum=high")
    found["error.volum=hihg"] = lambda: _error("volum=hihg")
    found["error.traffic=2M"] = lambda: _error("traffic=2M")
    found["error.hello"] = lambda: _error("hello there")
    found["help"] = lambda: bk.help_message()
    if (keys := _optional("keys_message")) is not None:
        found["help.keys"] = keys
    if (more := _optional("more_message")) is not None:
        found["more"] = lambda: more(LONG)
    found["presets"] = lambda: bk.presets_message()
    saved = [Saved(name=f"team-{n}", args="preset=support requests=400k", winner="peft",
                   saved_by="U0123456789", saved_at=WHEN) for n in range(3)]
    recent = [Recent(args="preset=routing", winner="peft", channel_id="C0123456789", at=WHEN)]
    found["notice.saved"] = lambda: bk.notice_message("saved", "team-1", saved[1])
    found["list"] = lambda: bk.saved_list_message(saved, total=3, page=1)
    found["home"] = lambda: bk.home_view(saved, 3, recent, retention_days=90)
    start = parse_scenario("preset=support model=gpt-4o-mini")
    found["form.decision"] = lambda: bk.modal_view(form_values(start), scenario=start,
                                                   metadata="{}", rev=0)
    found["form.cost"] = lambda: _cost_view(start)
    found["form.save"] = lambda: bk.save_modal_view("preset=support", "LoRA / PEFT", "{}")
    return found


PICTURES = {
    "result.support": "result-support.png", "details.support": "details-support.png",
    "result.knowledge": "result-knowledge.png", "result.sentence": "result-sentence.png",
    "result.never": "result-never.png", "result.volume=high": "result-volume.png",
    "result.long": "result-long.png", "inspect.support": "inspect.png",
    "compare": "compare.png", "compare.never": "compare-never.png",
    "chart.text": "chart-text.png", "markdown": "markdown.png", "canvas.link": "canvas.png",
    "error.volum=high": "error-typo.png", "error.volum=hihg": "error-two-typos.png",
    "error.traffic=2M": "error-count.png", "error.hello": "error-nothing.png",
    "help": "help.png", "help.keys": "help-keys.png", "more": "more.png",
    "presets": "presets.png", "notice.saved": "notice-saved.png", "list": "saved-list.png",
    "home": "home.png", "form.decision": "form.png", "form.cost": "form-cost.png",
    "form.save": "form-save.png",
}


def _buttons(payload: dict[str, Any]) -> int:
    return sum(1 for block in payload.get("blocks", []) if block.get("type") == "actions"
               for element in block.get("elements", []) if element.get("type") == "button")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preview", required=True, help="the Block Kit preview tool's script")
    parser.add_argument("--width", type=int, default=720)
    parser.add_argument("--pictures", help="also keep the README's pictures in this folder")
    parser.add_argument("--only", nargs="*", help="surfaces to draw (default: all)")
    options = parser.parse_args()
    keep = Path(options.pictures) if options.pictures else None
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    surfaces = _surfaces()
    with tempfile.TemporaryDirectory() as work:
        print(f"{'payload':<22} {'blocks':>6} {'buttons':>7} {'height':>7}  (px at"
              f" {options.width} wide; one screen is about {SCREEN})")
        for name, build in surfaces.items():
            if options.only and name not in options.only:
                continue
            payload = build()
            out = (keep / PICTURES[name]) if keep and name in PICTURES else \
                Path(work) / f"{name}.png"
            height = rendered_height(options.preview, payload, options.width, out)
            print(f"{name:<22} {len(payload['blocks']):>6} {_buttons(payload):>7} {height:>7}")
            out.with_suffix(".json").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
