"""Block Kit payloads: rendered from templates/slack, then checked against Slack's limits.

Every payload is walked for every limit in design.md before it is sent (50 blocks per message,
2,000 characters per section field, text, button, option and id lengths...); a payload that fails
is a bug and raises instead of reaching Slack. `structural=True` also runs slack_sdk's Block Kit
models over it: the tests do that for every template path, presets and extreme inputs; the server
skips it because it costs several times the rest of a reply (see bench/load.py).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from adapt.engine import Report
from adapt.engine.args import key_help, to_args
from adapt.engine.options import CARDS, OptionId
from adapt.engine.presets import PRESETS
from adapt.engine.scenario import LEVELS, Problem
from adapt.storage.store import NAME_MAX, NAME_RULE, Recent, Saved
from adapt.templates import render, render_json
from adapt.templates.charts import COST_TITLE, cost_finding

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
MARKDOWN_CHUNK = 2_900  # characters per preformatted block of the Markdown export
LIST_PAGE = 20  # saved scenarios per /adapt list page (one section each)
HOME_SAVED = 20  # saved scenarios on App Home (two blocks each), then a "more" hint
HOME_RECENT = 10  # recent results on App Home (one block each)
OPTION_NAMES = {option.value: card.name for option, card in CARDS.items()}


class BlockKitError(ValueError):
    pass


@dataclass(frozen=True)
class SlackImage:
    """An uploaded image for an image block: `slack_file` by id, so no public URL is needed."""

    file_id: str
    alt_text: str
    title: str
    block_id: str = "cost_chart"


def _too_long(where: str, text: str | None, limit: int) -> None:
    if text is not None and len(text) > limit:
        raise BlockKitError(f"{where}: {len(text)} characters, limit {limit}")


def _text_of(obj: Any) -> str | None:
    return obj.get("text") if isinstance(obj, dict) else None


def _check_element(element: dict[str, Any], where: str) -> None:
    _too_long(f"{where} action_id", element.get("action_id"), 255)
    kind = element.get("type")
    if kind == "button":
        _too_long(f"{where} button text", _text_of(element.get("text")), 75)
        _too_long(f"{where} button value", element.get("value"), 2_000)
    if kind == "static_select":
        options = element.get("options", [])
        if len(options) > 100:
            raise BlockKitError(f"{where}: {len(options)} options, limit 100")
        for option in options:
            _too_long(f"{where} option text", _text_of(option.get("text")), 75)
            _too_long(f"{where} option value", option.get("value"), 150)


def _check_block(block: dict[str, Any], index: int, structural: bool) -> None:
    where = f"block {index} ({block.get('type')})"
    _too_long(f"{where} block_id", block.get("block_id"), 255)
    kind = block.get("type")
    if kind == "section":
        _too_long(f"{where} text", _text_of(block.get("text")), 3_000)
        fields = block.get("fields", [])
        if len(fields) > 10:
            raise BlockKitError(f"{where}: {len(fields)} fields, limit 10")
        for field in fields:
            _too_long(f"{where} field", _text_of(field), 2_000)
    elif kind == "header":
        _too_long(f"{where} text", _text_of(block.get("text")), 150)
    elif kind == "context" and len(block.get("elements", [])) > 10:
        raise BlockKitError(f"{where}: more than 10 elements")
    elif kind == "actions" and len(block.get("elements", [])) > 25:
        raise BlockKitError(f"{where}: more than 25 elements")
    elif kind == "image":
        _check_image(block, where)
    elif kind == "input":
        _too_long(f"{where} label", _text_of(block.get("label")), 2_000)
        _too_long(f"{where} hint", _text_of(block.get("hint")), 2_000)
    for element in [block.get("accessory"), block.get("element"), *block.get("elements", [])]:
        if isinstance(element, dict):
            _check_element(element, where)
    if structural:
        parsed = Block.parse(block)
        if parsed is None:
            raise BlockKitError(f"{where}: not a Block Kit block")
        parsed.to_dict()  # slack_sdk's own validation raises on what it knows is wrong


def _check_image(block: dict[str, Any], where: str) -> None:
    if not block.get("alt_text"):
        raise BlockKitError(f"{where}: an image needs alt_text")
    _too_long(f"{where} alt_text", block.get("alt_text"), 2_000)
    _too_long(f"{where} title", _text_of(block.get("title")), 2_000)
    _too_long(f"{where} image_url", block.get("image_url"), 3_000)
    if ("image_url" in block) == ("slack_file" in block):
        raise BlockKitError(f"{where}: needs exactly one of image_url and slack_file")
    slack_file = block.get("slack_file")
    if slack_file is not None and (not isinstance(slack_file, dict)
                                   or len({"id", "url"} & slack_file.keys()) != 1):
        raise BlockKitError(f"{where}: slack_file needs exactly one of id and url")


def _check_blocks(blocks: list[dict[str, Any]], limit: int, structural: bool) -> None:
    if len(blocks) > limit:
        raise BlockKitError(f"{len(blocks)} blocks, limit {limit}")
    block_ids = [b["block_id"] for b in blocks if "block_id" in b]
    if len(block_ids) != len(set(block_ids)):
        raise BlockKitError("duplicate block_id")
    for index, block in enumerate(blocks):
        _check_block(block, index, structural)


def check_message(message: dict[str, Any], *, structural: bool = False) -> dict[str, Any]:
    if not message.get("text"):
        raise BlockKitError("a message needs a plain text fallback")
    _too_long("message text", message["text"], 40_000)
    _check_blocks(message.get("blocks", []), MESSAGE_BLOCKS, structural)
    return message


def check_view(view: dict[str, Any], *, structural: bool = False) -> dict[str, Any]:
    for part in ("title", "submit", "close"):
        _too_long(f"view {part}", _text_of(view.get(part)), 24)
    _too_long("view private_metadata", view.get("private_metadata"), 3_000)
    _check_blocks(view.get("blocks", []), VIEW_BLOCKS, structural)
    if structural:
        View(**view).to_dict()
    return view


def scenario_args(report: Report) -> str:
    return " ".join(to_args(report.scenario))


def result_message(report: Report, *, shared_by: str | None = None, note: str | None = None,
                   chart: SlackImage | None = None,
                   saved: Saved | None = None) -> dict[str, Any]:
    """The full result; with `chart`, the cost chart image stands in for the text cost view."""
    return check_message(render_json("slack/result.json.j2", r=report, args=scenario_args(report),
                                     shared_by=shared_by, note=note, chart=chart, saved=saved))


def chart_message(report: Report, chart: SlackImage | None, *,
                  note: str | None = None) -> dict[str, Any]:
    """The cost chart on its own; without an image, its finding and figures as text."""
    return check_message(render_json("slack/chart.json.j2", r=report, args=scenario_args(report),
                                     chart=chart, note=note, title=COST_TITLE,
                                     finding=cost_finding(report)))


def inspect_message(report: Report, option: OptionId) -> dict[str, Any]:
    entry = next(o for o in report.ranking if o.option is option)
    return check_message(render_json("slack/inspect.json.j2", r=report, o=entry,
                                     args=scenario_args(report)))


def markdown_chunks(markdown: str, size: int = MARKDOWN_CHUNK) -> list[str]:
    """Split at line ends into pieces of at most `size` characters; joined, they are the input."""
    chunks: list[str] = []
    current = ""
    for line in markdown.splitlines(keepends=True):
        if current and len(current) + len(line) > size:
            chunks.append(current)
            current = ""
        while len(line) > size:
            chunks.append(line[:size])
            line = line[size:]
        current += line
    if current:
        chunks.append(current)
    return chunks


def markdown_text(report: Report) -> str:
    return render("markdown/report.md.j2", r=report)


def markdown_message(report: Report) -> dict[str, Any]:
    return check_message(render_json("slack/markdown.json.j2",
                                     chunks=markdown_chunks(markdown_text(report))))


def help_message(error: str | None = None) -> dict[str, Any]:
    return check_message(render_json(
        "slack/help.json.j2", error=error, keys=key_help(), levels=LEVELS,
        problems=[p.value for p in Problem], presets=list(PRESETS)))


def presets_message() -> dict[str, Any]:
    return check_message(render_json("slack/presets.json.j2", presets=list(PRESETS.values())))


def modal_view(values: dict[str, str], *, preset: str | None, metadata: str,
               rev: int) -> dict[str, Any]:
    return check_view(render_json("slack/modal.json.j2", values=values, preset=preset,
                                  metadata=metadata, rev=rev, presets=list(PRESETS.values()),
                                  problems=list(Problem)))


def notice_message(kind: str, name: str, saved: Saved | None = None, *,
                   new_args: str | None = None, verb: str = "change") -> dict[str, Any]:
    """About one saved scenario: saved, replaced, exists (offers Overwrite), kept, deleted,
    refused (someone else's: `verb` says what was refused) or missing (no `saved`)."""
    if saved is None and kind != "missing":
        raise ValueError(f"a {kind} notice needs the saved scenario")
    return check_message(render_json("slack/notice.json.j2", kind=kind, asked=name, s=saved,
                                     new_args=new_args, verb=verb, names=OPTION_NAMES))


def saved_list_message(items: Sequence[Saved], *, total: int, page: int) -> dict[str, Any]:
    pages = max(1, -(-total // LIST_PAGE))
    return check_message(render_json("slack/saved_list.json.j2", items=items, total=total,
                                     page=page, pages=pages, names=OPTION_NAMES))


def save_modal_view(args: str, winner: str, metadata: str) -> dict[str, Any]:
    return check_view(render_json("slack/save_modal.json.j2", args=args, winner=winner,
                                  metadata=metadata, rule=NAME_RULE[:1].upper() + NAME_RULE[1:],
                                  max_length=NAME_MAX))


def home_view(saved: Sequence[Saved], total_saved: int, recent: Sequence[Recent], *,
              retention_days: int, readable: bool = True) -> dict[str, Any]:
    """App Home: how-to, presets, the workspace's saved scenarios (at most HOME_SAVED, then a
    hint), the person's recent results (at most HOME_RECENT): always within 100 blocks."""
    return check_view(render_json("slack/home.json.j2", presets=list(PRESETS.values()),
                                  saved=saved[:HOME_SAVED], total_saved=total_saved,
                                  recent=recent[:HOME_RECENT], retention_days=retention_days,
                                  readable=readable, names=OPTION_NAMES))
