"""Talk to the app the way Slack does (signed requests shaped like Slack's), and run `adapt serve`
for real to talk to it over HTTP."""

import hashlib
import hmac
import itertools
import json
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from helpers import adapt_executable
from helpers.fakeslack import TEAM

SIGNING_SECRET = "test-signing-secret-0123456789"
_TRIGGERS = itertools.count(1)


def trigger_id() -> str:
    """Slack gives every invocation its own trigger_id; the app drops repeats as duplicates."""
    return f"{next(_TRIGGERS)}.222.{os.getpid()}"
BOT_TOKEN = "xoxb-test-0000-secret-token"
USER = "U0USER1"
# Settings the app must not inherit from the environment the tests run in.
_SCRUBBED = ("SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET",
             "DATABASE_URL", "ADAPT_RETENTION_DAYS")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def signature(body: str, timestamp: str, secret: str = SIGNING_SECRET) -> str:
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256)
    return "v0=" + digest.hexdigest()


def signed_headers(body: str, *, timestamp: int | None = None, secret: str = SIGNING_SECRET,
                   content_type: str = "application/x-www-form-urlencoded") -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature(body, stamp, secret),
            "Content-Type": content_type}


@dataclass
class Reply:
    status: int
    body: str
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class SlackRequests:
    """What Slack sends the app, signed: a slash command, a click, a form submitted, a shortcut,
    an event. Built on `post`, which a way of reaching the app supplies (LiveApp: HTTP to
    `adapt serve`; helpers.bolt.BoltApp: Bolt's dispatch, in-process)."""

    def post(self, body: str, headers: dict[str, str], path: str = "/slack/events") -> Reply:
        raise NotImplementedError

    def send(self, body: str, **how: Any) -> Reply:
        return self.post(body, signed_headers(body, **how))

    def command(self, text: str, *, response_url: str, user: str = USER, team: str = TEAM,
                headers: dict[str, str] | None = None) -> Reply:
        body = command_body(text, response_url=response_url, user=user, team=team)
        return self.post(body, headers or signed_headers(body))

    def action(self, action_id: str, value: str, *, response_url: str | None,
               user: str = USER, team: str = TEAM, view: dict[str, Any] | None = None,
               selected: str | None = None) -> Reply:
        return self.send(action_body(action_id, value, response_url=response_url, user=user,
                                     team=team, view=view, selected=selected))

    def submit(self, view: dict[str, Any], user: str = USER, team: str = TEAM) -> Reply:
        return self.send(submission_body(view, user=user, team=team))

    def shortcut(self, callback_id: str, *, message: dict[str, Any] | None = None,
                 response_url: str | None = None, user: str = USER, team: str = TEAM) -> Reply:
        return self.send(shortcut_body(callback_id, message=message, response_url=response_url,
                                       user=user, team=team))

    def event(self, event: dict[str, Any], *, team: str = TEAM) -> Reply:
        """An Events API callback, signed, as JSON (the way Slack sends events)."""
        body = event_body(event, team=team)
        return self.post(body, signed_headers(body, content_type="application/json"))


class OverHttp(SlackRequests):
    """An app served on 127.0.0.1:`port`, reached over real HTTP."""

    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, headers: dict[str, str] | None = None) -> Reply:
        """A GET, without following redirects; `Reply.headers` has lower-case names."""
        request = urllib.request.Request(self.url + path, headers=headers or {})
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=10) as response:
                return Reply(response.status, response.read().decode(),
                             {k.lower(): v for k, v in response.headers.items()})
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode(),
                         {k.lower(): v for k, v in error.headers.items()})

    def post(self, body: str, headers: dict[str, str], path: str = "/slack/events") -> Reply:
        request = urllib.request.Request(self.url + path, data=body.encode(), headers=headers,
                                         method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Reply(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode())


@dataclass
class LiveApp(OverHttp):
    """`adapt serve` run for real, as a process, reached over HTTP."""

    api_url: str
    database_url: str = ""  # empty: a fresh SQLite file of its own
    env_extra: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[str] | None = None
    log_path: str = ""
    executable: str = ""  # the `adapt` to run; empty: the one beside this interpreter

    def start(self, timeout: float = 30.0) -> "LiveApp":
        if not self.database_url:
            self.database_url = f"sqlite:///{tempfile.mkdtemp(prefix='adapt-db-')}/adapt.db"
        env = {key: value for key, value in os.environ.items() if key not in _SCRUBBED}
        env.update({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                    "SLACK_API_URL": self.api_url, "DATABASE_URL": self.database_url,
                    **self.env_extra})
        handle, self.log_path = tempfile.mkstemp(prefix="adapt-serve-", suffix=".log")
        os.close(handle)
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(
                [self.executable or adapt_executable(), "serve", "--host", "127.0.0.1",
                 "--port", str(self.port)],
                env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
                cwd=tempfile.gettempdir())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"adapt serve exited: {self.log()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"adapt serve did not come up: {self.log()}")

    def log(self) -> str:
        with open(self.log_path) as log:
            return log.read()

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> int:
        assert self.process is not None
        self.process.send_signal(sig)
        return self.process.wait(timeout=timeout)


def start_together(*apps: LiveApp) -> None:
    """Start servers at once (they migrate one empty database together), failing with the
    first error any of them raised."""
    failed: list[BaseException] = []

    def start(app: LiveApp) -> None:
        try:
            app.start()
        except BaseException as error:  # reported below with the server's log
            failed.append(error)

    threads = [threading.Thread(target=start, args=(app,)) for app in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failed == [], failed


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def command_body(text: str, *, response_url: str, user: str = USER, team: str = TEAM) -> str:
    return urlencode({
        "token": "deprecated", "team_id": team, "team_domain": "fake", "channel_id": "C0CHAN1",
        "channel_name": "general", "user_id": user, "user_name": "person", "command": "/adapt",
        "text": text, "api_app_id": "A1", "response_url": response_url,
        "trigger_id": trigger_id()})


def action_body(action_id: str, value: str, *, response_url: str | None, user: str = USER,
                team: str = TEAM, view: dict[str, Any] | None = None,
                selected: str | None = None) -> str:
    action: dict[str, Any] = {"action_id": action_id, "block_id": "b1", "type": "button",
                              "value": value, "action_ts": "1700000000.1"}
    if selected is not None:
        action = {"action_id": action_id, "block_id": "preset", "type": "static_select",
                  "selected_option": {"value": selected, "text": {"type": "plain_text",
                                                                  "text": selected}}}
    payload: dict[str, Any] = {
        "type": "block_actions", "team": {"id": team, "domain": "fake"},
        "user": {"id": user, "team_id": team}, "api_app_id": "A1", "trigger_id": trigger_id(),
        "channel": {"id": "C0CHAN1", "name": "general"}, "actions": [action],
        "container": {"type": "message", "message_ts": "1.1", "channel_id": "C0CHAN1",
                      "is_ephemeral": True}}
    if response_url:
        payload["response_url"] = response_url
    if view is not None:
        payload["view"] = view
        payload["container"] = {"type": "view", "view_id": view.get("id", "V1")}
        if view.get("type") == "home":  # App Home: no conversation, no response_url
            payload.pop("channel")
    return urlencode({"payload": json.dumps(payload)})


def submission_body(view: dict[str, Any], *, user: str = USER, team: str = TEAM) -> str:
    payload = {"type": "view_submission", "team": {"id": team, "domain": "fake"},
               "user": {"id": user, "team_id": team}, "api_app_id": "A1",
               "trigger_id": trigger_id(), "view": view}
    return urlencode({"payload": json.dumps(payload)})


def shortcut_body(callback_id: str, *, message: dict[str, Any] | None = None,
                  response_url: str | None = None, user: str = USER, team: str = TEAM) -> str:
    """A global shortcut, or with `message` a message shortcut (which carries a response_url
    and the message)."""
    payload: dict[str, Any] = {
        "type": "message_action" if message is not None else "shortcut",
        "callback_id": callback_id, "trigger_id": trigger_id(), "action_ts": "1.2",
        "team": {"id": team, "domain": "fake"}, "user": {"id": user, "team_id": team},
        "api_app_id": "A1", "token": "deprecated"}
    if message is not None:
        payload.update(message=message, channel={"id": "C0CHAN1", "name": "general"},
                       message_ts=message.get("ts", "1.1"), response_url=response_url)
    return urlencode({"payload": json.dumps(payload)})


def event_body(event: dict[str, Any], *, team: str = TEAM) -> str:
    """An Events API callback, as the JSON Slack sends."""
    return json.dumps({
        "token": "deprecated", "team_id": team, "api_app_id": "A1", "event": event,
        "type": "event_callback", "event_id": f"Ev{time.monotonic_ns()}",
        "event_time": int(time.time()),
        "authorizations": [{"enterprise_id": None, "team_id": team, "user_id": "UBOT",
                            "is_bot": True, "is_enterprise_install": False}]})


def step_event(scenario: Any) -> dict[str, Any]:
    """Workflow Builder running Adapt's step with `scenario` as its input."""
    return {"type": "function_executed", "function_execution_id": "Fx0EXEC1",
            "workflow_execution_id": "Wx1", "event_ts": str(time.time()),
            "bot_access_token": "xwfp-step-token",
            "function": {"id": "Fn1", "callback_id": "adapt_decide", "title": "Decide",
                         "type": "app", "app_id": "A1", "input_parameters": [],
                         "output_parameters": [], "date_created": 1, "date_updated": 1,
                         "date_deleted": 0},
            "inputs": {"scenario": scenario}}
