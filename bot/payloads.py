"""Reading what Slack sends: one guarded reader per fact, so a missing or mistyped part of a
payload reads as empty instead of raising, and ids are checked before anything trusts them."""

import re
from typing import Any

from slack_bolt import BoltContext

from adapt.bot.ids import INPUT_VALUE

USER_ID = re.compile(r"^[UW][A-Z0-9]{1,20}$")
TEAM_ID = re.compile(r"^[TE][A-Z0-9]{1,20}$")
CHANNEL_ID = re.compile(r"^[CDG][A-Z0-9]{1,20}$")


def as_dict(value: Any) -> dict[str, Any]:
    """Payload parts are only ever read through this: a missing or mistyped part reads as empty."""
    return value if isinstance(value, dict) else {}


def text_of(value: Any) -> str:
    return value if isinstance(value, str) else ""


_ENTITY = re.compile(r"&(amp|lt|gt);")
_CHARACTER = {"amp": "&", "lt": "<", "gt": ">"}


def typed_text(value: Any) -> str:
    """What a person typed, from a slash command's or a message's text: Slack sends &, < and >
    as &amp;, &lt; and &gt; (api.slack.com/reference/surfaces/formatting, "Escaping text");
    decoded here, once, in one pass ("&amp;lt;" is "&lt;" as typed), so the engine reads "R&D".
    Slack's own markup (<@U123>, <!here>) keeps its brackets: Slack sends those unescaped."""
    return _ENTITY.sub(lambda match: _CHARACTER[match.group(1)], text_of(value))


def kind_of(body: dict[str, Any]) -> str:
    """What a payload is: its `type` (block_actions, view_submission, event_callback...), or a
    slash command."""
    return str(body.get("type") or ("slash_command" if "command" in body else "unknown"))


def user_of(body: dict[str, Any]) -> str:
    """The person behind a slash command (`user_id`) or an interaction (`user.id`)."""
    return str(body.get("user_id") or as_dict(body.get("user")).get("id") or "")


def channel_of(body: dict[str, Any]) -> str | None:
    """The conversation of a command or interaction, when it is a well-formed channel id."""
    channel = body.get("channel_id") or as_dict(body.get("channel")).get("id") or ""
    return channel if CHANNEL_ID.match(str(channel)) else None


def team_in(body: dict[str, Any]) -> str:
    """The workspace a payload names, for log lines only (never trusted for storage)."""
    return str(body.get("team_id") or as_dict(body.get("team")).get("id") or "")


def team_of(context: BoltContext) -> str | None:
    """The workspace a signed request came from: the scope of every stored row."""
    team = context.team_id or ""
    return team if TEAM_ID.match(team) else None


def trigger_of(body: dict[str, Any]) -> str:
    return text_of(body.get("trigger_id"))


def response_url_of(body: dict[str, Any]) -> str | None:
    return text_of(body.get("response_url")) or None


def first_action(body: dict[str, Any]) -> dict[str, Any]:
    actions = body.get("actions")
    return as_dict(actions[0]) if isinstance(actions, list) and actions else {}


def action_value(body: dict[str, Any]) -> str:
    """The clicked button's value, or the chosen option's of a select."""
    action = first_action(body)
    selected = action.get("selected_option")
    return text_of(selected.get("value") if isinstance(selected, dict) else action.get("value"))


def action_id_of(body: dict[str, Any]) -> str:
    return str(first_action(body).get("action_id", ""))


def in_ephemeral(body: dict[str, Any]) -> bool:
    """Whether the clicked message is the person's own (ephemeral): only then may an answer
    replace it; a message shared in a channel is everyone's."""
    return as_dict(body.get("container")).get("is_ephemeral") is True


def view_of(body: dict[str, Any]) -> dict[str, Any]:
    return as_dict(body.get("view"))


def view_values(view: dict[str, Any]) -> dict[str, Any]:
    """A submitted view's state: {block_id: {action_id: element state}}."""
    return as_dict(as_dict(view.get("state")).get("values"))


def input_state(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    """One input element's state in a submitted view."""
    return as_dict(as_dict(values.get(block_id)).get(INPUT_VALUE))


def input_text(values: dict[str, Any], block_id: str) -> str | None:
    """What a text input or select holds, stripped; None when empty, absent or not text."""
    element = input_state(values, block_id)
    selected = element.get("selected_option")
    raw = selected.get("value") if isinstance(selected, dict) else element.get("value")
    if not isinstance(raw, str | int | float) or isinstance(raw, bool):
        return None
    return str(raw).strip() or None
