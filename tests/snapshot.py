"""Write every output the app produces for a fixed set of inputs into one folder, one file each.

Run it before and after a change that must not change behaviour, then compare the two folders:

    .venv/bin/python tests/snapshot.py /tmp/before      # on the old commit
    .venv/bin/python tests/snapshot.py /tmp/after       # on the new one
    diff -r /tmp/before /tmp/after && echo identical

Covers the CLI's text, Markdown and JSON for every preset and some extreme inputs, `adapt --help`,
`adapt presets`, and every Block Kit message and view the Slack app builds for them.
"""

import json
import subprocess
import sys
from pathlib import Path

INPUTS: dict[str, list[str]] = {
    "default": [],
    "support": ["preset=support"],
    "extraction": ["preset=extraction"],
    "writing": ["preset=writing"],
    "routing": ["preset=routing"],
    "knowledge": ["preset=knowledge"],
    "prototype": ["preset=prototype"],
    "user": ["volume=high", "data=low"],
    "zeros": ["stability=0", "data=0", "volume=0", "freshness=0", "tolerance=0", "requests=0",
              "extra_tokens=0", "reduction=0", "training=0", "eval=0"],
    "maxed": ["stability=100", "data=100", "volume=100", "freshness=100", "tolerance=100",
              "requests=1e12", "extra_tokens=10M", "reduction=10M", "training=1e9", "eval=1e9",
              "horizon=120", "hosting=1e9", "tuned_multiplier=100"],
    "domain": ["problem=domain", "stability=20", "data=90", "volume=90", "freshness=20",
               "tolerance=30"],
    "thin": ["stability=85", "data=5", "volume=90", "freshness=10", "tolerance=20",
             "problem=style"],
}


def _cli(bin_dir: Path, args: list[str]) -> str:
    done = subprocess.run([str(bin_dir / "adapt"), *args], capture_output=True, text=True)
    return f"exit {done.returncode}\n--- stdout\n{done.stdout}--- stderr\n{done.stderr}"


def _blockkit(name: str, args: list[str]) -> dict[str, object]:
    try:
        from adapt.bot import blockkit as bk  # type: ignore[import-not-found]
        from adapt.engine import evaluate, parse_scenario  # type: ignore[import-not-found]
        from adapt.engine.options import OPTIONS  # type: ignore[import-not-found]
    except ImportError:
        from bot import blockkit as bk  # type: ignore[no-redef]
        from engine import evaluate, parse_scenario  # type: ignore[no-redef]
        from engine.options import OPTIONS  # type: ignore[no-redef]
    report = evaluate(parse_scenario(args))
    out: dict[str, object] = {
        "result": bk.result_message(report),
        "shared": bk.result_message(report, shared_by="U123", note="a note"),
        "chart": bk.chart_message(report, None, note="no chart"),
        "markdown": bk.markdown_message(report),
        "details": bk.details_message(report),
    }
    for option in OPTIONS:
        out[f"inspect_{option.value}"] = bk.inspect_message(report, option)
    return out


def _views() -> dict[str, object]:
    try:
        from adapt.bot import blockkit as bk  # type: ignore[import-not-found]
        from adapt.bot.flows.modal import form_values  # type: ignore[import-not-found]
        from adapt.engine import parse_scenario  # type: ignore[import-not-found]
    except ImportError:
        from bot.modal import form_values  # type: ignore[no-redef]

        from bot import blockkit as bk  # type: ignore[no-redef]
        from engine import parse_scenario  # type: ignore[no-redef]
    support = parse_scenario(["preset=support", "model=gpt-4o-mini"])
    return {
        "help": bk.help_message(),
        "help_error": bk.help_message("unknown key 'volum'"),
        "error": bk.error_message("the form could not be opened"),
        "presets": bk.presets_message(),
        "modal": bk.modal_view(form_values(support), scenario=support, metadata="{}", rev=2),
        "cost_form": bk.cost_view(form_values(support), metadata="{}", rev=2),
        "save_modal": bk.save_modal_view("preset=support", "LoRA / PEFT", "{}"),
        "home_empty": bk.home_view([], 0, [], retention_days=90),
    }


def main(out_dir: str) -> int:
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    bin_dir = Path(sys.executable).parent
    (root / "cli_help.txt").write_text(_cli(bin_dir, ["--help"]))
    (root / "cli_presets.txt").write_text(_cli(bin_dir, ["presets"]))
    (root / "cli_bad.txt").write_text(_cli(bin_dir, ["volum=high"]))
    for name, args in INPUTS.items():
        for fmt in ("text", "markdown", "json"):
            (root / f"{name}.{fmt}").write_text(_cli(bin_dir, [*args, "--format", fmt]))
        for kind, payload in _blockkit(name, args).items():
            (root / f"{name}.slack.{kind}.json").write_text(json.dumps(payload, indent=1))
    for kind, payload in _views().items():
        (root / f"view.{kind}.json").write_text(json.dumps(payload, indent=1))
    print(f"wrote {len(list(root.iterdir()))} files to {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "out/snapshot"))
