"""Saved scenarios: what one is, and the statements that read and change them, each run inside a
transaction the store opens. Every statement names its workspace (team_id): none can reach
another workspace's rows."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, delete, func, insert, select, update

from adapt.storage.names import name_key
from adapt.storage.schema import saved_scenarios


@dataclass(frozen=True)
class Saved:
    name: str
    args: str
    winner: str
    saved_by: str
    saved_at: datetime


class NameTaken(Exception):
    """The workspace already has a scenario by that name (in any letter case)."""

    def __init__(self, existing: Saved) -> None:
        super().__init__(existing.name)
        self.existing = existing


class NotAllowed(Exception):
    """Someone else saved it: only they or a workspace admin may replace or delete it."""

    def __init__(self, existing: Saved) -> None:
        super().__init__(existing.name)
        self.existing = existing


def saved_of(row: Any) -> Saved:
    return Saved(name=row.name, args=row.args, winner=row.winner, saved_by=row.saved_by,
                 saved_at=row.saved_at)


def named(team_id: str, name: str) -> Select[Any]:
    return select(saved_scenarios).where(saved_scenarios.c.team_id == team_id,
                                         saved_scenarios.c.name_lower == name_key(name))


def listed(team_id: str, limit: int, offset: int) -> Select[Any]:
    return (select(saved_scenarios).where(saved_scenarios.c.team_id == team_id)
            .order_by(saved_scenarios.c.name_lower).limit(limit).offset(offset))


def counted(team_id: str) -> Select[Any]:
    return select(func.count()).select_from(saved_scenarios).where(
        saved_scenarios.c.team_id == team_id)


def save_in(connection: Connection, team_id: str, name: str, args: str, winner: str,
            user_id: str, now: Callable[[], datetime], *, overwrite: bool,
            may_replace_others: bool) -> tuple[Saved, bool]:
    """Insert or replace `name` (a valid name: scenario_name's); the saved scenario and whether
    it replaced one. NameTaken or NotAllowed, and nothing written, when it may not."""
    row = connection.execute(named(team_id, name)).first()
    if row is not None and not overwrite:
        raise NameTaken(saved_of(row))
    if row is not None and row.saved_by != user_id and not may_replace_others:
        raise NotAllowed(saved_of(row))
    values = {"name": name, "args": args, "winner": winner, "saved_by": user_id,
              "saved_at": now()}
    if row is None:
        connection.execute(insert(saved_scenarios).values(
            team_id=team_id, name_lower=name_key(name), **values))
    else:
        connection.execute(update(saved_scenarios)
                           .where(saved_scenarios.c.id == row.id).values(values))
    return Saved(**values), row is not None


def delete_in(connection: Connection, team_id: str, name: str, user_id: str, *,
              may_delete_others: bool) -> Saved | None:
    """Delete `name`; None when there is none, NotAllowed when it is someone else's and the
    caller may not delete others'."""
    row = connection.execute(named(team_id, name)).first()
    if row is None:
        return None
    if row.saved_by != user_id and not may_delete_others:
        raise NotAllowed(saved_of(row))
    gone = saved_of(row)
    connection.execute(delete(saved_scenarios).where(saved_scenarios.c.id == row.id))
    return gone
