"""Slack's limits, checked on every payload before it is sent.

Every payload is walked for every limit in design.md (50 blocks per message, 100 per view, 2,000
characters per section field, text, button, option and id lengths, image sources...); a payload
that fails is a bug and raises BlockKitError instead of reaching Slack. `structural=True` also
runs slack_sdk's Block Kit models over it: the tests do that for every template path, preset and
extreme input; the server skips it because it costs several times the rest of a reply (see
bench/load.py).
"""

from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100


class BlockKitError(ValueError):
    pass


def _too_long(where: str, text: str | None, limit: int) -> None:
    if text is not None and len(text) > limit:
        raise BlockKitError(f"{where}: {len(text)} characters, limit {limit}")


def _text_of(obj: Any) -> str | None:
    return obj.get("text") if isinstance(obj, dict) else None


OPTIONS_MOST = {"static_select": 100, "overflow": 5}  # options an element holds


def _check_option(option: Any, where: str) -> None:
    if not isinstance(option, dict):
        raise BlockKitError(f"{where}: an option must be an object")
    _too_long(f"{where} option text", _text_of(option.get("text")), 75)
    _too_long(f"{where} option value", option.get("value"), 150)


def _check_confirm(confirm: Any, where: str) -> None:
    """A confirmation dialog: title 100, text 300, its two buttons 30 characters each."""
    if not isinstance(confirm, dict):
        raise BlockKitError(f"{where}: confirm must be an object")
    for part, limit in (("title", 100), ("text", 300), ("confirm", 30), ("deny", 30)):
        text = _text_of(confirm.get(part))
        if not text:
            raise BlockKitError(f"{where} confirm: needs its {part}")
        _too_long(f"{where} confirm {part}", text, limit)


def _check_element(element: dict[str, Any], where: str) -> None:
    _too_long(f"{where} action_id", element.get("action_id"), 255)
    kind = element.get("type")
    if kind == "button":
        _too_long(f"{where} button text", _text_of(element.get("text")), 75)
        _too_long(f"{where} button value", element.get("value"), 2_000)
    if kind in OPTIONS_MOST:
        options = element.get("options", [])
        if not 0 < len(options) <= OPTIONS_MOST[kind]:
            raise BlockKitError(f"{where}: {len(options)} options, 1 to {OPTIONS_MOST[kind]}")
        for option in options:
            _check_option(option, where)
    if "initial_option" in element:
        _check_option(element["initial_option"], where)
    if "confirm" in element:
        _check_confirm(element["confirm"], where)
    _too_long(f"{where} placeholder", _text_of(element.get("placeholder")), 150)
    if kind == "plain_text_input" and element.get("max_length", 0) > 3_000:
        raise BlockKitError(f"{where}: max_length above 3000")


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
