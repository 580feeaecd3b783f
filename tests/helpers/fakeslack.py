"""A local fake of Slack's Web API and response_url endpoints that records every call.

The app under test is pointed at it with SLACK_API_URL, and slash commands carry response_urls
on it, the way bolt-python's own tests stand in for Slack. users.info answers from `users`
(everyone is a plain member unless a test says otherwise); oauth.v2.access completes any install;
canvases.create makes canvas F0CANVAS01, and files.info gives any file a permalink; every other
method (canvases.access.set, functions.completeSuccess, functions.completeError...) answers ok.

File uploads go the way files_upload_v2 drives them: files.getUploadURLExternal hands out a file
id and an upload URL on this server (/upload/<file id>), the bytes are POSTed there (recorded in
Call.upload), and files.completeUploadExternal returns the file, its mimetype still empty as Slack's
is while it processes the upload; files.info then reports it as an image/png.
"""

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from functools import cached_property
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


@dataclass
class Call:
    path: str
    headers: dict[str, str]
    raw: str
    received: float = field(default_factory=time.perf_counter)
    upload: bytes = b""  # the bytes POSTed to an upload URL

    @cached_property
    def body(self) -> dict[str, Any]:
        """Parsed on first use, so a load test's fake spends no CPU on bodies nobody reads."""
        return _parse(self.raw, self.headers.get("content-type", ""))

    @property
    def method(self) -> str:
        return self.path.removeprefix("/api/")


@dataclass
class Fault:
    status: int
    times: int
    retry_after: int | None = None
    delay: float = 0.0
    body: str = '{"ok": false, "error": "fatal_error"}'


TEAM = "T0TEAM1"
INSTALLED_TEAM = "T0TEAM9"  # the workspace oauth.v2.access says was installed into
INSTALLED_TOKEN = "xoxb-installed-t9-secret"
_RESPONSES: dict[str, dict[str, Any]] = {
    "auth.test": {"ok": True, "url": "https://fake.slack.com/", "team": "Fake", "user": "adapt",
                  "team_id": TEAM, "user_id": "UBOT", "bot_id": "BBOT"},
    "oauth.v2.access": {"ok": True, "app_id": "A1", "authed_user": {"id": "U0INSTALL"},
                        "scope": "commands,chat:write,users:read", "token_type": "bot",
                        "access_token": INSTALLED_TOKEN, "bot_user_id": "UBOT9",
                        "team": {"id": INSTALLED_TEAM, "name": "Nine"}, "enterprise": None,
                        "is_enterprise_install": False},
    "views.open": {"ok": True, "view": {"id": "V1", "hash": "h1"}},
    "views.update": {"ok": True, "view": {"id": "V1", "hash": "h2"}},
    "views.push": {"ok": True, "view": {"id": "V3", "hash": "h4"}},
    "views.publish": {"ok": True, "view": {"id": "V2", "hash": "h3"}},
    "chat.postMessage": {"ok": True, "channel": "D1", "ts": "1700000000.000100"},
    "canvases.create": {"ok": True, "canvas_id": "F0CANVAS01"},
}


@dataclass
class FakeSlack:
    calls: list[Call] = field(default_factory=list)
    faults: dict[str, Fault] = field(default_factory=dict)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)  # users.info: id -> fields
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None
    file_ids: Any = field(default_factory=lambda: itertools.count(1))

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.url}/response/{name}"

    def fail(self, path: str, status: int, times: int = 1, **how: Any) -> None:
        """The next `times` calls to `path` (e.g. "/api/views.open") get `status`."""
        self.faults[path] = Fault(status=status, times=times, **how)

    def reset(self) -> None:
        with self.lock:
            self.calls.clear()
            self.faults.clear()
            self.users.clear()

    def answer(self, call: Call) -> dict[str, Any]:
        method, body = call.method, call.body
        if method == "auth.test" and INSTALLED_TOKEN in call.headers.get("authorization", ""):
            return {**_RESPONSES["auth.test"], "team_id": INSTALLED_TEAM, "user_id": "UBOT9",
                    "bot_id": "BBOT9"}
        if method == "users.info":
            user_id = str(body.get("user", ""))
            with self.lock:
                fields = dict(self.users.get(user_id, {}))
            return {"ok": True, "user": {"id": user_id, "is_admin": False, "is_owner": False,
                                         **fields}}
        return self._file_answer(call) or _RESPONSES.get(method, {"ok": True})

    def record(self, call: Call) -> Fault | None:
        with self.lock:
            self.calls.append(call)
            fault = self.faults.get(call.path)
            if fault and fault.times > 0:
                fault.times -= 1
                return fault
        return None

    def find(self, path: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.path == path or c.path.startswith(path + "/")]

    def find_prefix(self, prefix: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.path.startswith(prefix)]

    def wait_for(self, path: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.find(path)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"expected {count} call(s) to {path}; got {self.paths()}")

    def paths(self) -> list[str]:
        with self.lock:
            return [c.path for c in self.calls]

    def _file_answer(self, call: Call) -> dict[str, Any] | None:
        if call.method == "files.getUploadURLExternal":
            file_id = f"F{next(self.file_ids):010d}"
            return {"ok": True, "file_id": file_id, "upload_url": f"{self.url}/upload/{file_id}"}
        if call.method == "files.completeUploadExternal":
            return {"ok": True, "files": [
                {"id": f["id"], "title": f.get("title"), "mimetype": "", "filetype": "",
                 "url_private": f"https://files.fake.slack.com/files-pri/T1-{f['id']}/chart.png"}
                for f in call.body.get("files", [])]}
        if call.method == "files.info":
            file_id = call.body.get("file")
            return {"ok": True, "file": {"id": file_id, "mimetype": "image/png", "filetype": "png",
                                         "permalink": f"https://fake.slack.com/docs/{TEAM}/{file_id}"}}
        return None

    def uploads(self) -> dict[str, bytes]:
        """Uploaded bytes by file id."""
        return {c.path.rsplit("/", 1)[1]: c.upload for c in self.find("/upload")}

    def start(self) -> "FakeSlack":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                if self.path.startswith("/upload/"):  # file bytes, not a form
                    call = Call(self.path, headers, "", upload=data)
                else:
                    call = Call(self.path, headers, data.decode())
                fault = fake.record(call)
                if fault is not None:
                    time.sleep(fault.delay)
                    self._send(fault.status, fault.body, fault.retry_after)
                    return
                if self.path.startswith("/response/"):
                    self._send(200, "ok")
                    return
                if self.path.startswith("/upload/"):
                    self._send(200, f"OK - {len(data)}")
                    return
                self._send(200, json.dumps(fake.answer(call)))

            def do_GET(self) -> None:  # slack_sdk sends a few methods (users.info) as GET
                path, _, query = self.path.partition("?")
                headers = {k.lower(): v for k, v in self.headers.items()}
                headers["content-type"] = "application/x-www-form-urlencoded"  # the query string
                call = Call(path, headers, query)
                fault = fake.record(call)
                if fault is not None:
                    self._send(fault.status, fault.body, fault.retry_after)
                    return
                self._send(200, json.dumps(fake.answer(call)))

            def _send(self, status: int, body: str, retry_after: int | None = None) -> None:
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                if retry_after is not None:
                    self.send_header("Retry-After", str(retry_after))
                self.end_headers()
                self.wfile.write(data)

        class Server(ThreadingHTTPServer):
            request_queue_size = 256  # bursts of replies must not be reset by a short backlog

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def _parse(raw: str, content_type: str) -> dict[str, Any]:
    if "json" in content_type:
        try:
            return json.loads(raw or "{}")
        except json.JSONDecodeError:
            return {"_raw": raw}
    parsed = {k: v[0] for k, v in parse_qs(raw).items()}
    for key in ("view", "blocks", "files", "outputs"):  # form-encoded calls carry JSON strings
        if isinstance(parsed.get(key), str):
            parsed[key] = json.loads(parsed[key])
    return parsed
