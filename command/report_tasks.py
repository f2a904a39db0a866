"""Background work of the reports: generating one, and sending the subscribed ones every morning.

Imported by command.tasks (Huey autodiscovers only `tasks` modules).
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from command.models import Report, ReportStatus, ReportSubscription
from command.reports import build_report, download_name, last_period, report_title, reusable_report
from command.selectors import Period, rate_percent, today, unit_summary

logger = logging.getLogger(__name__)

__all__ = ["generate_report", "resume_stale_reports", "send_subscribed_reports"]


@db_task()
def generate_report(report_id: int) -> None:
    run_report(report_id)


def _stale_claim(now) -> Q:
    """Claimed by a worker that stopped (killed, restarted) before it finished."""
    return Q(status=ReportStatus.RUNNING, started_at__lt=now - settings.REPORT_STALE_AFTER)


def _claimable(now) -> Q:
    return Q(status__in=[ReportStatus.QUEUED, ReportStatus.FAILED]) | _stale_claim(now)


def run_report(report_id: int) -> Report | None:
    """queued → running → ready, or failed with the error; never raises."""
    now = timezone.now()
    claimed = Report.objects.filter(_claimable(now), pk=report_id).update(
        status=ReportStatus.RUNNING, error="", started_at=now
    )
    report = Report.objects.select_related("org_unit").filter(pk=report_id).first()
    if report is None or not claimed:
        return report
    try:
        build_report(report=report)
    except Exception as exc:  # a report that cannot be made must say why on its row, not crash the worker
        logger.exception("report %s failed", report_id)
        report.status, report.error = ReportStatus.FAILED, f"{type(exc).__name__}: {exc}"[:500]
    else:
        report.status = ReportStatus.READY
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "error", "finished_at"])
    return report


@db_periodic_task(crontab(minute="*/10"), name="command.resume_stale_reports")
def resume_stale_reports() -> None:
    """Queue again what a stopped worker left behind: reports still running after REPORT_STALE_AFTER, and
    reports still queued after it (their task was lost with a flushed queue). The claim in run_report
    keeps two workers from making one report twice."""
    now = timezone.now()
    lost = Q(status=ReportStatus.QUEUED, created_at__lt=now - settings.REPORT_STALE_AFTER)
    stuck = Report.objects.filter(_stale_claim(now) | lost)
    for report_id in stuck.order_by("pk").values_list("pk", flat=True)[:100]:
        logger.warning("report %s was left unfinished: generating it again", report_id)
        generate_report(report_id)


# --- subscriptions --------------------------------------------------------------------------------------


# Huey's crontab reads UTC (HUEY["utc"]): 23:00 UTC is 07:00 in Asia/Shanghai, the next day.
@db_periodic_task(crontab(hour="23", minute="0"), name="command.send_subscribed_reports")
def send_subscribed_reports() -> None:
    """Every morning at 07:00: last week's reports from Monday on, last month's from the 1st on."""
    for subscription in ReportSubscription.objects.filter(is_active=True).select_related("org_unit", "webhook"):
        try:
            send_subscription(subscription=subscription, day=today())
        except Exception:  # one broken subscription must not stop the others
            logger.exception("report subscription %s failed", subscription.pk)


def send_subscription(*, subscription: ReportSubscription, day) -> bool:
    """Send the subscription's report of the last closed period once; True when it was sent now.

    A period is due from its first day after (Monday, the 1st) until it has been sent, so a morning whose
    sending failed completely is made up the next morning. The period is claimed on the row before
    sending, so two workers never send it twice; a claim whose every delivery failed is given back.
    """
    period = last_period(subscription.kind, day)
    if subscription.last_sent_start == period.start:
        return False
    report = _ready_report(subscription=subscription, period=period, day=day)
    if report is None:
        return False
    before = subscription.last_sent_start
    claimed = (
        ReportSubscription.objects.filter(pk=subscription.pk)
        .exclude(last_sent_start=period.start)
        .update(last_sent_start=period.start)
    )
    if not claimed:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        sent = [_email(subscription, report), _webhook(subscription, report)]
    if not any(sent):
        ReportSubscription.objects.filter(pk=subscription.pk, last_sent_start=period.start).update(
            last_sent_start=before
        )
        return False
    subscription.last_sent_start = period.start
    return True


def _ready_report(*, subscription: ReportSubscription, period: Period, day) -> Report | None:
    report = reusable_report(org_unit=subscription.org_unit, kind=subscription.kind, period=period, today=day)
    if report is None:
        report = Report.objects.create(
            kind=subscription.kind, org_unit=subscription.org_unit, start=period.start, end=period.end
        )
        report = run_report(report.pk)
    if report.status != ReportStatus.READY:
        logger.error("report %s for subscription %s: %s", report.pk, subscription.pk, report.error)
        return None
    return report


def download_url(report: Report, fmt: str) -> str:
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    path = reverse("command:report_download", kwargs={"pk": report.pk, "fmt": fmt})
    return f"{base}{path}" if base else ""


def key_figures(report: Report) -> list[str]:
    """A few lines for a message: the headline indicators of the unit."""
    summary = unit_summary(unit=report.org_unit, period=Period(report.start, report.end))
    wanted = ("reports", "filed", "closed", "close_rate", "on_time_close_rate", "rework_rate")
    lines = []
    for figure in summary["figures"]:
        if figure["code"] in wanted:
            shown = rate_percent(figure["value"]) if figure["is_rate"] else figure["value"]
            lines.append(f"{figure['label']}：{shown}")
    if summary["score"] is not None:
        label = _("Composite score")
        lines.append(f"{label}：{summary['score']} {summary['grade']}")
    return lines


def _emails(subscription: ReportSubscription) -> list[str]:
    return [line.strip() for line in subscription.emails.replace(",", "\n").splitlines() if line.strip()]


def _email(subscription: ReportSubscription, report: Report) -> bool:
    to = _emails(subscription)
    if not to:
        return False
    lines = [report_title(report), "", *key_figures(report)]
    link = download_url(report, "pdf")
    if link:
        lines += ["", _("Download: %(url)s") % {"url": link}]
    message = EmailMessage(subject=report_title(report), body="\n".join(lines), to=to)
    for field, extension, mimetype in (
        (report.xlsx, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (report.pdf, "pdf", "application/pdf"),
    ):
        with field.open("rb") as handle:
            message.attach(download_name(report, extension), handle.read(), mimetype)
    try:
        message.send()
    except Exception:
        logger.exception("report %s: e-mail to %s failed", report.pk, to)
        return False
    return True


def _webhook(subscription: ReportSubscription, report: Report) -> bool:
    from notifications.channels import Message, build_request, deliver

    endpoint = subscription.webhook
    if endpoint is None or not endpoint.is_active:
        return False
    event = {
        "type": f"report.{report.kind}",
        "report": {
            "id": report.pk,
            "org_unit": report.org_unit.name,
            "kind": report.kind,
            "start": report.start.isoformat(),
            "end": report.end.isoformat(),
            "xlsx": download_url(report, "xlsx"),
            "pdf": download_url(report, "pdf"),
        },
    }
    lines, link = key_figures(report), download_url(report, "pdf")
    if endpoint.channel != "generic" and link:
        # The robots' own link label says "view case"; a report gets its own line instead.
        label = _("Download the report")  # outside the f-string, so that makemessages finds it
        lines.append(f"[{label}]({link})")
        link = ""
    message = Message(title=report_title(report), text="\n".join(lines), url=link, event=event)
    try:
        request = build_request(channel=endpoint.channel, url=endpoint.url, secret=endpoint.secret, message=message)
    except ValueError as exc:
        logger.error("report %s: webhook %s unusable: %s", report.pk, endpoint.pk, exc)
        return False
    result = deliver(request)
    if not result.ok:
        logger.error("report %s: webhook %s failed: %s", report.pk, endpoint.pk, result.error)
    return result.ok
