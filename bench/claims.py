"""Delivery claims: what one costs, and two servers on one database under a burst of retries.

    .venv/bin/python bench/claims.py [--claims 3000] [--deliveries 2000] [--postgres URL]

1. Store.claim_delivery alone, on SQLite (and PostgreSQL with --postgres, or when
   ADAPT_TEST_POSTGRES_URL is set): median and p99 wall time and CPU per claim, one thread; then
   32 threads claiming at once between bits of Python work, as a server's dispatch threads do.
2. Two `adapt serve` processes on one SQLite file, against the fake Slack: every signed command
   sent to both at the same moment (one copy marked as Slack's retry), 32 requests in flight;
   counts the posts at the response_urls (one per command is right) and prints the ack latency.
Traffic stays on 127.0.0.1; every loop is bounded.
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent / "tests"))

from helpers.fakeslack import FakeSlack  # noqa: E402
from helpers.slackapp import LiveApp, command_body, signed_headers  # noqa: E402

from adapt.storage.store import Store  # noqa: E402

RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def one_thread(store: Store, count: int) -> str:
    walls = []
    cpu = time.process_time()
    for number in range(count):
        started = time.perf_counter()
        store.claim_delivery(f"trigger:{uuid.uuid4()}:{number}")
        walls.append((time.perf_counter() - started) * 1e6)
    cpu_us = (time.process_time() - cpu) * 1e6 / count
    return (f"median {statistics.median(walls):.0f} us, p99 {_percentile(walls, 0.99):.0f} us,"
            f" CPU {cpu_us:.0f} us per claim")


def _python_work() -> int:
    return sum(range(3000))  # about what a dispatch thread does between claims, roughly


def many_threads(store: Store | None, count: int, threads: int = 32) -> float:
    """Process CPU microseconds per (work + claim), `threads` at once; store None: work only."""
    def run(prefix: int) -> None:
        for number in range(count // threads):
            _python_work()
            if store is not None:
                store.claim_delivery(f"{prefix}:{uuid.uuid4()}:{number}")

    started = os.times()
    workers = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(300)
    done = os.times()
    return ((done.user - started.user) + (done.system - started.system)) * 1e6 / count


def claim_costs(name: str, url: str, count: int) -> None:
    store = Store.open(url)
    try:
        store.claim_delivery("warm")
        print(f"{name}, one thread: {one_thread(store, count)}")
        base, claimed = many_threads(None, count), many_threads(store, count)
        print(f"{name}, 32 threads: {claimed - base:.0f} us of CPU per claim"
              f" ({claimed:.0f} with claims, {base:.0f} without)")
    finally:
        store.close()


def burst(deliveries: int) -> None:
    url = f"sqlite:///{tempfile.mkdtemp(prefix='adapt-claims-')}/adapt.db"
    fake = FakeSlack().start()
    first = LiveApp(api_url=fake.api_url, database_url=url).start()
    second = LiveApp(api_url=fake.api_url, database_url=url).start()
    try:
        bodies = [command_body(f"support volume={n % 100}", response_url=fake.response_url(
            f"d{n}")) for n in range(deliveries)]
        sends = [(app, body, extra) for n, body in enumerate(bodies)
                 for app, extra in ((first, {}), (second, RETRY))[:: 1 if n % 2 else -1]]

        def send(item: tuple[LiveApp, str, dict[str, str]]) -> tuple[int, float]:
            app, body, extra = item
            started = time.perf_counter()
            status = app.post(body, {**signed_headers(body), **extra}).status
            return status, (time.perf_counter() - started) * 1000

        started = time.perf_counter()
        with ThreadPoolExecutor(32) as pool:
            answers = list(pool.map(send, sends))
        wall = time.perf_counter() - started
        deadline = time.monotonic() + 60
        while len(fake.find_prefix("/response/d")) < deliveries and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)
        posts = [call.path for call in fake.find_prefix("/response/d")]
        acks = [ms for _, ms in answers]
        print(f"two servers, one SQLite file: {deliveries} commands sent to both ({len(sends)}"
              f" requests in {wall:.1f} s, {sum(s != 200 for s, _ in answers)} not 200): "
              f"{len(posts)} posts, {len(set(posts))} distinct, {len(posts) - len(set(posts))}"
              f" duplicates, {deliveries - len(set(posts))} missing; ack p50"
              f" {statistics.median(acks):.1f} ms p99 {_percentile(acks, 0.99):.1f} ms")
    finally:
        first.stop()
        second.stop()
        fake.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=3000)
    parser.add_argument("--deliveries", type=int, default=2000)
    parser.add_argument("--postgres", default=os.environ.get("ADAPT_TEST_POSTGRES_URL"))
    options = parser.parse_args()
    claim_costs("SQLite", f"sqlite:///{tempfile.mkdtemp(prefix='adapt-claims-')}/adapt.db",
                options.claims)
    if options.postgres:
        claim_costs("PostgreSQL", options.postgres, options.claims)
    burst(options.deliveries)


if __name__ == "__main__":
    main()
