import itertools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis: "ci", the default, draws the same examples on every run (derandomized, no example
# database), so a run fails only where the code is wrong, never by the luck of a seed, and no
# deadline or speed health check turns a loaded machine into a failure. "explore" draws fresh
# examples, ten times as many, and remembers failures in .hypothesis/: HYPOTHESIS_PROFILE=explore.
settings.register_profile("ci", derandomize=True, database=None, max_examples=100, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", max_examples=1_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_ENV = "ADAPT_TEST_POSTGRES_URL"  # a PostgreSQL database the tests may create schemas in
REQUIRE_ENV = "ADAPT_REQUIRE_POSTGRES"  # set (as .ci/run does): a missing server fails the run
DATABASES = ("sqlite", "postgresql")


def adapt_executable() -> str:
    """The installed console script, beside this interpreter (the venv's bin)."""
    beside = Path(sys.executable).with_name("adapt")
    return str(beside) if beside.exists() else (shutil.which("adapt") or "adapt")


def postgres_base_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(f"{POSTGRES_ENV} is not set, and {REQUIRE_ENV} says the PostgreSQL tests"
                        " must run", pytrace=False)
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (`source .ci/postgres.sh` starts a"
                    " throwaway server)")
    return url


class Databases:
    """Fresh, empty databases: an SQLite file each, or a PostgreSQL schema each (dropped at the
    end), so tests and app processes never see each other's rows unless they share a URL."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.counter = itertools.count(1)
        self.schemas: list[str] = []

    def new(self, kind: str) -> str:
        number = next(self.counter)
        if kind == "sqlite":
            return f"sqlite:///{self.directory / f'adapt-{number}.db'}"
        base = postgres_base_url()
        schema = f"adapt_test_{os.getpid()}_{number}"
        self._execute(base, f"CREATE SCHEMA {schema}")
        self.schemas.append(schema)
        return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"

    @staticmethod
    def _execute(url: str, statement: str) -> None:
        from sqlalchemy import text

        from adapt.storage.store import make_engine

        engine = make_engine(url)
        try:
            with engine.begin() as connection:
                connection.execute(text(statement))
        finally:
            engine.dispose()

    def close(self) -> None:
        if self.schemas:
            self._execute(postgres_base_url(),
                          "; ".join(f"DROP SCHEMA {s} CASCADE" for s in self.schemas))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run in which every test collected was skipped (or deselected) ran nothing: it fails as
    one that collected nothing does (exit 5), so `python3 dev.py test` and CI never pass empty."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or exitstatus != pytest.ExitCode.OK:
        return
    if not any(reporter.stats.get(outcome) for outcome in ("passed", "xfailed", "xpassed")):
        reporter.write_line("")  # end the progress line
        reporter.write_sep("=", "no test ran: every test collected was skipped")
        session.exitstatus = pytest.ExitCode.NO_TESTS_COLLECTED


@pytest.fixture
def run_adapt():
    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([adapt_executable(), *args], capture_output=True, text=True,
                                timeout=60)
        if check:
            assert result.returncode == 0, result.stderr
        return result

    return run


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    found = Databases(tmp_path_factory.mktemp("databases"))
    yield found
    found.close()


@pytest.fixture(params=DATABASES)
def database_url(request, databases):
    """A fresh, empty database of each kind (migrated by whoever opens it first)."""
    return databases.new(request.param)


@pytest.fixture(scope="session")
def fake_slack():
    from fakeslack import FakeSlack

    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def live_app(fake_slack, databases):
    from slackapp import LiveApp

    app = LiveApp(api_url=fake_slack.api_url, database_url=databases.new("sqlite")).start()
    yield app
    app.stop()


@pytest.fixture
def slack(fake_slack, live_app):
    """The running app and a fake Slack with no calls recorded yet."""
    fake_slack.reset()
    return live_app, fake_slack


@pytest.fixture(scope="session", params=DATABASES)
def stored_app(request, fake_slack, databases):
    """`adapt serve` on a database of each kind, kept for the session."""
    from slackapp import LiveApp

    app = LiveApp(api_url=fake_slack.api_url, database_url=databases.new(request.param)).start()
    yield app
    app.stop()


@pytest.fixture
def stored(fake_slack, stored_app):
    """The app on each kind of database, with no saved scenarios or records, and a fresh fake."""
    from sqlalchemy import delete

    from adapt.storage.store import make_engine, result_records, saved_scenarios

    fake_slack.reset()
    engine = make_engine(stored_app.database_url)
    try:
        with engine.begin() as connection:
            connection.execute(delete(saved_scenarios))
            connection.execute(delete(result_records))
    finally:
        engine.dispose()
    return stored_app, fake_slack
