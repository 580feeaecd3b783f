"""Block Kit's smallest pieces, and Slack's way of writing text: mrkdwn escaping, mentions,
dates, and the bullet rows the result message is made of.

The pieces are Python rather than Jinja macros because a result message uses about sixty of them
and a macro call costs ten times a function call (bench/load.py measured the difference at the
server). Each returns a JSON fragment for a template to place; user text always goes through
`escape_mrkdwn` (or `escape_code` inside a code span) before it reaches one.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from adapt.templates.format import bar, fact_told, lower_first, money, plain_date, tip_told

HEADER_LIMIT = 150  # characters of a header block's text
IMAGE_TEXT_LIMIT = 2_000  # characters of an image's alt text and title


@dataclass(frozen=True)
class SlackImage:
    """An uploaded image for an image block: `slack_file` by id, so no public URL is needed."""

    file_id: str
    alt_text: str
    title: str
    block_id: str = "cost_chart"


_ENCODER = json.JSONEncoder(ensure_ascii=False)  # json.dumps builds one per call otherwise


def to_json(value: Any) -> str:
    """JSON for a value inside a JSON template (no HTML escaping: these are not HTML)."""
    return _ENCODER.encode(value)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


# Text objects and blocks.

def mrkdwn_text(text: str) -> str:
    return to_json({"type": "mrkdwn", "text": text})


def plain_text(text: str) -> str:
    return to_json({"type": "plain_text", "text": text, "emoji": True})


def section(text: str, block_id: str | None = None) -> str:
    block: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    if block_id:
        block["block_id"] = block_id
    return to_json(block)


def context(text: str) -> str:
    return to_json({"type": "context", "elements": [{"type": "mrkdwn", "text": text}]})


def header(text: str) -> str:
    return to_json({"type": "header", "text": {"type": "plain_text",
                                               "text": _clip(text, HEADER_LIMIT), "emoji": True}})


def image(chart: SlackImage) -> str:
    """An image block showing an uploaded file by id."""
    return to_json({"type": "image", "block_id": chart.block_id,
                    "slack_file": {"id": chart.file_id},
                    "alt_text": _clip(chart.alt_text, IMAGE_TEXT_LIMIT),
                    "title": {"type": "plain_text", "text": _clip(chart.title, IMAGE_TEXT_LIMIT),
                              "emoji": True}})


def confirm_dialog(title: str, text: str, yes: str, no: str = "Cancel") -> dict[str, Any]:
    """Slack's confirmation dialog for a button: it asks before the click is sent."""
    return {"title": {"type": "plain_text", "text": title},
            "text": {"type": "plain_text", "text": text},
            "confirm": {"type": "plain_text", "text": yes},
            "deny": {"type": "plain_text", "text": no}}


def button(label: str, action_id: str, value: str, style: str | None = None,
           confirm: dict[str, Any] | None = None) -> str:
    element: dict[str, Any] = {"type": "button", "action_id": action_id, "value": value,
                               "text": {"type": "plain_text", "text": label, "emoji": True}}
    if style:
        element["style"] = style
    if confirm:
        element["confirm"] = confirm
    return to_json(element)


OPTION_VALUE = 150  # characters of a select's or an overflow menu's option value
MENU_OPTIONS = 5  # options an overflow menu holds


def _option(label: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": _clip(label, 75), "emoji": True},
            "value": value}


def menu_values(verbs: list[tuple[str, str]], args: str) -> list[tuple[str, str]] | None:
    """(label, "verb args") for each of `verbs`, or None when one of them would not fit in an
    option's value: the args then travel in a button instead (`More…`)."""
    found = [(label, f"{verb} {args}".rstrip()) for label, verb in verbs]
    fits = len(found) <= MENU_OPTIONS and all(len(value) <= OPTION_VALUE for _, value in found)
    return found if fits else None


def overflow(action_id: str, options: list[tuple[str, str]]) -> str:
    """An overflow menu ("⋯") of (label, value) options."""
    return to_json({"type": "overflow", "action_id": action_id,
                    "options": [_option(label, value) for label, value in options]})


def picker(action_id: str, placeholder: str, options: list[tuple[str, str]]) -> str:
    """A static select of (label, value) options, for an accessory."""
    return to_json({"type": "static_select", "action_id": action_id,
                    "placeholder": {"type": "plain_text", "text": placeholder, "emoji": True},
                    "options": [_option(label, value) for label, value in options]})


# Escaping and Slack's tokens.

# Slack formats `*bold*`, `_italic_` and `~strike~` only between a mark that opens (no word
# before it, text after it) and one that closes (text before it, no word after it); a mark inside a
# word (snake_case, support_q3) is left alone. So a mark is neutralised, by zero-width spaces
# beside it, only at a word's edge and only when its text holds both an opener and a closer: a key
# or a name copied from a message pastes back as it was typed.
_MARKS = {mark: (re.compile(rf"(?<!\w){re.escape(mark)}(?=\S)"),
                 re.compile(rf"(?<=\S){re.escape(mark)}(?!\w)"),
                 re.compile(rf"(?<!\w){re.escape(mark)}|{re.escape(mark)}(?!\w)"))
          for mark in "*_~"}


def escape_mrkdwn(text: Any) -> str:
    """User text in mrkdwn: no <!channel>, no links, no formatting it did not ask for."""
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for opener, closer, edge in _MARKS.values():
        if opener.search(escaped) and closer.search(escaped):
            escaped = edge.sub(lambda mark: f"\u200b{mark.group()}\u200b", escaped)
    return escaped.replace("`", "\u02bc")


def escape_code(text: Any) -> str:
    """User text shown inside a `code span`: only &, < and > (and no closing backtick)."""
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("`", "\u02bc")


_USER = re.compile(r"^[UW][A-Z0-9]{2,20}$")
_CHANNEL = re.compile(r"^[CDG][A-Z0-9]{2,20}$")


def mention(user_id: Any) -> str:
    """<@U123> for a well-formed user id, so stored text can never become another mention."""
    return f"<@{user_id}>" if _USER.match(str(user_id)) else "someone"


def channel_mention(channel_id: Any) -> str:
    return f"<#{channel_id}>" if _CHANNEL.match(str(channel_id)) else "a direct message"


def slack_date(moment: datetime) -> str:
    """A time each reader sees in their own time zone (Slack's date token), UTC as fallback."""
    return (f"<!date^{int(moment.timestamp())}^{{date_short_pretty}} at {{time}}|"
            f"{plain_date(moment)}>")


# Rows of the result message, in mrkdwn.

def bullet(text: str) -> str:
    return "• " + text


def help_example(sentence: str) -> str:
    """One /adapt example on its own line, as a person would type it (plain text, not a code
    span: a long code span breaks the bullet's line)."""
    return f"\n• /adapt {sentence}"


def warning_line(text: str) -> str:
    return ":warning: " + escape_mrkdwn(text)


RANK_BAR_WIDTH = 12  # cells of a ranking bar: wide enough to compare, short enough for phones


def rank_row(option: Any) -> str:
    """One option that can start now, on one line: a bar (plain text, not a code span: Slack
    paints code in red), the score, the name (the winner's in bold)."""
    name = f"*{option.name}*" if option.rank == 1 else option.name
    return f"{bar(option.score, 100.0, RANK_BAR_WIDTH)} {option.score:.1f}  {name}"


SAID_BY_TRIGGER = ("examples", "lora_first")  # blocks whose trigger already says why


def ranking_text(report: Any) -> str:
    """The ranking as the decision's steps give it (issue 23: "options that cannot start yet
    are shown apart from the ranking, with their trigger"): bars for what can start now, best
    first; then each option that can fix the failure but waits, with what would let it start;
    then what cannot fix the failure at all."""
    by_option = {entry.option: entry for entry in report.ranking}
    lines = [rank_row(entry) for entry in report.ranking if entry.eligible]
    for row in report.decision.feasibility:
        if not row.feasible:
            why = "" if row.blocked_by in SAID_BY_TRIGGER else f" _({row.why_not})_"
            lines.append(f"_Waits:_ {row.name} ({by_option[row.option].score:.1f}),"
                         f" {lower_first(row.trigger or '')}{why}")
    cannot = [entry.name for entry in report.ranking if not entry.fixes]
    if cannot:
        lines.append(f"_Cannot fix {report.decision.failure_label}:_ {', '.join(cannot)}")
    return "\n".join(lines)


def tip_row(point: Any, scenario: Any) -> str:
    """One factor's tipping points as a bullet line, the factor in words."""
    return f"• *{fact_told(scenario, point.factor)}*: {tip_told(point)}"


def plan_row(step: Any) -> str:
    return f"• *{step.when}:* {step.name}. {step.why}"


def cost_row(point: Any, top: float) -> str:
    """One month of the cumulative cost chart, every path, for a monospaced block (narrower
    bars when the cached path makes three)."""
    paths = [("prompt", point.prompt_only), ("cached", point.cached), ("tuned", point.tuned)]
    shown = [(name, value) for name, value in paths if value is not None]
    width = 12 if len(shown) == 2 else 7
    return f"m{point.month:<3} " + "  ".join(
        f"{name} {bar(value, top, width)} {money(value):>8}" for name, value in shown)


FILTERS: dict[str, Callable[..., Any]] = {
    "tojson": to_json, "escape_mrkdwn": escape_mrkdwn, "escape_code": escape_code,
    "mention": mention, "channel_mention": channel_mention, "slack_date": slack_date,
    "bullet": bullet, "help_example": help_example, "warning_line": warning_line,
    "rank_row": rank_row, "ranking_text": ranking_text, "tip_row": tip_row, "plan_row": plan_row,
    "cost_row": cost_row,
}
GLOBALS: dict[str, Callable[..., Any]] = {
    "mrkdwn_text": mrkdwn_text, "plain_text": plain_text, "section": section, "context": context,
    "header": header, "image": image, "button": button, "overflow": overflow,
    "picker": picker, "menu_values": menu_values, "confirm_dialog": confirm_dialog,
}
