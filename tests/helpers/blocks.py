"""The text a person reads in a Block Kit payload."""

from typing import Any

DATA = ("value", "action_id", "block_id")  # never shown
ON_CLICK = ("confirm", "options")  # a confirm dialog and a menu's options show when clicked


def texts(node: Any, *, clicked: bool = False) -> list[str]:
    """Every text Slack shows in a payload (or its blocks): what shows at once, and with
    `clicked` also what a click would show."""
    hidden = DATA if clicked else DATA + ON_CLICK
    if isinstance(node, dict):
        return [t for key, value in node.items() if key not in hidden
                for t in ([value] if key == "text" and isinstance(value, str)
                          else texts(value, clicked=clicked))]
    if isinstance(node, list):
        return [t for item in node for t in texts(item, clicked=clicked)]
    return []
