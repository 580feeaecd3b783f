"""Saved scenarios in Slack: save, load, list and delete, for the command, buttons and forms.

Every operation is scoped to the workspace the signed request came from. A save is committed
before the person is told it was saved. Replacing or deleting someone else's scenario needs a
workspace admin or owner, checked with users.info only when it matters.
"""

import logging
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from adapt.bot.blockkit import (
    LIST_PAGE,
    error_message,
    notice_message,
    result_message,
    saved_list_message,
    scenario_args,
)
from adapt.bot.blockkit.pieces import escape_code
from adapt.bot.flows.results import record_result, report_for
from adapt.bot.request import Turn
from adapt.engine import ArgumentError, Report
from adapt.storage.store import (
    NAME_RULE,
    BadName,
    NameTaken,
    NotAllowed,
    Saved,
    Store,
    scenario_name,
)

log = logging.getLogger("adapt.saved")

FORCE_FLAGS = frozenset({"--force", "-f", "--overwrite"})
NO_DATABASE = ("Adapt could not reach its database, so nothing was saved or changed; try again"
               " in a minute")
NO_WORKSPACE = "saved scenarios belong to a workspace, and this request names none"
NO_STORE = "saved scenarios need the app's database"
SAVE_USAGE = "write `/adapt save NAME [KEY=VALUE ...]`, e.g. `/adapt save support-q3 support`"


@dataclass(frozen=True)
class Outcome:
    kind: str  # "saved", "replaced", "exists" (nothing changed), "refused" (someone else's)
    saved: Saved


def is_admin(turn: Turn) -> bool:
    """Whether Slack says this person is a workspace admin or owner (users:read scope)."""
    try:
        user = turn.client.users_info(user=turn.user).get("user") or {}
    except (SlackApiError, OSError) as error:
        log.warning("users.info failed, so %s counts as no admin: %s", turn.user,
                    type(error).__name__)
        return False
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))


def save_report(turn: Turn, store: Store, team: str, name: str, report: Report, *,
                overwrite: bool) -> Outcome:
    """Save `report`'s scenario as `name` and commit. May raise SQLAlchemyError."""
    args, winner = scenario_args(report), report.winner.option.value
    try:
        saved, replaced = store.save(team, name, args, winner, turn.user, overwrite=overwrite)
    except NameTaken as taken:
        return Outcome("exists", taken.existing)
    except NotAllowed as other:
        if not is_admin(turn):
            return Outcome("refused", other.existing)
        saved, replaced = store.save(team, name, args, winner, turn.user, overwrite=True,
                                     may_replace_others=True)
    return Outcome("replaced" if replaced else "saved", saved)


def workspace(turn: Turn) -> tuple[Store, str] | None:
    """The store and the request's workspace, or None after telling the person why nothing can
    be stored."""
    storage = turn.storage()
    if storage is None:
        turn.reply(error_message(NO_STORE if turn.store is None else NO_WORKSPACE))
    return storage


def _name(turn: Turn, raw: str, usage: str) -> str | None:
    try:
        return scenario_name(raw)
    except BadName as error:
        turn.reply(error_message(
            f"`{escape_code(error.shown)}` is not a valid name: use {NAME_RULE}; {usage}"))
        return None


def _database_down(turn: Turn, what: str, error: Exception) -> None:
    log.error("%s failed: %s", what, type(error).__name__)
    turn.reply(error_message(NO_DATABASE))


def save_command(turn: Turn, rest: str) -> None:
    """`/adapt save NAME [KEY=VALUE ...] [--force]`."""
    tokens = rest.split()
    force = any(token.lower() in FORCE_FLAGS for token in tokens)
    tokens = [token for token in tokens if token.lower() not in FORCE_FLAGS]
    if not tokens:
        turn.reply(error_message(f"save needs a name: {SAVE_USAGE}"))
        return
    name = _name(turn, tokens[0], SAVE_USAGE)
    if name is None:
        return
    report = report_for(" ".join(tokens[1:]))
    if isinstance(report, ArgumentError):
        turn.reply(error_message(report))
        return
    save_and_tell(turn, name, report, overwrite=force)


def save_and_tell(turn: Turn, name: str, report: Report, *, overwrite: bool) -> None:
    found = workspace(turn)
    if found is None:
        return
    store, team = found
    try:
        outcome = save_report(turn, store, team, name, report, overwrite=overwrite)
    except SQLAlchemyError as error:
        _database_down(turn, "save", error)
        return
    # Committed: only now is the person told.
    turn.reply(notice_message(outcome.kind, name, outcome.saved, new_args=scenario_args(report),
                              verb="replace"))


def overwrite_button(turn: Turn, value: str) -> None:
    """The Overwrite button under "already exists": value is `NAME ARGS...`, parsed anew; the
    answer replaces the question."""
    turn = turn.replacing()
    raw_name, _, args = value.partition(" ")
    name = _name(turn, raw_name, SAVE_USAGE)
    if name is None:
        return
    report = report_for(args)
    if isinstance(report, ArgumentError):
        turn.reply(error_message(report))
        return
    save_and_tell(turn, name, report, overwrite=True)


def keep_button(turn: Turn, raw_name: str) -> None:
    turn = turn.replacing()
    found = workspace(turn)
    if found is None or (name := _name(turn, raw_name, SAVE_USAGE)) is None:
        return
    store, team = found
    try:
        saved = store.get(team, name)
    except SQLAlchemyError as error:
        _database_down(turn, "keep", error)
        return
    turn.reply(notice_message("kept" if saved else "missing", name, saved))


def load(turn: Turn, raw_name: str) -> None:
    """`/adapt load NAME` (or `open`) and the Open buttons: the saved scenario's result. The
    stored arguments are parsed like typed text, never trusted."""
    found = workspace(turn)
    if found is None or (name := _name(turn, raw_name, "write `/adapt load NAME`")) is None:
        return
    store, team = found
    try:
        saved = store.get(team, name)
    except SQLAlchemyError as error:
        _database_down(turn, "load", error)
        return
    if saved is None:
        turn.reply(notice_message("missing", name))
        return
    report = report_for(saved.args)
    if isinstance(report, ArgumentError):
        turn.reply(error_message(report, lead=f"The saved scenario `{escape_code(name)}`"
                                               " no longer reads: "))
        return
    if turn.reply(result_message(report, saved=saved)) != "lost":
        record_result(turn, report)


def find(turn: Turn, name: str) -> Saved | None:
    """The request's workspace's scenario by that name; None when absent or unreadable."""
    if turn.store is None or turn.team is None:
        return None
    try:
        return turn.store.get(turn.team, scenario_name(name))
    except (BadName, SQLAlchemyError):
        return None


def listing(turn: Turn, page_text: str) -> None:
    """`/adapt list [PAGE]`: the workspace's saved scenarios, LIST_PAGE at a time. A PAGE that is
    not a whole number from 1, or past the last page, is an error that says what is allowed."""
    found = workspace(turn)
    if found is None:
        return
    page = list_page_number(page_text)
    if page is None:
        shown = escape_code(page_text.strip()[:20] + ("…" if len(page_text.strip()) > 20 else ""))
        turn.reply(error_message(f"`{shown}` is not a page number: write `/adapt list` for the"
                                 " first page, or `/adapt list PAGE` with PAGE a whole number"
                                 " from 1"))
        return
    store, team = found
    try:
        total = store.count_saved(team)
        pages = max(1, -(-total // LIST_PAGE))
        if page > pages:
            turn.reply(error_message(past_the_end(page, total, pages)))
            return
        items = store.list_saved(team, limit=LIST_PAGE, offset=(page - 1) * LIST_PAGE)
    except SQLAlchemyError as error:
        _database_down(turn, "list", error)
        return
    turn.reply(saved_list_message(items, total=total, page=page))


def list_page_number(text: str) -> int | None:
    """The page `/adapt list` was given: 1 when none; None unless a whole number from 1 (ASCII
    digits only: int() would read other scripts' digits too)."""
    text = text.strip()
    if not text:
        return 1
    if not (text.isascii() and text.isdigit()) or len(text) > 9 or int(text) < 1:
        return None
    return int(text)


def past_the_end(page: int, total: int, pages: int) -> str:
    if total == 0:
        return f"there is no page {page}: this workspace has no saved scenarios yet"
    scenarios = "1 saved scenario" if total == 1 else f"{total} saved scenarios"
    fill = "fits on 1 page" if pages == 1 else f"fill {pages} pages"
    return (f"there is no page {page}: this workspace's {scenarios} {fill}; write"
            f" `/adapt list {pages}` for the last")


def remove(turn: Turn, raw_name: str) -> None:
    """`/adapt delete NAME`: its author, or a workspace admin or owner."""
    found = workspace(turn)
    if found is None or (name := _name(turn, raw_name, "write `/adapt delete NAME`")) is None:
        return
    store, team = found
    try:
        try:
            gone = store.delete(team, name, turn.user)
        except NotAllowed as other:
            if not is_admin(turn):
                turn.reply(notice_message("refused", name, other.existing, verb="delete"))
                return
            gone = store.delete(team, name, turn.user, may_delete_others=True)
    except SQLAlchemyError as error:
        _database_down(turn, "delete", error)
        return
    turn.reply(notice_message("deleted", name, gone) if gone
               else notice_message("missing", name))
