"""Alembic's environment for Adapt's schema.

`adapt.storage.schema.upgrade` runs it with an open connection in
`config.attributes["connection"]`, inside a transaction that holds the migration lock; given only
`sqlalchemy.url`, it connects itself.
"""

from alembic import context

from adapt.storage.connect import make_engine
from adapt.storage.schema import METADATA

config = context.config
target_metadata = METADATA
SLACK_TABLES = "slack_"  # slack_sdk's OAuth tables: frozen in 0001, compared in tests/test_store


def _ours(name: str | None, kind: str, parents: dict[str, str | None]) -> bool:
    """Autogenerate compares Adapt's own tables; slack_sdk's are not described here."""
    table = name if kind == "table" else parents.get("table_name")
    return not (table or "").startswith(SLACK_TABLES)


def run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(connection=connection, target_metadata=target_metadata,
                      include_name=_ours,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Adapt's migrations run against a database, not as SQL scripts")
if (given := config.attributes.get("connection")) is not None:
    run(given)
else:
    with make_engine(config.get_main_option("sqlalchemy.url") or "").begin() as connection:
        run(connection)
