"""Command-centre data: daily KPI rollups kept from case events, scoring schemes, generated reports.

The rollups are derived data: `python manage.py rebuild_rollups` recomputes them from the case events
alone (command.rollup), and a test proves the incremental rows equal the recomputation.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SubjectKind(models.TextChoices):
    ORG = "org", _("Org unit")
    DEPARTMENT = "dept", _("Department")
    USER = "user", _("Person")


# Counter columns of DailyStat; command.kpis.COUNTERS says which events feed each one.
COUNTER_FIELDS = (
    "reports",
    "filed",
    "public_filed",
    "voided",
    "closed",
    "closed_on_time",
    "closed_disposal_on_time",
    "disposed",
    "reworked",
    "reopened",
    "self_disposed",
    "overdue",
    "supervised",
    "received",
    "disposal_due",
    "disposed_on_time",
    "returned",
    "postponed",
    "valid_reports",
    "verified",
    "verified_on_time",
    "dispatched",
    "dispatched_on_time",
    "misdispatched",
    "filed_on_time",
    "closed_by",
    "closed_by_on_time",
)


class Counts(models.Model):
    """The counters of one subject (an org unit with its whole subtree, a department, a person)."""

    kind = models.CharField(_("subject kind"), max_length=4, choices=SubjectKind.choices)
    subject_id = models.BigIntegerField(_("subject"))
    reports = models.PositiveIntegerField(default=0)
    filed = models.PositiveIntegerField(default=0)
    public_filed = models.PositiveIntegerField(default=0)
    voided = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    closed_on_time = models.PositiveIntegerField(default=0)
    closed_disposal_on_time = models.PositiveIntegerField(default=0)
    disposed = models.PositiveIntegerField(default=0)
    reworked = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    self_disposed = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    supervised = models.PositiveIntegerField(default=0)
    received = models.PositiveIntegerField(default=0)
    disposal_due = models.PositiveIntegerField(default=0)
    disposed_on_time = models.PositiveIntegerField(default=0)
    returned = models.PositiveIntegerField(default=0)
    postponed = models.PositiveIntegerField(default=0)
    valid_reports = models.PositiveIntegerField(default=0)
    verified = models.PositiveIntegerField(default=0)
    verified_on_time = models.PositiveIntegerField(default=0)
    dispatched = models.PositiveIntegerField(default=0)
    dispatched_on_time = models.PositiveIntegerField(default=0)
    misdispatched = models.PositiveIntegerField(default=0)
    filed_on_time = models.PositiveIntegerField(default=0)
    closed_by = models.PositiveIntegerField(default=0)
    closed_by_on_time = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class DailyStat(Counts):
    """Counts of one subject on one day."""

    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("daily KPI rollup")
        verbose_name_plural = _("daily KPI rollups")
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject_id", "day"], name="dailystat_subject_day_uniq"),
        ]
        # Rankings read every subject of a kind over a period.
        indexes = [models.Index(fields=["kind", "day"], name="dailystat_kind_day_idx")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.subject_id} {self.day}"


class MonthlyStat(Counts):
    """Counts of one subject in one calendar month: long periods read months, not days."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))

    class Meta:
        verbose_name = _("monthly KPI rollup")
        verbose_name_plural = _("monthly KPI rollups")
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject_id", "month"], name="monthlystat_subject_month_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.subject_id} {self.month:%Y-%m}"


class RollupCursor(models.Model):
    """How far the rollups have read the case event table (events are applied in id order, exactly once)."""

    name = models.CharField(max_length=32, unique=True)
    last_event_id = models.BigIntegerField(default=0)
    gap_seen_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rollup cursor")
        verbose_name_plural = _("rollup cursors")

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_event_id}"


class ScoreSubject(models.TextChoices):
    COMMUNITY = "community", _("Community")
    DEPARTMENT = "department", _("Department")
    PATROLLER = "patroller", _("Patroller")
    DISPATCHER = "dispatcher", _("Dispatcher")
    INTAKE = "intake", _("Operator / shift lead")


class ScoreScheme(models.Model):
    """Weights of the composite score (综合指标值) for one kind of subject, and the grade bands."""

    subject = models.CharField(_("scored subject"), max_length=16, choices=ScoreSubject.choices, unique=True)
    weights = models.JSONField(
        _("weights"), help_text=_('Indicator code → weight, e.g. {"close_rate": 40, "rework_rate": 20}.')
    )
    bands = models.JSONField(
        _("grade bands"),
        help_text=_(
            'Lowest score of each grade, best first, e.g. [["A", 90], ["B", 75], ["C", 60], ["D", 40], ["E", 0]].'
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("score scheme")
        verbose_name_plural = _("score schemes")

    def __str__(self) -> str:
        return str(self.get_subject_display())

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from command.kpis import INDICATOR_INDEX

        errors = {}
        if not isinstance(self.weights, dict) or not self.weights:
            errors["weights"] = _("Give at least one indicator code with its weight.")
        else:
            unknown = [code for code in self.weights if code not in INDICATOR_INDEX]
            bad = [code for code, w in self.weights.items() if not isinstance(w, int | float) or w < 0]
            if unknown:
                errors["weights"] = _("Unknown indicator codes: %(codes)s.") % {"codes": ", ".join(unknown)}
            elif bad:
                errors["weights"] = _("Weights must be numbers from 0 up: %(codes)s.") % {"codes": ", ".join(bad)}
        bands = self.bands
        well_formed = (
            isinstance(bands, list)
            and bands
            and all(
                isinstance(b, list) and len(b) == 2 and isinstance(b[0], str) and isinstance(b[1], int | float)
                for b in bands
            )
        )
        if not well_formed or [b[1] for b in bands] != sorted((b[1] for b in bands), reverse=True):
            errors["bands"] = _("List the grades best first, each as [letter, lowest score].")
        if errors:
            raise ValidationError(errors)


class ReportKind(models.TextChoices):
    WEEKLY = "weekly", _("Weekly report")
    MONTHLY = "monthly", _("Monthly report")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Generating")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Report(models.Model):
    """A weekly or monthly report for one org unit, as an Excel workbook and a PDF."""

    kind = models.CharField(_("kind"), max_length=8, choices=ReportKind.choices)
    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("org unit"), on_delete=models.CASCADE)
    start = models.DateField(_("period start"))
    end = models.DateField(_("period end"))
    status = models.CharField(_("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    xlsx = models.FileField(_("Excel file"), upload_to="reports/%Y/", blank=True)
    pdf = models.FileField(_("PDF file"), upload_to="reports/%Y/", blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    # When a worker claimed it: a claim older than settings.REPORT_STALE_AFTER is a worker that died.
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["org_unit", "kind", "start"], name="report_unit_period_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}–{self.end}"


class ReportSubscription(models.Model):
    """Send the weekly/monthly report of an org unit to e-mail addresses and/or a webhook when it is due."""

    kind = models.CharField(_("kind"), max_length=8, choices=ReportKind.choices)
    org_unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("org unit"), on_delete=models.CASCADE)
    emails = models.TextField(_("e-mail addresses"), blank=True, help_text=_("One per line."))
    webhook = models.ForeignKey(
        "notifications.WebhookEndpoint", verbose_name=_("webhook"), on_delete=models.SET_NULL, null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    last_sent_start = models.DateField(_("last period sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("report subscription")
        verbose_name_plural = _("report subscriptions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.org_unit}"
