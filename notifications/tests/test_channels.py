"""Webhook formats, signing and delivery, against a real HTTP server on 127.0.0.1 (no mocks of requests)."""

import base64
import hashlib
import hmac
import json
import socket
import threading
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote_plus, urlsplit

import pytest
from django.utils import translation

from notifications.channels import (
    Channel,
    DeliveryResult,
    Message,
    Request,
    backoff_seconds,
    build_request,
    deliver,
    sign_generic,
    verify_generic,
)

NOW = datetime(2026, 11, 28, 1, 2, 3, 456000, tzinfo=UTC)
NOW_S = 1795827723  # NOW in unix seconds
NOW_MS = 1795827723456
OK_ANSWER = {"errcode": 0, "errmsg": "ok"}

MESSAGE = Message(
    title="案卷 261128-42 已派遣",
    text="类别：暴露垃圾\n位置：堤口路 88 号\n\n处置部门：环卫所",
    url="https://grid.example.gov.cn/cases/42/",
)


@pytest.fixture(autouse=True)
def english():
    """The link label is asserted in English, whatever translations exist."""
    with translation.override("en"):
        yield


@dataclass
class Received:
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes


@dataclass
class Answer:
    status: int = 200
    body: bytes = json.dumps(OK_ANSWER).encode()
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "application/json"),)
    delay: float = 0.0


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        recorder = self.server.recorder
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        recorder.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        answer = recorder.answers.popleft() if recorder.answers else Answer()
        if answer.delay:
            recorder.release.wait(answer.delay)  # set at teardown, so no thread outlives the test
        try:
            self.send_response(answer.status)
            for name, value in answer.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
        except OSError:  # the client gave up (the timeout test)
            pass

    def log_message(self, format, *args):
        pass


class Recorder:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.received: list[Received] = []
        self.answers: deque[Answer] = deque()
        self.release = threading.Event()

    def answer(self, status: int = 200, body: bytes | dict = OK_ANSWER, **kwargs) -> None:
        if isinstance(body, dict):
            body = json.dumps(body).encode()
        self.answers.append(Answer(status=status, body=body, **kwargs))

    @property
    def last(self) -> Received:
        assert len(self.received) == 1
        return self.received[0]


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.recorder = Recorder(f"http://127.0.0.1:{httpd.server_address[1]}")
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd.recorder
    httpd.recorder.release.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"


def send(server, channel, *, path="/hook", secret="", message=MESSAGE):
    request = build_request(channel=channel, url=server.base_url + path, secret=secret, message=message, now=NOW)
    return request, deliver(request)


def our_headers(received: Received, request: Request) -> dict[str, str]:
    return {name: received.headers[name.lower()] for name in request.headers}


# --- WeCom -----------------------------------------------------------------------------------------------


def test_wecom_sends_markdown_with_bold_title_and_case_link(server):
    request, result = send(server, Channel.WECOM, path="/cgi-bin/webhook/send?key=abc")

    assert result.ok
    assert server.last.path == "/cgi-bin/webhook/send?key=abc"
    assert json.loads(server.last.body) == {
        "msgtype": "markdown",
        "markdown": {
            "content": "**案卷 261128-42 已派遣**\n类别：暴露垃圾\n位置：堤口路 88 号\n处置部门：环卫所\n"
            "[View case](https://grid.example.gov.cn/cases/42/)"
        },
    }
    assert "已派遣".encode() in server.last.body  # UTF-8, not \u escapes
    assert request.headers == {"Content-Type": "application/json; charset=utf-8", "User-Agent": "CivicGrid-Webhook/1"}
    assert our_headers(server.last, request) == request.headers


def test_wecom_with_mentions_sends_text_with_mobile_list(server):
    message = Message(title="案卷 1 已派遣", text="请尽快处置", url="https://x.example/c/1/", mentions=("13800001111",))

    send(server, Channel.WECOM, message=message)

    assert json.loads(server.last.body) == {
        "msgtype": "text",
        "text": {
            "content": "案卷 1 已派遣\n请尽快处置\nView case: https://x.example/c/1/",
            "mentioned_mobile_list": ["13800001111"],
        },
    }


def test_wecom_without_url_has_no_link(server):
    send(server, Channel.WECOM, message=Message(title="T", text="a\nb"))

    assert json.loads(server.last.body)["markdown"]["content"] == "**T**\na\nb"


def test_wecom_long_text_is_cut_to_the_vendor_limit_keeping_title_and_link():
    message = Message(title="案卷 1", text="很长的描述" * 1000, url="https://x.example/c/1/")

    request = build_request(channel="wecom", url="https://qyapi.example/send", secret="", message=message, now=NOW)

    content = json.loads(request.body)["markdown"]["content"]
    assert len(content.encode()) <= 4096
    assert content.startswith("**案卷 1**\n很长的描述")
    assert content.endswith("…\n[View case](https://x.example/c/1/)")


# --- DingTalk --------------------------------------------------------------------------------------------


def test_dingtalk_sends_markdown_and_writes_mentions_into_the_text(server):
    message = Message(title="案卷 1 已派遣", text="请尽快处置", url="https://x.example/c/1/", mentions=("138", "139"))

    request, result = send(server, Channel.DINGTALK, path="/robot/send?access_token=t", message=message)

    assert result.ok
    assert server.last.path == "/robot/send?access_token=t"  # no secret: the URL is used as is
    assert json.loads(server.last.body) == {
        "msgtype": "markdown",
        "markdown": {
            "title": "案卷 1 已派遣",
            "text": "**案卷 1 已派遣**\n\n请尽快处置\n\n[View case](https://x.example/c/1/)\n\n@138 @139",
        },
        "at": {"atMobiles": ["138", "139"], "isAtAll": False},
    }
    assert our_headers(server.last, request) == {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "CivicGrid-Webhook/1",
    }


def test_dingtalk_without_mentions_has_an_empty_at_list(server):
    send(server, Channel.DINGTALK)

    assert json.loads(server.last.body)["at"] == {"atMobiles": [], "isAtAll": False}


def test_dingtalk_secret_adds_the_documented_timestamp_and_sign(server):
    secret = "SEC0123456789abcdef+/="
    # Independently, as DingTalk's 「自定义机器人安全设置」 describes it.
    string_to_sign = f"{NOW_MS}\n{secret}".encode()
    expected = base64.b64encode(hmac.new(secret.encode(), string_to_sign, hashlib.sha256).digest()).decode()

    send(server, Channel.DINGTALK, path="/robot/send?access_token=t", secret=secret)

    assert server.last.path == f"/robot/send?access_token=t&timestamp={NOW_MS}&sign={quote_plus(expected)}"
    assert parse_qs(urlsplit(server.last.path).query)["sign"] == [expected]


# --- generic ---------------------------------------------------------------------------------------------


def test_generic_posts_the_event_with_signature_headers(server):
    message = Message(
        title="案卷 1 已派遣", text="请尽快处置", url="https://x.example/c/1/", event={"type": "dispatched", "case": 1}
    )

    request, result = send(server, Channel.GENERIC, secret="s3cret", message=message)

    assert result.ok
    received = server.last
    assert received.body == request.body
    assert json.loads(received.body) == {
        "type": "dispatched",
        "case": 1,
        "title": "案卷 1 已派遣",
        "text": "请尽快处置",
        "url": "https://x.example/c/1/",
    }
    assert "已派遣".encode() in received.body
    signature = "sha256=" + hmac.new(b"s3cret", f"{NOW_S}.".encode() + received.body, hashlib.sha256).hexdigest()
    assert request.headers == {
        "Content-Type": "application/json",
        "User-Agent": "CivicGrid-Webhook/1",
        "X-CivicGrid-Timestamp": str(NOW_S),
        "X-CivicGrid-Signature": signature,
    }
    assert our_headers(received, request) == request.headers


def test_generic_without_event_sends_title_text_and_url(server):
    send(server, Channel.GENERIC, secret="s3cret")

    assert json.loads(server.last.body) == {"title": MESSAGE.title, "text": MESSAGE.text, "url": MESSAGE.url}


def test_generic_needs_a_secret():
    with pytest.raises(ValueError, match="signing secret"):
        build_request(channel="generic", url="https://x.example/hook", secret="", message=MESSAGE, now=NOW)


def test_generic_event_may_not_use_the_reserved_keys():
    message = Message(title="T", text="t", event={"url": "/api/cases/1"})

    with pytest.raises(ValueError, match="reserved"):
        build_request(channel="generic", url="https://x.example/hook", secret="s", message=message, now=NOW)


def test_generic_signature_round_trips():
    body = b'{"case":1}'
    header = "sha256=" + sign_generic("s3cret", NOW_S, body)

    assert verify_generic("s3cret", header, body, timestamp=str(NOW_S), now=NOW_S + 10)


def test_signature_of_a_built_request_verifies():
    message = Message(title="T", text="t", event={"case": 1})
    request = build_request(channel="generic", url="https://x.example/hook", secret="s3cret", message=message, now=NOW)

    assert verify_generic(
        "s3cret",
        request.headers["X-CivicGrid-Signature"],
        request.body,
        timestamp=request.headers["X-CivicGrid-Timestamp"],
        now=NOW_S,
    )


@pytest.mark.parametrize(
    ("secret", "body", "timestamp"),
    [
        ("other", b'{"case":1}', NOW_S),  # wrong secret
        ("s3cret", b'{"case":2}', NOW_S),  # tampered body
        ("s3cret", b'{"case":1}', NOW_S + 1),  # tampered timestamp
    ],
)
def test_generic_signature_rejects_tampering(secret, body, timestamp):
    header = "sha256=" + sign_generic("s3cret", NOW_S, b'{"case":1}')

    assert not verify_generic(secret, header, body, timestamp=timestamp, now=NOW_S)


@pytest.mark.parametrize("age", [301, -301, 86400])
def test_generic_signature_rejects_old_and_future_timestamps(age):
    body = b"{}"
    header = "sha256=" + sign_generic("s3cret", NOW_S, body)

    assert not verify_generic("s3cret", header, body, timestamp=NOW_S, now=NOW_S + age)
    assert verify_generic("s3cret", header, body, timestamp=NOW_S, now=NOW_S + age, tolerance=86400)


@pytest.mark.parametrize(
    ("header", "timestamp"),
    [("", NOW_S), ("md5=abc", NOW_S), ("sha256=é", NOW_S), (None, NOW_S), ("sha256=00", "abc"), ("sha256=00", "-5")],
)
def test_generic_signature_rejects_malformed_input_without_raising(header, timestamp):
    assert not verify_generic("s3cret", header, b"{}", timestamp=timestamp, now=NOW_S)


# --- building rules --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["ftp://x.example/hook", "file:///etc/passwd", "javascript:alert(1)", "//x.example/hook", "http://", ""]
)
def test_only_http_urls_are_accepted(url):
    with pytest.raises(ValueError, match="http:// and https://"):
        build_request(channel="wecom", url=url, secret="", message=MESSAGE, now=NOW)


def test_naive_now_is_rejected():
    with pytest.raises(ValueError, match="timezone-aware"):
        build_request(
            channel="generic", url="https://x.example/hook", secret="s", message=MESSAGE, now=NOW.replace(tzinfo=None)
        )


def test_unknown_channel_is_rejected():
    with pytest.raises(ValueError):
        build_request(channel="slack", url="https://x.example/hook", secret="", message=MESSAGE, now=NOW)


# --- delivery outcomes -----------------------------------------------------------------------------------


def test_wecom_rate_limit_errcode_is_a_retryable_failure(server):
    server.answer(200, {"errcode": 45009, "errmsg": "api freq out of limit"})

    _, result = send(server, Channel.WECOM)

    assert (result.ok, result.status_code, result.retryable) == (False, 200, True)
    assert result.error == "errcode 45009: api freq out of limit"
    assert result.response_excerpt == '{"errcode": 45009, "errmsg": "api freq out of limit"}'


def test_wecom_other_errcode_is_a_final_failure(server):
    server.answer(200, {"errcode": 93000, "errmsg": "invalid webhook url"})

    _, result = send(server, Channel.WECOM)

    assert (result.ok, result.retryable) == (False, False)


def test_dingtalk_too_fast_errcode_is_retryable_and_bad_sign_is_not(server):
    server.answer(200, {"errcode": 130101, "errmsg": "send too fast"})
    server.answer(200, {"errcode": 310000, "errmsg": "sign not match"})

    _, too_fast = send(server, Channel.DINGTALK)
    _, bad_sign = send(server, Channel.DINGTALK)

    assert (too_fast.ok, too_fast.retryable) == (False, True)
    assert (bad_sign.ok, bad_sign.retryable) == (False, False)


def test_robot_answer_without_errcode_is_a_retryable_failure(server):
    server.answer(200, b"<html>proxy login</html>", headers=(("Content-Type", "text/html"),))

    _, result = send(server, Channel.WECOM)

    assert (result.ok, result.retryable) == (False, True)
    assert result.response_excerpt == "<html>proxy login</html>"


def test_generic_accepts_any_2xx_whatever_the_body(server):
    server.answer(204, b"")

    _, result = send(server, Channel.GENERIC, secret="s")

    assert result == DeliveryResult(ok=True, status_code=204, error="", retryable=False, response_excerpt="")


@pytest.mark.parametrize("status", [500, 502, 503, 429, 408])
def test_server_errors_and_too_many_requests_are_retryable(server, status):
    server.answer(status, b"busy")

    _, result = send(server, Channel.GENERIC, secret="s")

    assert (result.ok, result.status_code, result.retryable, result.error) == (False, status, True, f"HTTP {status}")


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410])
def test_client_errors_are_not_retryable(server, status):
    server.answer(status, b"no")

    _, result = send(server, Channel.WECOM)

    assert (result.ok, result.status_code, result.retryable) == (False, status, False)


def test_redirect_is_not_followed(server):
    server.answer(302, b"", headers=(("Location", server.base_url + "/elsewhere"),))

    _, result = send(server, Channel.GENERIC, secret="s")

    assert (result.ok, result.status_code, result.retryable) == (False, 302, False)
    assert len(server.received) == 1
    assert "/elsewhere" in result.error


def test_connection_refused_is_retryable_and_does_not_raise(closed_port_url):
    request = build_request(channel="generic", url=closed_port_url, secret="s", message=MESSAGE, now=NOW)

    result = deliver(request, timeout=2)

    assert (result.ok, result.status_code, result.retryable) == (False, None, True)
    assert result.error.startswith("connection failed")


def test_timeout_is_retryable(server):
    server.answer(200, delay=5)

    request = build_request(channel="wecom", url=server.base_url + "/hook", secret="", message=MESSAGE, now=NOW)
    result = deliver(request, timeout=0.5)

    assert (result.ok, result.status_code, result.retryable) == (False, None, True)
    assert result.error.startswith("timed out after 0.5 s")


def test_response_excerpt_is_at_most_500_characters(server):
    server.answer(500, "错".encode() * 100_000)

    _, result = send(server, Channel.GENERIC, secret="s")

    assert result.response_excerpt == "错" * 500


# --- retries ---------------------------------------------------------------------------------------------


def test_backoff_schedule_is_fixed_and_capped_at_an_hour():
    assert [backoff_seconds(attempt) for attempt in range(1, 9)] == [30, 120, 600, 1800, 3600, 3600, 3600, 3600]


def test_backoff_counts_attempts_from_one():
    with pytest.raises(ValueError):
        backoff_seconds(0)
