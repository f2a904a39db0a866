"""Subscribed reports: generated once per closed period, e-mailed with both files, posted to a webhook."""

import json
from datetime import date

import time_machine
from django.core import mail

from cases.tests.conftest import at
from command.models import Report, ReportKind, ReportStatus, ReportSubscription
from command.report_tasks import send_subscribed_reports, send_subscription
from command.reports import build_report
from command.tests.test_reports import known_week
from notifications.models import WebhookEndpoint
from notifications.tests.test_channels import closed_port_url, server  # noqa: F401  (a local HTTP receiver)

NEXT_MONDAY = date(2026, 12, 7)


def subscribe(world, **fields) -> ReportSubscription:
    return ReportSubscription.objects.create(kind=ReportKind.WEEKLY, org_unit=world.operator.org_unit, **fields)


def test_the_weekly_report_is_emailed_once_with_both_files(world, settings):
    settings.PUBLIC_BASE_URL = "https://grid.example.gov.cn"
    known_week(world)
    subscription = subscribe(world, emails="leader@example.gov.cn\noffice@example.gov.cn")

    assert send_subscription(subscription=subscription, day=NEXT_MONDAY) is True
    assert send_subscription(subscription=subscription, day=date(2026, 12, 8)) is False

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["leader@example.gov.cn", "office@example.gov.cn"]
    assert "周报 2026-11-30 至 2026-12-06" in message.subject
    assert "https://grid.example.gov.cn/command/reports/" in message.body
    names = [name for name, _content, _mimetype in message.attachments]
    assert [name.rsplit(".", 1)[1] for name in names] == ["xlsx", "pdf"]
    assert all("周报-2026-11-30_2026-12-06" in name for name in names)
    subscription.refresh_from_db()
    assert subscription.last_sent_start == date(2026, 11, 30)
    assert Report.objects.get().status == ReportStatus.READY


def test_the_report_is_posted_to_a_signed_webhook(world, server):  # noqa: F811
    known_week(world)
    endpoint = WebhookEndpoint.objects.create(
        name="指挥中心", channel="generic", url=f"{server.base_url}/hook", secret="s3cret"
    )
    subscription = subscribe(world, webhook=endpoint)
    assert send_subscription(subscription=subscription, day=NEXT_MONDAY) is True
    body = json.loads(server.last.body)
    assert body["type"] == "report.weekly"
    assert body["report"]["start"] == "2026-11-30" and body["report"]["end"] == "2026-12-06"
    assert "上报数：3" in body["text"]
    assert server.last.headers["x-civicgrid-signature"].startswith("sha256=")


def test_a_group_robot_gets_the_key_figures_and_a_download_link(world, server, settings):  # noqa: F811
    settings.PUBLIC_BASE_URL = "https://grid.example.gov.cn"
    known_week(world)
    endpoint = WebhookEndpoint.objects.create(name="群机器人", channel="wecom", url=f"{server.base_url}/robot")
    subscription = subscribe(world, webhook=endpoint)
    send_subscription(subscription=subscription, day=NEXT_MONDAY)
    content = json.loads(server.last.body)["markdown"]["content"]
    assert "结案率：33.3%" in content
    assert "[下载报告](https://grid.example.gov.cn/command/reports/" in content


def test_a_failed_delivery_is_tried_again_the_next_morning(world, closed_port_url):  # noqa: F811
    known_week(world)
    endpoint = WebhookEndpoint.objects.create(name="坏地址", channel="generic", url=closed_port_url, secret="s")
    subscription = subscribe(world, webhook=endpoint)
    assert send_subscription(subscription=subscription, day=NEXT_MONDAY) is False
    subscription.refresh_from_db()
    assert subscription.last_sent_start is None
    assert Report.objects.filter(status=ReportStatus.READY).count() == 1


def test_the_morning_task_reuses_a_ready_report_of_the_closed_week(world):
    known_week(world)
    ready = Report.objects.create(
        kind=ReportKind.WEEKLY, org_unit=world.operator.org_unit, start=date(2026, 11, 30), end=date(2026, 12, 6)
    )
    build_report(report=ready)
    Report.objects.filter(pk=ready.pk).update(status=ReportStatus.READY)
    subscribe(world, emails="leader@example.gov.cn")
    with time_machine.travel(at("2026-12-07 07:00"), tick=False):
        send_subscribed_reports()
    assert Report.objects.count() == 1
    assert len(mail.outbox) == 1


def test_nothing_is_sent_for_a_week_already_sent(world):
    subscription = subscribe(world, emails="leader@example.gov.cn", last_sent_start=date(2026, 11, 30))
    assert send_subscription(subscription=subscription, day=NEXT_MONDAY) is False
    assert mail.outbox == [] and Report.objects.count() == 0
