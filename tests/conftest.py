import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def adapt_executable() -> str:
    """The installed console script, beside this interpreter (the venv's bin)."""
    beside = Path(sys.executable).with_name("adapt")
    return str(beside) if beside.exists() else (shutil.which("adapt") or "adapt")


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
def fake_slack():
    from fakeslack import FakeSlack

    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def live_app(fake_slack):
    from slackapp import LiveApp

    app = LiveApp(api_url=fake_slack.api_url).start()
    yield app
    app.stop()


@pytest.fixture
def slack(fake_slack, live_app):
    """The running app and a fake Slack with no calls recorded yet."""
    fake_slack.reset()
    return live_app, fake_slack
