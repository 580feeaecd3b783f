"""One function per payload the app sends: the view model a template needs, rendered, then
checked against Slack's limits (limits.py) before it can be sent."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from adapt.bot.blockkit.limits import check_message, check_view
from adapt.bot.blockkit.pieces import SlackImage
from adapt.bot.blockkit.render import render_json
from adapt.engine import Report
from adapt.engine.args import key_help, to_args
from adapt.engine.keys import KEYS
from adapt.engine.options import CARDS, OptionId
from adapt.engine.presets import PRESETS
from adapt.engine.scenario import LEVELS, Problem
from adapt.storage.store import NAME_MAX, NAME_RULE
from adapt.templates import render
from adapt.templates.charts import COST_TITLE, cost_finding

if TYPE_CHECKING:  # only their shape: templates read a saved scenario's or a record's fields
    from adapt.storage.store import Recent, Saved

MARKDOWN_CHUNK = 2_900  # characters per preformatted block of the Markdown export
LIST_PAGE = 20  # saved scenarios per /adapt list page (one section each)
HOME_SAVED = 20  # saved scenarios on App Home (two blocks each), then a "more" hint
HOME_RECENT = 10  # recent results on App Home (one block each)
OPTION_NAMES = {option.value: card.name for option, card in CARDS.items()}
FORM_FIELDS = {key.name: key.form for key in KEYS if key.form is not None}


def scenario_args(report: Report) -> str:
    return " ".join(to_args(report.scenario))


def result_message(report: Report, *, shared_by: str | None = None, note: str | None = None,
                   chart: SlackImage | None = None,
                   saved: Saved | None = None) -> dict[str, Any]:
    """The full result; with `chart`, the cost chart image stands in for the text cost view."""
    return check_message(render_json("result.json.j2", r=report, args=scenario_args(report),
                                     shared_by=shared_by, note=note, chart=chart, saved=saved))


def chart_message(report: Report, chart: SlackImage | None, *,
                  note: str | None = None) -> dict[str, Any]:
    """The cost chart on its own; without an image, its finding and figures as text."""
    return check_message(render_json("chart.json.j2", r=report, args=scenario_args(report),
                                     chart=chart, note=note, title=COST_TITLE,
                                     finding=cost_finding(report)))


def inspect_message(report: Report, option: OptionId) -> dict[str, Any]:
    entry = next(o for o in report.ranking if o.option is option)
    return check_message(render_json("inspect.json.j2", r=report, o=entry,
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
    return check_message(render_json("markdown.json.j2",
                                     chunks=markdown_chunks(markdown_text(report))))


def help_message(error: str | None = None) -> dict[str, Any]:
    return check_message(render_json(
        "help.json.j2", error=error, keys=key_help(), levels=LEVELS,
        problems=[p.value for p in Problem], presets=list(PRESETS)))


def presets_message() -> dict[str, Any]:
    return check_message(render_json("presets.json.j2", presets=list(PRESETS.values())))


def modal_view(values: dict[str, str], *, preset: str | None, metadata: str,
               rev: int) -> dict[str, Any]:
    return check_view(render_json("modal.json.j2", values=values, preset=preset,
                                  metadata=metadata, rev=rev, presets=list(PRESETS.values()),
                                  problems=list(Problem), fields=FORM_FIELDS))


def notice_message(kind: str, name: str, saved: Saved | None = None, *,
                   new_args: str | None = None, verb: str = "change") -> dict[str, Any]:
    """About one saved scenario: saved, replaced, exists (offers Overwrite), kept, deleted,
    refused (someone else's: `verb` says what was refused) or missing (no `saved`)."""
    if saved is None and kind != "missing":
        raise ValueError(f"a {kind} notice needs the saved scenario")
    return check_message(render_json("notice.json.j2", kind=kind, asked=name, s=saved,
                                     new_args=new_args, verb=verb, names=OPTION_NAMES))


def saved_list_message(items: Sequence[Saved], *, total: int, page: int) -> dict[str, Any]:
    pages = max(1, -(-total // LIST_PAGE))
    return check_message(render_json("saved_list.json.j2", items=items, total=total,
                                     page=page, pages=pages, names=OPTION_NAMES))


def save_modal_view(args: str, winner: str, metadata: str) -> dict[str, Any]:
    return check_view(render_json("save_modal.json.j2", args=args, winner=winner,
                                  metadata=metadata, rule=NAME_RULE[:1].upper() + NAME_RULE[1:],
                                  max_length=NAME_MAX))


def home_view(saved: Sequence[Saved], total_saved: int, recent: Sequence[Recent], *,
              retention_days: int, readable: bool = True) -> dict[str, Any]:
    """App Home: how-to, presets, the workspace's saved scenarios (at most HOME_SAVED, then a
    hint), the person's recent results (at most HOME_RECENT): always within 100 blocks."""
    return check_view(render_json("home.json.j2", presets=list(PRESETS.values()),
                                  saved=saved[:HOME_SAVED], total_saved=total_saved,
                                  recent=recent[:HOME_RECENT], retention_days=retention_days,
                                  readable=readable, names=OPTION_NAMES))
