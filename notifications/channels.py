"""Outgoing webhooks (推送): what we POST to department group robots and integrators, and how we deliver it.

Pure functions, no models and no database. The `WebhookEndpoint`/`WebhookDelivery` models and the Huey task
that retries call them in this order::

    request = build_request(channel=endpoint.channel, url=endpoint.url, secret=endpoint.secret, message=message)
    result = deliver(request)              # never raises
    if not result.ok and result.retryable:
        retry in backoff_seconds(attempt) seconds

Channels and the vendor documents each format follows:

- `wecom`, 企业微信群机器人 (WeCom developer centre, 「群机器人配置说明」, developer.work.weixin.qq.com
  /document/path/91770): the robot's webhook URL carries its key; there is no signing, so `secret` is ignored.
  Without mentions we send `msgtype` `markdown` (title in bold, text lines, then `[查看案卷](url)`). WeCom's
  markdown can only @ people by `<@userid>`, and we know mobile numbers, not WeCom user ids, so a message with
  `mentions` is sent as ONE `msgtype` `text` message with `mentioned_mobile_list` (plain title, lines and
  "查看案卷：url"). One message per event keeps one delivery row per event and cannot half-succeed; the cost
  is plain text instead of bold in the mention case. Content is cut to WeCom's limits (text 2048 bytes,
  markdown 4096 bytes of UTF-8) by shortening the text lines, so the title and link always survive.
  Answer: HTTP 200 with `{"errcode": 0, "errmsg": "ok"}`; any other errcode is a failure, 45009 (api freq
  out of limit, 20 messages a minute per robot) and -1 (system busy) are retried.
- `dingtalk`, 钉钉自定义机器人 (DingTalk open platform, 「自定义机器人发送群消息」 and 「自定义机器人安全设置」):
  `msgtype` `markdown` with `title` (shown in the chat list and the notification) and `text` (title in bold,
  one paragraph per line, then the link); `at.atMobiles` lists the mentions, and as the document requires
  for markdown, each `@mobile` is also written into `text`, or nobody is actually notified. With a secret
  (加签), `timestamp` (milliseconds) and `sign` = urlencode(base64(HMAC-SHA256(key=secret,
  msg=f"{timestamp}\\n{secret}"))) are appended to the URL; DingTalk rejects a timestamp more than an
  hour off, so a retry must call `build_request` again, never resend an old `Request`. Without a secret the
  robot is protected by keywords or an IP list, and the URL is used as is. Answer: `{"errcode": 0, ...}`;
  130101 (send too fast), 410100 (rate limited) and -1 (system busy) are retried.
- `generic`, our own signed JSON webhook for integrators: the body is `message.event` with `title`, `text`
  and `url` added (those three keys are reserved), UTF-8 JSON; headers `X-CivicGrid-Timestamp` (unix
  seconds) and `X-CivicGrid-Signature: sha256=<hex of HMAC-SHA256(secret, f"{timestamp}.".encode() + body)>`.
  A secret is required. Receivers check with `verify_generic`, which rejects timestamps more than five
  minutes off (replays). Any 2xx is success; the body is not read for meaning.

Delivery outcome (`deliver`): connection errors and timeouts, HTTP 408, 429 and 5xx, the vendors' rate-limit
errcodes and a 2xx vendor answer we cannot read are retryable (a duplicate group message is better than a
lost dispatch notice); redirects (not followed), other 4xx and other errcodes are not: they need someone to
fix the endpoint. `DeliveryResult.error` is an English diagnostic for the delivery log, not translated.

Language: the link label (查看案卷) uses the active language when `build_request` runs, so the task should
run under the site default (`LANGUAGE_CODE`, zh-hans), which is what a Huey worker does unless it activates
another language.
"""

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from urllib.parse import quote_plus, urlsplit, urlunsplit

import requests
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _

USER_AGENT = "CivicGrid-Webhook/1"
TIMESTAMP_HEADER = "X-CivicGrid-Timestamp"
SIGNATURE_HEADER = "X-CivicGrid-Signature"
SIGNATURE_PREFIX = "sha256="

# Seconds to wait after the Nth failed attempt (see backoff_seconds); the last value repeats.
BACKOFF_SCHEDULE = (30, 120, 600, 1800, 3600)

EXCERPT_CHARS = 500
ERROR_CHARS = 500
MAX_RESPONSE_BYTES = 64 * 1024  # we read at most this much of an answer: enough for any errcode JSON

WECOM_TEXT_MAX_BYTES = 2048
WECOM_MARKDOWN_MAX_BYTES = 4096

RETRYABLE_STATUS = frozenset({408, 429})  # plus every 5xx


class Channel(StrEnum):
    WECOM = "wecom"
    DINGTALK = "dingtalk"
    GENERIC = "generic"


# Vendor errcodes (in an HTTP 200 answer) that mean "try again later".
RETRYABLE_ERRCODES = {
    Channel.WECOM: frozenset({-1, 45009}),
    Channel.DINGTALK: frozenset({-1, 130101, 410100}),
}

RESERVED_EVENT_KEYS = ("title", "text", "url")


@dataclass(frozen=True)
class Message:
    """What to say, whatever the channel."""

    title: str  # e.g. "案卷 261128-42 已派遣"
    text: str  # a few lines of plain text, no markup
    url: str = ""  # the case page, may be empty
    mentions: tuple[str, ...] = ()  # mobile numbers to @ (WeCom, DingTalk)
    event: dict | None = None  # the structured event, sent by GENERIC (JSON-serialisable)


@dataclass(frozen=True)
class Request:
    """One HTTP POST to make. `channel` tells `deliver` how to read the answer."""

    url: str
    headers: dict[str, str]
    body: bytes
    channel: str = Channel.GENERIC


@dataclass(frozen=True)
class DeliveryResult:
    ok: bool
    status_code: int | None  # None when no HTTP answer came
    error: str  # "" when ok
    retryable: bool  # False when ok
    response_excerpt: str  # at most EXCERPT_CHARS characters of the answer


# --- building --------------------------------------------------------------------------------------------


def build_request(*, channel: str, url: str, secret: str, message: Message, now: datetime | None = None) -> Request:
    """The request that sends `message` to `url` on `channel`. Raises ValueError for an unknown channel,
    a URL that is not http(s), or a generic webhook without a secret. `now` (aware) defaults to the clock."""
    channel = Channel(channel)
    check_webhook_url(url)
    now = timezone.now() if now is None else now
    if timezone.is_naive(now):
        raise ValueError("now must be timezone-aware")
    if channel is Channel.WECOM:
        return _wecom_request(url, message)
    if channel is Channel.DINGTALK:
        return _dingtalk_request(url, secret, message, now)
    return _generic_request(url, secret, message, now)


def check_webhook_url(url: str) -> None:
    """Raise ValueError unless `url` is an absolute http:// or https:// address with a host."""
    try:
        parts = urlsplit(url)
        acceptable = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. a malformed IPv6 host
        acceptable = False
    if not acceptable:
        raise ValueError(_("Only http:// and https:// webhook addresses can be used."))


def _robot_headers() -> dict[str, str]:
    # DingTalk asks for the UTF-8 charset to be stated; WeCom accepts the same.
    return {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT}


def _json_bytes(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder).encode("utf-8")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _fit(head: list[str], lines: list[str], tail: list[str], *, sep: str, max_bytes: int) -> str:
    """Join head + lines + tail with `sep`, shortening `lines` (ending them with …) to fit `max_bytes` of UTF-8."""
    content = sep.join([*head, *lines, *tail])
    if len(content.encode("utf-8")) <= max_bytes:
        return content
    fixed = sep.join([*head, "…", *tail]).encode("utf-8")
    room = max_bytes - len(fixed) - len(sep.encode("utf-8"))
    body = sep.join(lines).encode("utf-8")[: max(room, 0)].decode("utf-8", errors="ignore").rstrip()
    content = sep.join([*head, *([body] if body else []), "…", *tail])
    return content.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")


def _markdown_link(url: str) -> str:
    label = _("View case")  # outside the f-string, so that makemessages finds it
    return f"[{label}]({url})"


def _wecom_request(url: str, message: Message) -> Request:
    lines = _lines(message.text)
    if message.mentions:
        tail = [_("View case: %(url)s") % {"url": message.url}] if message.url else []
        content = _fit([message.title], lines, tail, sep="\n", max_bytes=WECOM_TEXT_MAX_BYTES)
        payload = {"msgtype": "text", "text": {"content": content, "mentioned_mobile_list": list(message.mentions)}}
    else:
        tail = [_markdown_link(message.url)] if message.url else []
        content = _fit([f"**{message.title}**"], lines, tail, sep="\n", max_bytes=WECOM_MARKDOWN_MAX_BYTES)
        payload = {"msgtype": "markdown", "markdown": {"content": content}}
    return Request(url=url, headers=_robot_headers(), body=_json_bytes(payload), channel=Channel.WECOM)


def _dingtalk_request(url: str, secret: str, message: Message, now: datetime) -> Request:
    parts = [f"**{message.title}**", *_lines(message.text)]
    if message.url:
        parts.append(_markdown_link(message.url))
    if message.mentions:
        parts.append(" ".join(f"@{mobile}" for mobile in message.mentions))
    payload = {
        "msgtype": "markdown",
        # Markdown needs a blank line between paragraphs for DingTalk to show them on separate lines.
        "markdown": {"title": message.title, "text": "\n\n".join(parts)},
        "at": {"atMobiles": list(message.mentions), "isAtAll": False},
    }
    if secret:
        timestamp = _epoch_milliseconds(now)
        url = _append_query(url, f"timestamp={timestamp}&sign={quote_plus(sign_dingtalk(secret, timestamp))}")
    return Request(url=url, headers=_robot_headers(), body=_json_bytes(payload), channel=Channel.DINGTALK)


def _generic_request(url: str, secret: str, message: Message, now: datetime) -> Request:
    if not secret:
        raise ValueError(_("A generic webhook needs a signing secret."))
    event = dict(message.event or {})
    clashes = sorted(set(event) & set(RESERVED_EVENT_KEYS))
    if clashes:
        raise ValueError(f"event keys {clashes} are reserved for the message's title, text and url")
    body = _json_bytes({**event, "title": message.title, "text": message.text, "url": message.url})
    timestamp = int(now.timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: SIGNATURE_PREFIX + sign_generic(secret, timestamp, body),
    }
    return Request(url=url, headers=headers, body=body, channel=Channel.GENERIC)


def _epoch_milliseconds(moment: datetime) -> int:
    return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1)


def _append_query(url: str, extra: str) -> str:
    parts = urlsplit(url)
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit(parts._replace(query=query))


# --- signing ---------------------------------------------------------------------------------------------


def sign_dingtalk(secret: str, timestamp_ms: int) -> str:
    """DingTalk 加签: base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}")), before URL encoding."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def sign_generic(secret: str, timestamp: int, body: bytes) -> str:
    """Hex HMAC-SHA256 of f"{timestamp}.".encode() + body, keyed with the endpoint's secret."""
    return hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def verify_generic(
    secret: str, header_value: str, body: bytes, *, timestamp: str | int, now: int | None = None, tolerance: int = 300
) -> bool:
    """True when `header_value` (the X-CivicGrid-Signature header) signs `body` at `timestamp` (the
    X-CivicGrid-Timestamp header) with `secret`, and `timestamp` is within `tolerance` seconds of `now`
    (unix seconds, default the clock) either way. Malformed input is False, never an exception."""
    text = str(timestamp)
    if not secret or not (text.isascii() and text.isdigit()):
        return False
    sent_at = int(text)
    now = int(time.time()) if now is None else now
    if abs(now - sent_at) > tolerance:
        return False
    if not isinstance(header_value, str) or not header_value.startswith(SIGNATURE_PREFIX):
        return False
    expected = sign_generic(secret, sent_at, body).encode("ascii")
    return hmac.compare_digest(expected, header_value.removeprefix(SIGNATURE_PREFIX).encode("utf-8"))


# --- delivering ------------------------------------------------------------------------------------------


def deliver(request: Request, *, timeout: float = 5.0) -> DeliveryResult:
    """POST `request` once and say how it went. Never raises; redirects are not followed."""
    try:
        response = requests.post(
            request.url,
            data=request.body,
            headers=request.headers,
            timeout=timeout,
            allow_redirects=False,
            stream=True,  # so that we read at most MAX_RESPONSE_BYTES of the answer
        )
    except requests.Timeout as exc:
        return _failure(f"timed out after {timeout:g} s: {exc}", retryable=True)
    except requests.ConnectionError as exc:
        return _failure(f"connection failed: {exc}", retryable=True)
    except Exception as exc:  # a task must never crash on one delivery; this one will not get better by retrying
        return _failure(f"request failed: {type(exc).__name__}: {exc}", retryable=False)
    with response:
        raw, read_error = _read_body(response)
    return _judge(request.channel, response.status_code, raw, read_error, response.headers.get("Location", ""))


def _read_body(response: requests.Response) -> tuple[bytes, str]:
    chunks, size = [], 0
    try:
        for chunk in response.iter_content(chunk_size=8192):
            chunks.append(chunk)
            size += len(chunk)
            if size >= MAX_RESPONSE_BYTES:
                break
    except Exception as exc:  # the status line came; a broken body must not lose it
        return b"".join(chunks), f"{type(exc).__name__}: {exc}"
    return b"".join(chunks)[:MAX_RESPONSE_BYTES], ""


def _judge(channel: str, status: int, raw: bytes, read_error: str, location: str) -> DeliveryResult:
    excerpt = raw.decode("utf-8", errors="replace")[:EXCERPT_CHARS]

    def failure(error: str, *, retryable: bool) -> DeliveryResult:
        return DeliveryResult(
            ok=False, status_code=status, error=error[:ERROR_CHARS], retryable=retryable, response_excerpt=excerpt
        )

    if 200 <= status < 300:
        if channel not in RETRYABLE_ERRCODES:  # generic: any 2xx is success
            return DeliveryResult(ok=True, status_code=status, error="", retryable=False, response_excerpt=excerpt)
        errcode, errmsg = _errcode(raw)
        if read_error or errcode is None:
            return failure(f"HTTP {status} without a readable errcode {read_error}".strip(), retryable=True)
        if errcode == 0:
            return DeliveryResult(ok=True, status_code=status, error="", retryable=False, response_excerpt=excerpt)
        return failure(f"errcode {errcode}: {errmsg}", retryable=errcode in RETRYABLE_ERRCODES[channel])
    if 300 <= status < 400:
        return failure(f"HTTP {status}: redirect to {location or '?'} not followed", retryable=False)
    return failure(f"HTTP {status}", retryable=status >= 500 or status in RETRYABLE_STATUS)


def _errcode(raw: bytes) -> tuple[int | None, str]:
    try:
        answer = json.loads(raw.decode("utf-8"))
    except ValueError:  # includes UnicodeDecodeError and JSONDecodeError
        return None, ""
    if not isinstance(answer, dict) or type(answer.get("errcode")) is not int:
        return None, ""
    return answer["errcode"], str(answer.get("errmsg", ""))


def _failure(error: str, *, retryable: bool) -> DeliveryResult:
    return DeliveryResult(
        ok=False, status_code=None, error=error[:ERROR_CHARS], retryable=retryable, response_excerpt=""
    )


# --- retrying --------------------------------------------------------------------------------------------


def backoff_seconds(attempt: int) -> int:
    """Seconds to wait after failed attempt number `attempt` (1 = the first try) before the next one:
    30 s, 2 min, 10 min, 30 min, then every hour. Fixed, no jitter, so tests and support can predict it;
    how many attempts to make is the caller's choice. The fifth try comes about 42 minutes after the first,
    well after DingTalk's 10-minute rate-limit lockout has ended."""
    if attempt < 1:
        raise ValueError("attempt counts from 1")
    return BACKOFF_SCHEDULE[min(attempt, len(BACKOFF_SCHEDULE)) - 1]
