"""Slack's faults: rate limits, 500s, timeouts, duplicates and shutdown, through Bolt's dispatch
in-process and over real HTTP (`adapt serve`); timeouts, with a second server that gives up on
Slack sooner, and shutdown, over HTTP only."""

import itertools
import json
import signal
import time
from types import SimpleNamespace

import pytest
from helpers.bolt import BoltApp
from helpers.slackapp import LiveApp, command_body, signed_headers
from helpers.strict import check_message
from slack_sdk.http_retry import RetryState
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse

from adapt.bot import delivery
from adapt.bot.delivery import (
    MAX_RETRY_WAIT,
    RETRIES,
    BoundedRateLimitRetry,
    CappedBackoff,
    retry_handlers,
)

CAP = 0.2  # seconds: ADAPT_MAX_RETRY_WAIT (5 s by default) for the apps most tests here use


@pytest.fixture(scope="module")
def impatient_app(fake_slack):
    """A second server that gives up on Slack after 1 second, so timeouts are quick to test."""
    app = LiveApp(api_url=fake_slack.api_url, env_extra={"ADAPT_HTTP_TIMEOUT": "1"}).start()
    yield app
    app.stop()


@pytest.fixture(scope="module", params=["bolt", pytest.param("http", marks=pytest.mark.http)])
def capped_app(request, fake_slack):
    """The app, each way, waiting at most CAP before it tries Slack again (a Retry-After, the
    backoff after a 500): what is tried and what the person is told are as with the default,
    in a fraction of the time."""
    if request.param == "bolt":
        app = BoltApp(fake_slack.api_url, max_retry_wait=CAP)
        yield app
        app.close()
        return
    served = LiveApp(api_url=fake_slack.api_url,
                     env_extra={"ADAPT_MAX_RETRY_WAIT": str(CAP)}).start()
    yield served
    served.stop()


@pytest.fixture
def capped(capped_app, fake_slack):
    """capped_app, and a fake Slack with no calls recorded yet."""
    fake_slack.reset()
    return capped_app, fake_slack


def _still_serving(app, fake, name="alive"):
    assert app.command("support", response_url=fake.response_url(name)).status == 200
    fake.wait_for(f"/response/{name}")


def _logged_once(app, text: str, before: int, timeout: float = 30.0) -> None:
    """`text` appears in the server log exactly once more than `before`, and not again."""
    deadline = time.monotonic() + timeout
    while app.log().count(text) == before and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)  # long enough for a second line, were one coming
    assert app.log().count(text) == before + 1


def test_rate_limited_response_url_is_retried_after_retry_after(slack):
    app, fake = slack
    fake.fail("/response/rl", 429, times=1, retry_after=1)
    started = time.monotonic()
    assert app.command("support", response_url=fake.response_url("rl")).status == 200
    calls = fake.wait_for("/response/rl", 2)
    assert time.monotonic() - started >= 1.0  # it waited as told
    check_message(calls[1].body)
    assert fake.find("/api/chat.postMessage") == []


@pytest.mark.parametrize(("retry_after", "waits"), [
    (["600"], MAX_RETRY_WAIT), (["2"], 2.0), (["0"], 0.0), (None, 1.0), (["soon"], 1.0)])
def test_a_429_waits_its_retry_after_but_never_past_the_cap(monkeypatch, retry_after, waits):
    """Slack's Retry-After is waited out, 1 s when it says none, and never past MAX_RETRY_WAIT
    (a worker is not held for 10 minutes); the wait is recorded, not slept."""
    slept: list[float] = []
    monkeypatch.setattr(delivery, "time", SimpleNamespace(sleep=slept.append))
    headers = {} if retry_after is None else {"Retry-After": retry_after}
    state = RetryState()
    BoundedRateLimitRetry(max_retry_count=RETRIES).prepare_for_next_attempt(
        state=state, request=HttpRequest(method="POST", url="https://slack.test", headers={}),
        response=HttpResponse(status_code=429, headers=headers))
    assert len(slept) == 1 and waits <= slept[0] < waits + 0.1  # and a little jitter
    assert state.next_attempt_requested and state.current_attempt == 1


@pytest.mark.parametrize(("max_wait", "at_most"), [(MAX_RETRY_WAIT, 2.0), (0.2, 0.2)])
def test_the_backoff_after_a_500_or_a_lost_connection_is_capped(max_wait, at_most):
    """slack_sdk's backoff (0.5 s then 1 s, plus up to 1 s of jitter) is left as it is under the
    default cap, and cut to ADAPT_MAX_RETRY_WAIT when that is shorter."""
    backoff = CappedBackoff(max_wait)
    waits = [backoff.calculate_sleep_duration(attempt) for attempt in (0, 1) for _ in range(50)]
    assert min(waits) >= min(0.5, at_most) and max(waits) <= at_most
    rate_limit, *others = sorted(retry_handlers(max_wait),
                                 key=lambda h: not isinstance(h, BoundedRateLimitRetry))
    assert rate_limit.max_wait == max_wait  # type: ignore[attr-defined]
    assert [h.interval_calculator.max_wait for h in others] == [max_wait, max_wait]  # type: ignore[attr-defined]


def test_rate_limited_dm_is_retried_and_bounded(capped):
    """A DM refused with 429 is retried; refused for good (Retry-After: 10 minutes), it is tried
    RETRIES more times, each after the capped wait, then the reply is logged lost, once. The cap
    is ADAPT_MAX_RETRY_WAIT, set short here so the test waits a moment instead of 2 x 5 s (the
    default is held by the test above)."""
    app, fake = capped
    fake.fail("/response/gone", 404, times=10, body="expired_url")
    fake.fail("/api/chat.postMessage", 429, times=1, retry_after=1)
    app.command("support", response_url=fake.response_url("gone"), user="U9")
    posts = fake.wait_for("/api/chat.postMessage", 2)
    assert [p.body["channel"] for p in posts] == ["U9", "U9"]
    fake.reset()
    fake.fail("/response/gone", 404, times=10, body="expired_url")
    fake.fail("/api/chat.postMessage", 429, times=50, retry_after=600)  # Retry-After: 10 minutes
    before = app.log().count("reply lost")
    app.command("support", response_url=fake.response_url("gone"), user="U9")
    tries = fake.wait_for("/api/chat.postMessage", 1 + RETRIES)
    _logged_once(app, "reply lost", before)
    assert len(fake.find("/api/chat.postMessage")) == 1 + RETRIES
    gaps = [later.received - earlier.received for earlier, later in itertools.pairwise(tries)]
    assert all(CAP <= gap < 5 for gap in gaps), gaps  # the capped wait, not Retry-After's
    fake.reset()
    _still_serving(app, fake)


def test_server_errors_on_response_url_fall_back_to_a_dm(capped):
    app, fake = capped
    fake.fail("/response/err", 500, times=10)
    app.command("support", response_url=fake.response_url("err"), user="U5")
    dm = fake.wait_for("/api/chat.postMessage")[0]
    assert dm.body["channel"] == "U5"
    assert len(fake.find("/response/err")) == 2  # one bounded retry, then the DM


def test_views_open_failure_tells_the_person(capped):
    app, fake = capped
    fake.fail("/api/views.open", 500, times=10)
    assert app.command("", response_url=fake.response_url("vo")).status == 200
    told = fake.wait_for("/response/vo")[0].body
    check_message(told)
    assert "form could not be opened" in json.dumps(told)
    _still_serving(app, fake)


@pytest.mark.http
def test_views_open_timeout_tells_the_person(impatient_app, fake_slack):
    fake_slack.reset()
    fake_slack.fail("/api/views.open", 200, times=10, delay=2.5, body='{"ok": true}')
    before = impatient_app.log().count("views.open failed")
    reply = impatient_app.command("", response_url=fake_slack.response_url("vt"))
    assert reply.status == 200
    told = fake_slack.wait_for("/response/vt", timeout=20)[0].body
    assert "form could not be opened" in json.dumps(told)
    _logged_once(impatient_app, "views.open failed", before)
    fake_slack.reset()
    _still_serving(impatient_app, fake_slack, "alive2")


def test_views_update_failure_is_logged_and_the_server_keeps_serving(capped):
    app, fake = capped
    app.command("", response_url=fake.response_url("vu"))
    view = fake.wait_for("/api/views.open")[0].body["view"]
    fake.fail("/api/views.update", 500, times=10)
    before = app.log().count("views.update failed")
    app.action("preset_select", "", response_url=None, selected="routing",
               view={**view, "id": "V1", "hash": "h1", "type": "modal"})
    fake.wait_for("/api/views.update", 2)  # one bounded retry on a 500
    _logged_once(app, "views.update failed", before)
    _still_serving(app, fake)


@pytest.mark.http
def test_timeouts_on_response_url_and_dm_lose_the_reply_once(impatient_app, fake_slack):
    fake_slack.reset()
    fake_slack.fail("/response/slow", 200, times=10, delay=2.5)
    fake_slack.fail("/api/chat.postMessage", 200, times=10, delay=2.5)
    before = impatient_app.log().count("reply lost")
    assert impatient_app.command("support", response_url=fake_slack.response_url("slow")).status \
        == 200
    _logged_once(impatient_app, "reply lost", before)
    fake_slack.reset()
    _still_serving(impatient_app, fake_slack, "alive3")


def test_a_failed_share_is_reported_to_the_person(capped):
    app, fake = capped
    fake.fail("/response/sh", 500, times=4)  # the share with its chart, then without, twice each
    app.action("share_result", "preset=support", response_url=fake.response_url("sh"), user="U3")
    told = fake.wait_for("/response/sh", 5)[4].body
    assert told["response_type"] == "ephemeral"
    assert "could not be shared" in json.dumps(told)


def test_duplicate_deliveries_post_once(slack):
    app, fake = slack
    body = command_body("support", response_url=fake.response_url("dup"))
    first = app.post(body, signed_headers(body))
    retry = app.post(body, {**signed_headers(body), "X-Slack-Retry-Num": "1",
                            "X-Slack-Retry-Reason": "http_timeout"})
    again = app.post(body, signed_headers(body))
    assert (first.status, retry.status, again.status) == (200, 200, 200)
    fake.wait_for("/response/dup")
    time.sleep(0.5)
    assert len(fake.find("/response/dup")) == 1


@pytest.mark.http
def test_sigterm_finishes_work_in_flight_and_exits_0(fake_slack):
    app = LiveApp(api_url=fake_slack.api_url).start()
    fake_slack.reset()
    fake_slack.fail("/response/late", 200, times=1, delay=2.0)
    assert app.command("support", response_url=fake_slack.response_url("late")).status == 200
    time.sleep(0.2)  # the reply is now on its way, held up by the slow fake
    assert app.stop(signal.SIGTERM) == 0
    late = fake_slack.find("/response/late")
    assert len(late) == 1 and late[0].body["blocks"]
    assert "reply lost" not in app.log()
