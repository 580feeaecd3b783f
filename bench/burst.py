"""A burst: N signed commands sent at the same moment, each on its own connection, optionally
while M idle connections sit open; prints how they were answered and when.

    .venv/bin/python bench/burst.py [--commands 1000] [--idle 0] [--text help]
                                    [--against OTHER/.venv/bin/adapt]

Starts `adapt serve` (and, with `--against`, that other `adapt` after it) against the fake
Slack, opens the idle connections first, then sends every command at once and counts the
statuses, with the median and slowest time to each answer. Needs a limit on open files above
the connections it opens (`ulimit -n`).
"""

import argparse
import asyncio
import collections
import socket
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent / "tests"))

from helpers.fakeslack import FakeSlack  # noqa: E402
from helpers.slackapp import LiveApp, command_body, signed_headers  # noqa: E402

WAIT = 30.0


async def command(port: int, body: str) -> tuple[int | str, float]:
    started = time.monotonic()
    head = "".join(f"{key}: {value}\r\n" for key, value in signed_headers(body).items())
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"POST /slack/events HTTP/1.1\r\nHost: adapt\r\n{head}Content-Length:"
                     f" {len(body)}\r\nConnection: close\r\n\r\n{body}".encode())
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), WAIT)
        writer.close()
        return int(line.split()[1]), time.monotonic() - started
    except (OSError, TimeoutError, IndexError, ValueError) as error:
        return type(error).__name__, time.monotonic() - started


async def burst(port: int, bodies: list[str]) -> list[tuple[int | str, float]]:
    return await asyncio.gather(*(command(port, body) for body in bodies))


def measure(app: LiveApp, fake: FakeSlack, options: argparse.Namespace, label: str) -> None:
    idle = [socket.create_connection(("127.0.0.1", app.port)) for _ in range(options.idle)]
    try:
        bodies = [command_body(options.text, response_url=fake.response_url(f"{label}{n}"))
                  for n in range(options.commands)]
        answers = asyncio.run(burst(app.port, bodies))
    finally:
        for sock in idle:
            sock.close()
    seconds = sorted(at for _, at in answers)
    statuses = collections.Counter(status for status, _ in answers)
    acked = sum(status == 200 and at <= 3 for status, at in answers)
    print(f"{label}: {dict(statuses)}; answered after median {statistics.median(seconds):.2f} s,"
          f" slowest {seconds[-1]:.2f} s; {acked} acked (200) within Slack's 3 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commands", type=int, default=1000)
    parser.add_argument("--idle", type=int, default=0)
    parser.add_argument("--text", default="help", help="the commands' text")
    parser.add_argument("--against", metavar="ADAPT", help="another `adapt` to measure after")
    options = parser.parse_args()
    print(f"{options.commands} signed `/adapt {options.text}` at once,"
          f" {options.idle} idle connections open")
    fake = FakeSlack().start()
    try:
        for label, executable in (("this", ""), ("against", options.against)):
            if executable is None:
                continue
            app = LiveApp(api_url=fake.api_url, executable=executable).start()
            try:
                measure(app, fake, options, label)
            finally:
                app.stop()
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
