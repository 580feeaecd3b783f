"""Block Kit templates (`templates/` beside this module) rendered to payloads: the shared Jinja
wiring from adapt.templates, with Slack's pieces and action ids as globals."""

import json
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment

from adapt.bot.blockkit import pieces
from adapt.bot.ids import INPUT_VALUE, Action, Callback
from adapt.templates.environment import make_environment

TEMPLATE_DIR = Path(__file__).parent / "templates"


@cache
def environment() -> Environment:
    return make_environment(TEMPLATE_DIR, pieces.FILTERS,
                            {**pieces.GLOBALS, "Action": Action, "Callback": Callback,
                             "INPUT_VALUE": INPUT_VALUE})


@cache
def shared_pieces() -> Any:
    """_macros.j2, rendered once: every payload template gets it as `k`. An {% import %} in each
    template would do the same work again at every render (Jinja checks the importing context's
    globals each time: a quarter of a first screen's render, bench/answer.py)."""
    return environment().get_template("_macros.j2").module


def render_json(name: str, **context: Any) -> Any:
    """Render a JSON template and parse it, so a template bug fails loudly here, not in Slack."""
    template = environment().get_template(name)
    return json.loads(template.render(k=shared_pieces(), **context))
