"""Saved scenarios in Slack: save, load, list and delete, for the command, buttons and forms.

Every operation is scoped to the workspace the signed request came from. A save is committed
before the person is told it was saved. Replacing or deleting someone else's scenario needs a
workspace admin or owner, checked with users.info only when it matters.
"""

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient
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
from adapt.bot.flows.results import record_result, reply, report_for, store_of
from adapt.bot.payloads import USER_ID, channel_of, team_of, user_of
from adapt.engine import ArgumentError, Report
from adapt.storage.store import (
    NAME_RULE,
    BadName,
    NameTaken,
    NotAllowed,
    Saved,
    scenario_name,
)

log = logging.getLogger("adapt.saved")

FORCE_FLAGS = frozenset({"--force", "-f", "--overwrite"})
NO_DATABASE = ("Adapt could not reach its database, so nothing was saved or changed; try again"
               " in a minute")
NO_WORKSPACE = "saved scenarios belong to a workspace, and this request names none"
SAVE_USAGE = "write `/adapt save NAME [KEY=VALUE ...]`, e.g. `/adapt save support-q3 support`"


@dataclass(frozen=True)
class Outcome:
    kind: str  # "saved", "replaced", "exists" (nothing changed), "refused" (someone else's)
    saved: Saved


def is_admin(client: WebClient, user_id: str) -> bool:
    """Whether Slack says this person is a workspace admin or owner (users:read scope)."""
    try:
        user = client.users_info(user=user_id).get("user") or {}
    except (SlackApiError, OSError) as error:
        log.warning("users.info failed, so %s counts as no admin: %s", user_id,
                    type(error).__name__)
        return False
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))


def save_report(client: WebClient, context: BoltContext, team: str, user: str, name: str,
                report: Report, *, overwrite: bool) -> Outcome:
    """Save `report`'s scenario as `name` and commit. May raise SQLAlchemyError."""
    store = store_of(context)
    args, winner = scenario_args(report), report.winner.option.value
    try:
        saved, replaced = store.save(team, name, args, winner, user, overwrite=overwrite)
    except NameTaken as taken:
        return Outcome("exists", taken.existing)
    except NotAllowed as other:
        if not is_admin(client, user):
            return Outcome("refused", other.existing)
        saved, replaced = store.save(team, name, args, winner, user, overwrite=True,
                                     may_replace_others=True)
    return Outcome("replaced" if replaced else "saved", saved)


def workspace(client: WebClient, body: dict[str, Any], context: BoltContext,
              **how: Any) -> str | None:
    """The request's workspace, or None after telling the person why nothing can be stored."""
    team = team_of(context)
    if team is None or not USER_ID.match(user_of(body)):
        reply(client, body, error_message(NO_WORKSPACE), **how)
        return None
    return team


def _name(client: WebClient, body: dict[str, Any], raw: str, usage: str,
          **how: Any) -> str | None:
    try:
        return scenario_name(raw)
    except BadName as error:
        reply(client, body, error_message(
            f"`{escape_code(error.shown)}` is not a valid name: use {NAME_RULE}; {usage}"), **how)
        return None


def _database_down(client: WebClient, body: dict[str, Any], what: str, error: Exception,
                   **how: Any) -> None:
    log.error("%s failed: %s", what, type(error).__name__)
    reply(client, body, error_message(NO_DATABASE), **how)


def save_command(client: WebClient, body: dict[str, Any], context: BoltContext,
                 rest: str) -> None:
    """`/adapt save NAME [KEY=VALUE ...] [--force]`."""
    tokens = rest.split()
    force = any(token.lower() in FORCE_FLAGS for token in tokens)
    tokens = [token for token in tokens if token.lower() not in FORCE_FLAGS]
    if not tokens:
        reply(client, body, error_message(f"save needs a name: {SAVE_USAGE}"))
        return
    name = _name(client, body, tokens[0], SAVE_USAGE)
    if name is None:
        return
    report = report_for(" ".join(tokens[1:]))
    if isinstance(report, ArgumentError):
        reply(client, body, error_message(report))
        return
    save_and_tell(client, body, context, name, report, overwrite=force)


def save_and_tell(client: WebClient, body: dict[str, Any], context: BoltContext, name: str,
                  report: Report, *, overwrite: bool, **how: Any) -> None:
    team = workspace(client, body, context, **how)
    if team is None:
        return
    try:
        outcome = save_report(client, context, team, user_of(body), name, report,
                              overwrite=overwrite)
    except SQLAlchemyError as error:
        _database_down(client, body, "save", error, **how)
        return
    # Committed: only now is the person told.
    reply(client, body, notice_message(outcome.kind, name, outcome.saved,
                                       new_args=scenario_args(report), verb="replace"), **how)


def overwrite_button(client: WebClient, body: dict[str, Any], context: BoltContext,
                     value: str) -> None:
    """The Overwrite button under "already exists": value is `NAME ARGS...`, parsed anew."""
    raw_name, _, args = value.partition(" ")
    name = _name(client, body, raw_name, SAVE_USAGE, replace=True)
    if name is None:
        return
    report = report_for(args)
    if isinstance(report, ArgumentError):
        reply(client, body, error_message(report), replace=True)
        return
    save_and_tell(client, body, context, name, report, overwrite=True, replace=True)


def keep_button(client: WebClient, body: dict[str, Any], context: BoltContext,
                raw_name: str) -> None:
    team = workspace(client, body, context, replace=True)
    name = team and _name(client, body, raw_name, SAVE_USAGE, replace=True)
    if team is None or name is None:
        return
    try:
        saved = store_of(context).get(team, name)
    except SQLAlchemyError as error:
        _database_down(client, body, "keep", error, replace=True)
        return
    reply(client, body, notice_message("kept" if saved else "missing", name, saved),
          replace=True)


def load(client: WebClient, body: dict[str, Any], context: BoltContext, raw_name: str,
         **how: Any) -> None:
    """`/adapt load NAME` (or `open`) and the Open buttons: the saved scenario's result. The
    stored arguments are parsed like typed text, never trusted."""
    team = workspace(client, body, context, **how)
    name = team and _name(client, body, raw_name, "write `/adapt load NAME`", **how)
    if team is None or name is None:
        return
    try:
        saved = store_of(context).get(team, name)
    except SQLAlchemyError as error:
        _database_down(client, body, "load", error, **how)
        return
    if saved is None:
        reply(client, body, notice_message("missing", name), **how)
        return
    report = report_for(saved.args)
    if isinstance(report, ArgumentError):
        reply(client, body, error_message(report, lead=f"The saved scenario `{escape_code(name)}`"
                                                       " no longer reads: "), **how)
        return
    if reply(client, body, result_message(report, saved=saved), **how) != "lost":
        record_result(context, user_of(body), channel_of(body), report)


def find(context: BoltContext, name: str) -> Saved | None:
    """The request's workspace's scenario by that name; None when absent or unreadable."""
    team = team_of(context)
    try:
        return store_of(context).get(team, scenario_name(name)) if team else None
    except (BadName, SQLAlchemyError):
        return None


def listing(client: WebClient, body: dict[str, Any], context: BoltContext, page_text: str,
            **how: Any) -> None:
    """`/adapt list [PAGE]`: the workspace's saved scenarios, LIST_PAGE at a time. A PAGE that is
    not a whole number from 1, or past the last page, is an error that says what is allowed."""
    team = workspace(client, body, context, **how)
    if team is None:
        return
    page = list_page_number(page_text)
    if page is None:
        shown = escape_code(page_text.strip()[:20] + ("…" if len(page_text.strip()) > 20 else ""))
        reply(client, body, error_message(f"`{shown}` is not a page number: write `/adapt list`"
                                          " for the first page, or `/adapt list PAGE` with PAGE"
                                          " a whole number from 1"), **how)
        return
    store = store_of(context)
    try:
        total = store.count_saved(team)
        pages = max(1, -(-total // LIST_PAGE))
        if page > pages:
            reply(client, body, error_message(past_the_end(page, total, pages)), **how)
            return
        items = store.list_saved(team, limit=LIST_PAGE, offset=(page - 1) * LIST_PAGE)
    except SQLAlchemyError as error:
        _database_down(client, body, "list", error, **how)
        return
    reply(client, body, saved_list_message(items, total=total, page=page), **how)


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


def remove(client: WebClient, body: dict[str, Any], context: BoltContext, raw_name: str) -> None:
    """`/adapt delete NAME`: its author, or a workspace admin or owner."""
    team = workspace(client, body, context)
    name = team and _name(client, body, raw_name, "write `/adapt delete NAME`")
    if team is None or name is None:
        return
    store, user = store_of(context), user_of(body)
    try:
        try:
            gone = store.delete(team, name, user)
        except NotAllowed as other:
            if not is_admin(client, user):
                reply(client, body, notice_message("refused", name, other.existing,
                                                   verb="delete"))
                return
            gone = store.delete(team, name, user, may_delete_others=True)
    except SQLAlchemyError as error:
        _database_down(client, body, "delete", error)
        return
    reply(client, body, notice_message("deleted", name, gone) if gone
          else notice_message("missing", name))
