"""Where the database is and how to connect: DATABASE_URL or an SQLite file in the working
directory, and the engine (a connection pool) for it."""

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

from adapt.storage.sqlite import sqlite_events

DEFAULT_DATABASE = "adapt.db"
POOL_SIZE = 10
POOL_OVERFLOW = 20


def normalize_url(url: str) -> str:
    """postgres:// and postgresql:// mean psycopg 3, the driver this project installs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def default_url(directory: Path | None = None) -> str:
    return f"sqlite:///{(directory or Path.cwd()).resolve() / DEFAULT_DATABASE}"


def shown_url(url: str) -> str:
    """The URL for a log line or an error message: never the password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparseable URL is shown as what kind of thing it is, no more
        return "(unreadable DATABASE_URL)"


def database_url() -> str:
    """DATABASE_URL (after `.env`), or an SQLite file in the working directory."""
    from dotenv import load_dotenv

    load_dotenv(Path.cwd() / ".env", override=False)
    return normalize_url(os.environ.get("DATABASE_URL") or default_url())


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)
        sqlite_events(engine)
        return engine
    return create_engine(url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW,
                         pool_pre_ping=True)
