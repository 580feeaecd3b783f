"""What the tests share, in one package: test modules import from here, never from each other.

- `fakeslack`: a local fake of Slack's Web API and response_urls that records every call.
- `slackapp`: requests signed and shaped like Slack's, and `adapt serve` run as a process.
- `bolt`: the real Bolt app dispatched in-process (no server), replies going to the fake Slack.
- `strategies`: fixed edge scenarios and hypothesis strategies over the whole input space.
- `formulas`: the seed's cost formulas written out apart from the engine.
- `strict`: Block Kit checks (our limits and slack_sdk's models); `blocks`: the text a person
  reads in a payload.

`ROOT` is the checkout; `adapt_executable()` the installed console script.
"""

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def adapt_executable() -> str:
    """The installed console script, beside this interpreter (the venv's bin)."""
    beside = Path(sys.executable).with_name("adapt")
    return str(beside) if beside.exists() else (shutil.which("adapt") or "adapt")
