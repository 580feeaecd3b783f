"""How often one request reads its text: parses, scenario builds, sentence readings and engine
runs per form submission and per slash command, through the real Bolt app in one process.

    .venv/bin/python bench/form_reads.py

Opens the form with `/adapt`, then submits it as Slack would (untouched; two fields changed; a
sentence and a model typed) and counts the calls each submission makes, its ack and its lazy
listener together, by the functions' code (a profile hook on every thread), so a call counts
however it was imported. A local stand-in answers the Web API and response_url posts with ok.
Counts, not times: they do not depend on the machine.
"""

import hashlib
import hmac
import json
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import CodeType, FrameType
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlencode

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

from slack_bolt.request import BoltRequest  # noqa: E402

from adapt.bot.app import create_app  # noqa: E402
from adapt.bot.settings import Settings  # noqa: E402
from adapt.engine import args, report  # noqa: E402
from adapt.engine.describe import describe  # noqa: E402
from adapt.storage.store import Store  # noqa: E402

SECRET = "bench-signing-secret"
TEAM, USER = "T0BENCH1", "U0BENCH1"
COUNTED: dict[str, Callable[..., Any]] = {
    "parse (split_pairs)": args.split_pairs,
    "build (build_scenario)": args.build_scenario,
    "sentence (describe)": describe,
    "engine (evaluate)": report.evaluate,
}
CASES: dict[str, dict[str, str]] = {
    "untouched": {},
    "two fields changed": {"requests": "1M", "examples": "5,000"},
    "a sentence and a model": {"sentence": "our tone drifts, about 300 labeled examples",
                               "model": "gpt-4o-mini"},
}


class Calls:
    """Counts calls of the COUNTED functions on every thread, while `on`."""

    def __init__(self) -> None:
        self.names: dict[CodeType, str] = {f.__code__: name for name, f in COUNTED.items()}
        self.counts: Counter[str] = Counter()
        self.on = False
        sys.setprofile(self._hook)
        threading.setprofile(self._hook)

    def _hook(self, frame: FrameType, event: str, _arg: object) -> None:
        if event == "call" and self.on and frame.f_code in self.names:
            self.counts[self.names[frame.f_code]] += 1


class Slack(BaseHTTPRequestHandler):
    """Answers every Web API call and response_url post with ok; keeps views.open's view."""

    opened: ClassVar[list[dict[str, Any]]] = []
    posted = threading.Semaphore(0)

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("content-length") or 0)).decode()
        if self.path.endswith("views.open"):
            fields = json.loads(raw) if raw.startswith("{") else \
                {k: v[0] for k, v in parse_qs(raw).items()}
            view = fields["view"]
            Slack.opened.append(json.loads(view) if isinstance(view, str) else view)
        body = b'{"ok": true}' if self.path.startswith("/api/") else b"ok"
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        if self.path.startswith("/response/"):
            Slack.posted.release()

    def log_message(self, *_: object) -> None:
        pass


def signed(body: str) -> BoltRequest:
    stamp = str(int(time.time()))
    mac = hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return BoltRequest(body=body, headers={"x-slack-request-timestamp": [stamp],
                                           "x-slack-signature": [f"v0={mac}"],
                                           "content-type": ["application/x-www-form-urlencoded"]})


def submitted(view: dict[str, Any], overrides: dict[str, str], trigger: str) -> str:
    """The form as Slack submits it: each input's initial value, some overridden."""
    values: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        key, element = block["block_id"].split(".")[0], block["element"]
        if element["type"] in ("static_select", "external_select"):
            chosen = overrides.get(key, (element.get("initial_option") or {}).get("value"))
            state = {"type": element["type"],
                     "selected_option": {"value": chosen} if chosen else None}
        else:
            state = {"type": element["type"], "value": overrides.get(key,
                                                                      element.get("initial_value"))}
        values[block["block_id"]] = {"value": state}
    payload = {"type": "view_submission", "team": {"id": TEAM}, "user": {"id": USER},
               "api_app_id": "A1", "trigger_id": trigger,
               "view": {"id": f"V{trigger}", "hash": "h", "type": "modal",
                        "callback_id": view["callback_id"],
                        "private_metadata": view["private_metadata"],
                        "state": {"values": values}}}
    return urlencode({"payload": json.dumps(payload)})


def command(text: str, response_url: str, trigger: str) -> str:
    return urlencode({"team_id": TEAM, "channel_id": "C0BENCH1", "user_id": USER,
                      "command": "/adapt", "text": text, "response_url": response_url,
                      "trigger_id": trigger})


def main() -> None:
    calls = Calls()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Slack)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    url = f"sqlite:///{tempfile.mkdtemp(prefix='adapt-bench-')}/adapt.db"
    store = Store.open(url)
    app = create_app(Settings(bot_token="xoxb-bench", signing_secret=SECRET,
                              api_url=f"{base}/api/", http_timeout=5, database_url=url),
                     store, verify_token=False)

    def run(body: str) -> dict[str, int]:
        calls.counts.clear()
        calls.on = True
        app.dispatch(signed(body))
        if not Slack.posted.acquire(timeout=30):
            raise SystemExit("no reply within 30 s")
        time.sleep(0.2)  # the lazy listener records the result after its post
        calls.on = False
        return dict(calls.counts)

    app.dispatch(signed(command("", f"{base}/response/form", "1.1")))
    for _ in range(100):
        if Slack.opened:
            break
        time.sleep(0.05)
    view = Slack.opened[0]
    rows = {f"form submit, {name}": run(submitted(view, overrides, f"2.{n}"))
            for n, (name, overrides) in enumerate(CASES.items())}
    rows["/adapt support (slash command)"] = run(command("support", f"{base}/response/c", "3.1"))
    width = max(map(len, rows))
    print(f"{'':{width}}  " + "  ".join(COUNTED))
    for name, counts in rows.items():
        print(f"{name:{width}}  " + "  ".join(f"{counts.get(c, 0):>{len(c)}}" for c in COUNTED))
    app.listener_runner.listener_executor.shutdown(wait=True)
    store.close()
    server.shutdown()


if __name__ == "__main__":
    main()
