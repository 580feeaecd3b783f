"""The tables, and bringing a database up to them. The schema comes from the Alembic migrations
in storage/migrations (adapt.storage.migrations), applied by `upgrade` (at `adapt serve` start
and by `adapt db upgrade`); the tables here describe it to the queries (tests/test_store.py holds
the two to each other)."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.exc import OperationalError, ProgrammingError

from adapt.storage.names import NAME_MAX
from adapt.storage.sqlite import WRITE

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD_REVISION = "0002"  # the newest migration (tests/test_store.py holds it to Alembic's head)
MIGRATION_LOCK = 0x61646170  # "adap": PostgreSQL advisory lock held while migrating


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, on every backend (SQLite keeps no time zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give a time zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# SQLAlchemy Core tables, not ORM classes: the ORM was a tenth of `adapt serve`'s start-up
# (importing it) and the store never needed its unit of work.
METADATA = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "pk": "pk_%(table_name)s",
})


def _required(name: str, kind: Any) -> Column[Any]:
    return Column(name, kind, nullable=False)


# A named scenario of one workspace. `args` is engine.args.to_args output, re-parsed on use.
saved_scenarios = Table(
    "saved_scenarios", METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _required("team_id", String(32)),
    _required("name", String(NAME_MAX)),
    _required("name_lower", String(NAME_MAX)),
    _required("args", Text),
    _required("winner", String(32)),
    _required("saved_by", String(32)),
    _required("saved_at", UTCDateTime()),
    UniqueConstraint("team_id", "name_lower"),
)

# One result delivered to a person: the source of App Home's "your recent results".
result_records = Table(
    "result_records", METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _required("team_id", String(32)),
    _required("user_id", String(32)),
    Column("channel_id", String(32), nullable=True),
    _required("args", Text),
    _required("winner", String(32)),
    _required("created_at", UTCDateTime()),
    Index(None, "team_id", "user_id", "created_at"),
    Index(None, "created_at"),
)

# One delivery from Slack that some process has taken: the sha256 of its id (a trigger, event or
# view id, see adapt.bot.middleware), kept CLAIMS_KEPT. SQLite: the key is the table (no rowid
# b-tree beside it): one write fewer per claim.
delivery_claims = Table(
    "delivery_claims", METADATA,
    Column("delivery_id", String(64), primary_key=True),
    _required("claimed_at", UTCDateTime()),
    Index(None, "claimed_at"),
    sqlite_with_rowid=False,
)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None: never migrated), read without loading Alembic:
    importing it and its dialects' DDL is a tenth of `adapt serve`'s start, and a restart on a
    database already at HEAD_REVISION does not need it."""
    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, ProgrammingError):  # no such table yet
            return None


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Apply the migrations up to `revision` and return the revision the database is at.

    One process migrates at a time: PostgreSQL holds an advisory lock for the transaction, SQLite
    its write lock (BEGIN IMMEDIATE), so app processes starting together do not race.
    """
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.execution_options(**{WRITE: True}).connect() as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        return MigrationContext.configure(connection).get_current_revision()
