"""Adapt: how to adapt a large language model to a job, and what each path costs over time.

The public API. One import name, `adapt`, holds the layers, each in its own folder of the checkout:

- `adapt.engine` (`engine/`): scenario in, report out; pure, no I/O.
- `adapt.templates` (`templates/`): the report as text, Markdown and charts.
- `adapt.bot` (`bot/`): the Slack app and its Block Kit; the only Slack code.
- `adapt.storage` (`storage/`): saved scenarios and result records (SQLAlchemy); imports
  nothing of Slack.
- `adapt.cli` (here, `adapt/`, with this face): the `adapt` command (also `python -m adapt`).

docs/architecture.md says how the folders map to `adapt.*` and why.

    >>> from adapt import evaluate, parse_scenario
    >>> evaluate(parse_scenario("preset=support")).winner.name
    'LoRA / PEFT'
    >>> from adapt import evaluate_input
    >>> evaluate_input("tone drifts, about 300 labeled examples, 2M requests a month").read_as
    ['problem=style', 'examples=300', 'requests=2M']
"""

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Run from a checkout (`python -m adapt` in its root, where the current folder comes first on
# sys.path), this folder is imported in place of the installed package; the layers are its
# sibling folders there, as pyproject.toml's package-dir maps them, so they join its path.
_CHECKOUT = Path(__file__).resolve().parent.parent
if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "engine" / "__init__.py").is_file():
    __path__.append(str(_CHECKOUT))

if TYPE_CHECKING:
    from adapt.engine import (
        ArgumentError,
        Parsed,
        Report,
        Scenario,
        evaluate,
        evaluate_input,
        parse_input,
        parse_scenario,
    )
    from adapt.engine.args import to_args
    from adapt.engine.presets import PRESETS

__all__ = ["PRESETS", "ArgumentError", "Parsed", "Report", "Scenario", "evaluate",
           "evaluate_input", "parse_input", "parse_scenario", "to_args"]
# Where each name lives: loaded at first use, so `adapt.cli`, `adapt.storage` and `adapt.bot`
# (all under this package) load no more of the engine than they use.
_HOMES = {**dict.fromkeys(__all__, "adapt.engine"), "to_args": "adapt.engine.args",
          "PRESETS": "adapt.engine.presets"}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'adapt' has no attribute '{name}'")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value
