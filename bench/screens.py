"""How tall each Slack answer is, as the desktop client draws it: blocks and rendered height of the
first screen, the details view, an error and the forms, for every preset and extreme inputs.

    .venv/bin/python bench/screens.py --preview PATH/TO/blockkit-preview/preview.py
        [--width 720] [--pictures docs/img]

The preview tool (a Block Kit renderer in headless Chromium) is not part of this project: point
--preview at it. --pictures also writes the README's pictures there.
"""

import argparse
import json
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent / "tests"))

from test_blockkit import EXTREMES  # noqa: E402

from adapt.bot import blockkit as bk  # noqa: E402
from adapt.bot.flows.modal import form_values  # noqa: E402
from adapt.engine import (  # noqa: E402
    ArgumentError,
    Scenario,
    evaluate,
    evaluate_input,
    parse_scenario,
)
from adapt.engine.compare import compared  # noqa: E402
from adapt.engine.presets import PRESETS  # noqa: E402

SCREEN = 800  # px: what one laptop screen shows of a conversation at 720 px wide


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from a PNG's header."""
    with open(path, "rb") as image:
        header = image.read(24)
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def rendered_height(preview: str, payload: dict, width: int, out: Path) -> int:
    """The payload's height in px at `width`, drawn by the preview tool."""
    source = out.with_suffix(".json")
    source.write_text(json.dumps(payload))
    subprocess.run([sys.executable, preview, str(source), str(out), "--width", str(width)],
                   check=True, capture_output=True, timeout=300)
    drawn_width, drawn_height = png_size(out)
    return round(drawn_height * width / drawn_width)


def _error(text: str) -> dict:
    try:
        parse_scenario(text)
    except ArgumentError as error:
        return bk.error_message(error)
    raise AssertionError(f"{text!r} parsed")


def payloads() -> dict[str, dict]:
    found: dict[str, dict] = {}
    named = [(name, parse_scenario([name])) for name in PRESETS]
    named += [(f"extreme{i}", s) for i, s in enumerate(EXTREMES[:4])]
    for name, scenario in named:
        report = evaluate(scenario)
        found[f"result.{name}"] = bk.result_message(report)
        found[f"details.{name}"] = bk.details_message(report)
    described = evaluate_input("our support bot's tone drifts, about 300 labeled examples, 2M"
                               " requests a month, thanks team")
    found["result.sentence"] = bk.result_message(described)
    found["compare"] = bk.compare_message(compared(evaluate(parse_scenario("support")),
                                                   evaluate(parse_scenario(
                                                       "support requests=1M"))))
    found["error.volum=high"] = _error("volum=high")
    start = parse_scenario("preset=support")
    found["form.decision"] = bk.modal_view(form_values(start), scenario=start,
                                           metadata="{}", rev=0)
    found["form.cost"] = bk.cost_view(form_values(Scenario()), metadata="{}", rev=0)
    return found


PICTURES = {"result.support": "result-support.png", "details.support": "details-support.png",
            "result.knowledge": "result-knowledge.png", "error.volum=high": "error-typo.png",
            "result.sentence": "result-sentence.png", "compare": "compare.png",
            "form.decision": "form.png", "form.cost": "form-cost.png"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preview", required=True, help="the Block Kit preview tool's script")
    parser.add_argument("--width", type=int, default=720)
    parser.add_argument("--pictures", help="also keep the README's pictures in this folder")
    options = parser.parse_args()
    keep = Path(options.pictures) if options.pictures else None
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        print(f"{'payload':<22} {'blocks':>6} {'height':>7}  (px at {options.width} wide;"
              f" one screen is about {SCREEN})")
        for name, payload in payloads().items():
            out = (keep / PICTURES[name]) if keep and name in PICTURES else \
                Path(work) / f"{name}.png"
            height = rendered_height(options.preview, payload, options.width, out)
            blocks = len(payload["blocks"])
            print(f"{name:<22} {blocks:>6} {height:>7}")
            out.with_suffix(".json").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
