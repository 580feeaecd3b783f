"""Alembic's environment for Adapt's schema.

`bot.store.upgrade` runs it with an open connection in `config.attributes["connection"]`, inside
a transaction that holds the migration lock; given only `sqlalchemy.url`, it connects itself.
"""

from alembic import context

from bot.store import Base, make_engine, slack_metadata

config = context.config
target_metadata = [Base.metadata, slack_metadata()]


def run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(connection=connection, target_metadata=target_metadata,
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
