"""Cold start: from `adapt serve` to the first reply, as on a scale-to-zero host or a restart.

    .venv/bin/python bench/coldstart.py [--runs 9] [--text support] [--workers 1]
                                        [--against OTHER/.venv/bin/adapt]

Each run starts a new `adapt serve` (HTTP mode) on a database already at the newest schema,
against the fake Slack (tests/helpers/fakeslack.py), connects as soon as the port accepts, sends one
signed `/adapt TEXT` and times the reply's arrival at the response_url. Prints the median and
range of: the port accepting, the ack, and the first reply, all from the moment the process was
started, and the CPU time the process used in all (start, first reply and shutdown). With
`--against`, starts of that other `adapt` (another checkout's venv) alternate with this one's,
so both see the same machine; each gets a database migrated by its own `adapt db upgrade`.
Python writes its bytecode cache, as for an installed package (PYTHONDONTWRITEBYTECODE is left
out of the servers' environment). Traffic stays on 127.0.0.1; every wait is bounded.
"""

import argparse
import http.client
import os
import platform
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent / "tests"))

from helpers import adapt_executable  # noqa: E402
from helpers.fakeslack import FakeSlack  # noqa: E402
from helpers.slackapp import (  # noqa: E402
    _SCRUBBED,
    BOT_TOKEN,
    SIGNING_SECRET,
    command_body,
    free_port,
    signed_headers,
)

WAIT = 30.0  # seconds, for any one step


def _environment(api_url: str, database_url: str, workers: int) -> dict[str, str]:
    """The server's environment: the fake Slack, the database and the workers; Python may write
    its bytecode cache (the warm-up start writes it), as `pip install` does for an installed
    package, so no start compiles the app's modules from source."""
    env = {key: value for key, value in os.environ.items()
           if key not in (*_SCRUBBED, "PYTHONDONTWRITEBYTECODE")}
    env.update({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_API_URL": api_url, "DATABASE_URL": database_url,
                "WEB_CONCURRENCY": str(workers)})
    return env


def _wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"adapt serve exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.002)
    raise RuntimeError("adapt serve did not listen in time")


def _wait_for_reply(fake: FakeSlack, path: str) -> float:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        found = fake.find(path)
        if found:
            return found[0].received
        time.sleep(0.001)
    raise RuntimeError(f"no reply at {path}")


def one_start(fake: FakeSlack, adapt: str, env: dict[str, str], text: str,
              name: str) -> dict[str, float]:
    """Seconds from starting the process to: the port accepting, the ack, the first reply; and
    the CPU seconds it used, start to exit."""
    port = free_port()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        [adapt, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tempfile.gettempdir())
    try:
        _wait_for_port(port, process)
        listening = time.perf_counter()
        body = command_body(text, response_url=fake.response_url(name))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT)
        connection.request("POST", "/slack/events", body=body, headers=signed_headers(body))
        status = connection.getresponse().status
        acked = time.perf_counter()
        connection.close()
        if status != 200:
            raise RuntimeError(f"the first request got {status}")
        replied = _wait_for_reply(fake, f"/response/{name}")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=WAIT)
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    return {"listening": listening - started, "ack": acked - started,
            "reply": replied - started, "cpu": cpu}


def migrated_database(adapt: str) -> str:
    """An SQLite file already at the newest schema: a restart, not a first install."""
    url = f"sqlite:///{tempfile.mkdtemp(prefix='adapt-cold-')}/adapt.db"
    subprocess.run([adapt, "db", "upgrade"], check=True, capture_output=True,
                   env={**os.environ, "DATABASE_URL": url})
    return url


def _print(label: str, runs: list[dict[str, float]]) -> None:
    for step in ("listening", "ack", "reply", "cpu"):
        values = [run[step] * 1000 for run in runs]
        print(f"{label}{step:>9}: median {statistics.median(values):7.1f} ms"
              f" ({min(values):.1f}-{max(values):.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--text", default="support", help="the first command's text")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--against", metavar="ADAPT", help="another `adapt` to alternate with")
    options = parser.parse_args()

    adapts = [adapt_executable(), *([options.against] if options.against else [])]
    fake = FakeSlack().start()
    runs: dict[str, list[dict[str, float]]] = {adapt: [] for adapt in adapts}
    try:
        envs = {adapt: _environment(fake.api_url, migrated_database(adapt), options.workers)
                for adapt in adapts}
        for adapt in adapts:  # the OS caches their files, Jinja its compiled templates
            one_start(fake, adapt, envs[adapt], options.text, f"warm{len(runs[adapt])}")
        for n in range(options.runs):
            for number, adapt in enumerate(adapts):
                runs[adapt].append(one_start(fake, adapt, envs[adapt], options.text,
                                             f"cold{n}-{number}"))
    finally:
        fake.stop()
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()};"
          f" {options.runs} starts of `adapt serve` ({options.workers} worker(s)) each, first"
          f" command `/adapt {options.text}`")
    for number, adapt in enumerate(adapts):
        if len(adapts) > 1:
            print(f"{'this' if number == 0 else 'against'}: {adapt}")
        _print("", runs[adapt])
    if len(adapts) > 1:
        this, other = (statistics.median(run["reply"] for run in runs[a]) for a in adapts)
        print(f"first reply, this/against: {this / other:.2f}x")


if __name__ == "__main__":
    main()
