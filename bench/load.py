"""Load benchmark: `adapt serve` (HTTP) under signed slash commands, against the fake Slack.

    .venv/bin/python bench/load.py [--requests 5000] [--concurrency 32]
                                   [--bursts 10] [--burst 300] [--against OTHER/.venv/bin/adapt]

Runs the same load twice in one run: `/adapt help` (the framework floor: signature check,
routing, ack, a tiny reply) and a full `/adapt` (engine, Block Kit render and checks, reply),
then prints throughput, ack latency and time to the response_url post, errors, the server's
peak RSS, and the full/floor ratios. Traffic stays on 127.0.0.1; every loop is bounded.

Server CPU per request comes from the server's own accounting (/proc: user + system time of
the `adapt serve` process and its workers), sampled before a batch and after the batch's last
reply has reached the fake Slack, so the work after the ack counts. Besides each phase's
figure, `--bursts` pairs of bursts (`--burst` commands each, floor and full alternating) give a
median per request that the load generator's and other programs' CPU, sharing the cores, cannot
inflate: only the server's own CPU time is counted, and alternating spreads any drift evenly.
With `--against`, a second server from another checkout's `adapt` runs beside this one and takes
its turn in every round of bursts, so before and after are measured on the same machine at the
same moments.
"""

import argparse
import http.client
import os
import platform
import statistics
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent / "tests"))

from helpers.fakeslack import FakeSlack  # noqa: E402
from helpers.slackapp import LiveApp, command_body, signed_headers  # noqa: E402

FULL_TEXTS = ["support", "extraction requests=450k", "writing model=gpt-4o-mini",
              "routing volume=60", "knowledge freshness=95", "prototype data=30",
              "volume=high data=low", "problem=format stability=80 data=70"]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Phase:
    def __init__(self, name: str, texts: list[str], total: int) -> None:
        self.name, self.texts, self.total = name, texts, total
        self.ack_ms: list[float] = []
        self.sent_at: dict[str, float] = {}
        self.errors = 0
        self.lock = threading.Lock()
        self.wall = 0.0


def _worker(app: LiveApp, fake: FakeSlack, phase: Phase, indexes: range) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", app.port, timeout=30)
    for index in indexes:
        name = f"{phase.name}-{index}"
        body = command_body(phase.texts[index % len(phase.texts)],
                            response_url=fake.response_url(name))
        started = time.perf_counter()
        try:
            connection.request("POST", "/slack/events", body=body, headers=signed_headers(body))
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", app.port, timeout=30)
        elapsed = (time.perf_counter() - started) * 1000
        with phase.lock:
            phase.sent_at[name] = started
            phase.ack_ms.append(elapsed)
            phase.errors += 0 if ok else 1
    connection.close()


def run_phase(app: LiveApp, fake: FakeSlack, phase: Phase, concurrency: int) -> None:
    share = -(-phase.total // concurrency)
    threads = [threading.Thread(target=_worker, args=(app, fake, phase,
                                                      range(i * share, min(phase.total,
                                                                           (i + 1) * share))))
               for i in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    phase.wall = time.perf_counter() - started


def reply_latencies(fake: FakeSlack, phase: Phase, wait: float = 60.0) -> list[float]:
    """Milliseconds from sending each command to its response_url post arriving at the fake."""
    deadline = time.monotonic() + wait
    prefix = f"/response/{phase.name}-"
    while time.monotonic() < deadline:
        if len(fake.find_prefix(prefix)) >= phase.total:
            break
        time.sleep(0.1)
    arrived = {c.path.removeprefix("/response/"): c.received for c in fake.find_prefix(prefix)}
    missing = phase.total - len(arrived)
    phase.errors += missing
    return [(arrived[name] - phase.sent_at[name]) * 1000 for name in arrived
            if name in phase.sent_at]


TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str]:
    """The fields after the command name (which may hold spaces): state, ppid, ..."""
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rpartition(")")[2].split()


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if int(_stat_fields(int(entry))[1]) == pid:
                    found.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
    return found


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of the server and its worker processes, from /proc."""
    total = 0.0
    for process in [pid, *_children(pid)]:
        try:
            fields = _stat_fields(process)
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
    return total


def settled_cpu_seconds(pid: int, quiet: float = 0.3, wait: float = 3.0) -> float:
    """The server's CPU seconds once it has gone quiet (the record writer has committed), at
    most `wait` seconds from now."""
    deadline = time.monotonic() + wait
    last = server_cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = server_cpu_seconds(pid)
        if now - last < 1.5 / TICKS:
            return now
        last = now
    return last


def peak_rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def report(phase: Phase, replies: list[float], cpu: float) -> dict[str, float]:
    figures = {"throughput": phase.total / phase.wall,
               "cpu_ms": cpu * 1000 / phase.total,
               "ack_p50": statistics.median(phase.ack_ms),
               "ack_p95": _percentile(phase.ack_ms, 0.95),
               "ack_p99": _percentile(phase.ack_ms, 0.99),
               "reply_p50": statistics.median(replies) if replies else float("nan"),
               "reply_p95": _percentile(replies, 0.95) if replies else float("nan"),
               "reply_p99": _percentile(replies, 0.99) if replies else float("nan"),
               "errors": phase.errors}
    print(f"{phase.name:>5}: {phase.total} commands in {phase.wall:.1f} s ="
          f" {figures['throughput']:.0f}/s | ack p50 {figures['ack_p50']:.1f} ms"
          f" p95 {figures['ack_p95']:.1f} p99 {figures['ack_p99']:.1f} | reply p50"
          f" {figures['reply_p50']:.1f} ms p95 {figures['reply_p95']:.1f}"
          f" p99 {figures['reply_p99']:.1f} | server CPU {figures['cpu_ms']:.2f} ms/request"
          f" | errors {phase.errors}")
    return figures


def measured_phase(app: LiveApp, fake: FakeSlack, phase: Phase,
                   concurrency: int) -> tuple[list[float], float]:
    """Run a phase; its reply latencies and the server CPU seconds it took, replies included."""
    pid = app.process.pid  # type: ignore[union-attr]
    before = settled_cpu_seconds(pid)
    run_phase(app, fake, phase, concurrency)
    replies = reply_latencies(fake, phase)
    return replies, settled_cpu_seconds(pid) - before


def cpu_bursts(apps: list[LiveApp], fake: FakeSlack, bursts: int, size: int,
               concurrency: int) -> list[dict[str, list[float]]]:
    """Server CPU ms per request of alternating floor and full bursts, for each server in
    turn within every round."""
    per_request: list[dict[str, list[float]]] = [{"floor": [], "full": []} for _ in apps]
    for index in range(bursts):
        for number, app in enumerate(apps):
            for name, texts in (("floor", ["help"]), ("full", FULL_TEXTS)):
                phase = Phase(f"cpu{index}-{number}{name}", texts, size)
                _, cpu = measured_phase(app, fake, phase, concurrency)
                per_request[number][name].append(cpu * 1000 / size)
                if phase.errors:
                    print(f"burst {phase.name}: {phase.errors} errors")
    return per_request


def print_bursts(label: str, bursts: dict[str, list[float]], size: int) -> float:
    medians = {name: statistics.median(values) for name, values in bursts.items()}
    for name, values in bursts.items():
        print(f"{label}server CPU per request, {name}: median {medians[name]:.2f} ms"
              f" ({min(values):.2f}-{max(values):.2f}) over {len(values)} bursts of {size}")
    ratio = medians["full"] / medians["floor"]
    print(f"{label}server CPU full/floor (medians of alternating bursts): {ratio:.2f}x")
    return medians["full"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--bursts", type=int, default=10,
                        help="alternating floor/full burst pairs for the CPU figure")
    parser.add_argument("--burst", type=int, default=300, help="commands per CPU burst")
    parser.add_argument("--against", metavar="ADAPT",
                        help="another checkout's adapt, whose server takes turns in the bursts")
    parser.add_argument("--workers", type=int, default=1, help="adapt serve --workers N")
    options = parser.parse_args()

    fake = FakeSlack().start()
    app = LiveApp(api_url=fake.api_url,
                  env_extra={"WEB_CONCURRENCY": str(options.workers)}).start()
    other = LiveApp(api_url=fake.api_url, executable=options.against).start() \
        if options.against else None
    try:
        print(f"{platform.machine()}, {os.cpu_count()} cores, Python"
              f" {platform.python_version()}; {options.requests} signed slash commands per phase"
              f" at concurrency {options.concurrency}, loopback; {options.workers} worker(s)")
        run_phase(app, fake, Phase("warm", ["help", *FULL_TEXTS], options.warmup),
                  options.concurrency)
        results = {}
        for name, texts in (("floor", ["help"]), ("full", FULL_TEXTS)):
            phase = Phase(name, texts, options.requests)
            replies, cpu = measured_phase(app, fake, phase, options.concurrency)
            results[name] = report(phase, replies, cpu)
        floor, full = results["floor"], results["full"]
        print(f"ratio full/floor: ack p50 {full['ack_p50'] / floor['ack_p50']:.2f}x,"
              f" throughput {floor['throughput'] / full['throughput']:.2f}x (floor/full),"
              f" reply p50 {full['reply_p50'] / floor['reply_p50']:.2f}x,"
              f" server CPU {full['cpu_ms'] / floor['cpu_ms']:.2f}x")
        if options.bursts:
            apps = [app] if other is None else [app, other]
            if other is not None:  # the other server's first requests warm it up as ours were
                run_phase(other, fake, Phase("warm-other", ["help", *FULL_TEXTS],
                                             options.warmup), options.concurrency)
            results_by_app = cpu_bursts(apps, fake, options.bursts, options.burst,
                                        options.concurrency)
            full_ms = print_bursts("", results_by_app[0], options.burst)
            if other is not None:
                print(f"against {options.against}:")
                other_ms = print_bursts("  ", results_by_app[1], options.burst)
                print(f"full /adapt server CPU, this/against: {full_ms / other_ms:.2f}x")
        pid = app.process.pid  # type: ignore[union-attr]
        print(f"server peak RSS: {sum(peak_rss_mb(p) for p in [pid, *_children(pid)]):.0f} MB")
    finally:
        app.stop()
        if other is not None:
            other.stop()
        fake.stop()


if __name__ == "__main__":
    main()
