import itertools
import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis: "ci" draws the same examples on every run (derandomized, no example database), so a
# run fails only where the code is wrong, never by the luck of a seed, and no deadline or speed
# health check turns a loaded machine into a failure. "fast", the plain run's (pytest_configure),
# is "ci" with half the examples; every other run (ADAPT_TESTS=all, as CI runs, -m, a file named)
# uses "ci". "explore" draws fresh examples, ten times as many as ci, and remembers failures in
# .hypothesis/. HYPOTHESIS_PROFILE names one outright.
PROFILE_ENV = "HYPOTHESIS_PROFILE"
_CI = {"derandomize": True, "database": None, "deadline": None,
       "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("ci", max_examples=100, **_CI)
settings.register_profile("fast", max_examples=50, **_CI)
settings.register_profile("explore", max_examples=1_000, deadline=None)
settings.load_profile(os.environ.get(PROFILE_ENV, "ci"))

# The slow kinds of test, one marker each (registered in pyproject.toml). A plain run (`python3
# dev.py test`) leaves them out: what is left runs in-process, in under a minute. ADAPT_TESTS=all
# (.ci/run) runs every test; `-m` picks by marker (`-m http`, `-m "not fuzz"`); a file or test
# named on the command line runs whatever its markers.
SLOW = ("subprocess", "http", "fuzz", "postgres", "wheel")
TESTS_ENV = "ADAPT_TESTS"
TESTS_CHOICES = ("fast", "all")  # fast: the default

POSTGRES_ENV = "ADAPT_TEST_POSTGRES_URL"  # a PostgreSQL database the tests may create schemas in
REQUIRE_ENV = "ADAPT_REQUIRE_POSTGRES"  # set (as .ci/run does): a missing server fails the run
DATABASES = ("sqlite", pytest.param("postgresql", marks=pytest.mark.postgres))


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


def _tests_chosen() -> str:
    chosen = os.environ.get(TESTS_ENV) or "fast"
    if chosen not in TESTS_CHOICES:
        raise pytest.UsageError(f"{TESTS_ENV}={chosen!r}: use all (every test) or fast (the"
                                f" default: no {', '.join(SLOW)} tests)")
    return chosen


def _names_tests(config: pytest.Config) -> bool:
    """A file or a test was named on the command line (not only folders)."""
    here = config.invocation_params.dir
    return any("::" in arg or (here / arg).is_file() for arg in config.args)


def _fast_only(config: pytest.Config) -> bool:
    return not (_tests_chosen() == "all" or config.option.markexpr or _names_tests(config))


def pytest_configure(config: pytest.Config) -> None:
    _tests_chosen()  # a wrong ADAPT_TESTS is a usage error before anything runs
    if PROFILE_ENV not in os.environ and _fast_only(config):
        settings.load_profile("fast")  # before the test modules (and their @settings) load


def pytest_report_header(config: pytest.Config) -> str:
    drawn = f"hypothesis: {settings().max_examples} examples a test"
    if not _fast_only(config):
        return f"tests: as chosen (every marker); {drawn}"
    return (f"tests: fast, in-process ({', '.join(SLOW)} tests left out: {TESTS_ENV}=all or"
            f" -m MARKER runs them); {drawn}")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:  # `adapt serve` as a process: over HTTP, whatever the test says
        if "live_app" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.http)
    if not _fast_only(config):
        return
    slow = [item for item in items if any(item.get_closest_marker(m) for m in SLOW)]
    if slow:
        config.hook.pytest_deselected(items=slow)
        left_out = set(map(id, slow))
        items[:] = [item for item in items if id(item) not in left_out]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run in which every test collected was skipped (or deselected) ran nothing: it fails as
    one that collected nothing does (exit 5), so `python3 dev.py test` and CI never pass empty."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or exitstatus != pytest.ExitCode.OK or session.config.option.collectonly:
        return
    if not any(reporter.stats.get(outcome) for outcome in ("passed", "xfailed", "xpassed")):
        reporter.write_line("")  # end the progress line
        reporter.write_sep("=", "no test ran: every test collected was skipped")
        session.exitstatus = pytest.ExitCode.NO_TESTS_COLLECTED


@pytest.fixture(params=["in-process", pytest.param("process", marks=pytest.mark.subprocess)])
def run_adapt(request):
    """Run the command line: adapt.cli.main in this process (the fast suite), and the installed
    `adapt` as a process (marked subprocess). `check`: fail unless it exits 0."""
    from helpers.cli import run_as_process, run_in_process

    way = run_in_process if request.param == "in-process" else run_as_process

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = way(*args)
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
    from helpers.fakeslack import FakeSlack

    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def live_app(fake_slack, databases):
    from helpers.slackapp import LiveApp

    app = LiveApp(api_url=fake_slack.api_url, database_url=databases.new("sqlite")).start()
    yield app
    app.stop()


@pytest.fixture(scope="session")
def bolt_app(fake_slack, databases):
    from helpers.bolt import BoltApp

    app = BoltApp(fake_slack.api_url, databases.new("sqlite"))
    yield app
    app.close()


# The two ways a test reaches the app: Bolt's own dispatch, in-process (the fast suite), and
# `adapt serve` over real HTTP (marked http).
WAYS = ("bolt", pytest.param("http", marks=pytest.mark.http))


@pytest.fixture(params=WAYS)
def slack(request, fake_slack):
    """The app, reached each way, and a fake Slack with no calls recorded yet."""
    app = request.getfixturevalue("bolt_app" if request.param == "bolt" else "live_app")
    fake_slack.reset()
    return app, fake_slack


@pytest.fixture
def bolt(fake_slack, bolt_app):
    """The app in-process only, for a test that changes something in this process (a shorter
    timeout), and a fake Slack with no calls recorded yet."""
    fake_slack.reset()
    return bolt_app, fake_slack


@pytest.fixture
def live(fake_slack, live_app):
    """`adapt serve` over HTTP only, for what only the server does (its log, the requests it
    refuses before Bolt reads them), and a fake Slack with no calls recorded yet."""
    fake_slack.reset()
    return live_app, fake_slack


@pytest.fixture(scope="session", params=[
    pytest.param(("bolt", "sqlite"), id="bolt-sqlite"),
    pytest.param(("http", "sqlite"), marks=pytest.mark.http, id="http-sqlite"),
    pytest.param(("http", "postgresql"), marks=[pytest.mark.http, pytest.mark.postgres],
                 id="http-postgresql")])
def stored_app(request, fake_slack, databases):
    """The app on a database of its own, kept for the session: in-process on SQLite, and
    `adapt serve` over HTTP on each kind of database."""
    from helpers.bolt import BoltApp
    from helpers.slackapp import LiveApp

    way, kind = request.param
    url = databases.new(kind)
    if way == "bolt":
        app = BoltApp(fake_slack.api_url, url)
        yield app
        app.close()
        return
    served = LiveApp(api_url=fake_slack.api_url, database_url=url).start()
    yield served
    served.stop()


@pytest.fixture
def stored(fake_slack, stored_app):
    """The app with no saved scenarios or records on its database, and a fresh fake."""
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
