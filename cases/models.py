from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# --- Work calendar -----------------------------------------------------------------
# Data only. The rule that turns these rows into working time is in cases/deadlines.py.


class DayKind(models.TextChoices):
    OFF = "off", _("day off")
    WORKDAY = "workday", _("make-up working day")


class CalendarDay(models.Model):
    """An exception to the Mon–Fri rule: a day off (放假) or a make-up working day (调休上班).

    Every day of a holiday period is stored as `off`, weekend days included, so the
    admin list reads like the State Council notice.
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DayKind.choices)
    holiday = models.CharField(
        _("holiday"), max_length=100, blank=True, help_text=_("Name of the holiday as written in the notice.")
    )
    source = models.CharField(
        _("source"), max_length=255, help_text=_("Number or address of the notice that sets this day.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.holiday}".strip()

    def clean(self) -> None:
        if self.kind == DayKind.WORKDAY and self.date and self.date.weekday() < 5:
            raise ValidationError(
                {"kind": _("A make-up working day must be a Saturday or a Sunday; weekdays are working days anyway.")}
            )


class YearStatus(models.TextChoices):
    PUBLISHED = "published", _("published")
    MISSING = "missing", _("missing")


class CalendarYear(models.Model):
    """Whether the holiday notice of a year is loaded. Deadlines that reach an unpublished year are provisional."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(_("status"), max_length=16, choices=YearStatus.choices, default=YearStatus.MISSING)
    source = models.CharField(_("source"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    missing_since = models.DateTimeField(
        _("missing since"), null=True, blank=True, help_text=_("When a deadline first needed this year.")
    )
    last_needed_at = models.DateTimeField(
        _("last needed at"), null=True, blank=True, help_text=_("When a deadline last needed this year.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} {self.get_status_display()}"

    @property
    def is_published(self) -> bool:
        return self.status == YearStatus.PUBLISHED
