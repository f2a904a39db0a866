"""我为群众办实事: residents' requests that the office took on as a 实事 (a practical thing it promised to do).

A 实事 is not a project: it has one owner, a promised date and the resident's word on the result, and it is born
from a request (a case, a survey answer, a home visit). Projects (projects app) are works with milestones, a
budget and a task force. The public list shows done items by community: their public title, never the request's
text or who asked.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PledgeSource(models.TextChoices):
    CASE = "case", _("A case")
    SURVEY = "survey", _("A survey answer")
    VISIT = "visit", _("A home visit")
    OTHER = "other", _("Other request")


class PledgeStatus(models.TextChoices):
    PROMISED = "promised", _("Promised")
    IN_PROGRESS = "in_progress", _("Being done")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Feedback(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


class Pledge(models.Model):
    title = models.CharField(
        _("public title"), max_length=120, help_text=_("Shown on the public list: write no names, addresses or phones.")
    )
    request = models.TextField(_("the resident's request"), help_text=_("Staff only."))
    org_unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("community"), on_delete=models.PROTECT, related_name="pledges"
    )
    scope_path = models.CharField(max_length=255, db_index=True, editable=False)
    source = models.CharField(_("source"), max_length=8, choices=PledgeSource.choices)
    case_id = models.BigIntegerField(null=True, blank=True)
    case_number = models.CharField(_("case number"), max_length=24, blank=True)
    source_note = models.CharField(
        _("source detail"), max_length=200, blank=True, help_text=_("Which survey, which visit and when.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="pledges"
    )
    promised_on = models.DateField(_("promised date"))
    status = models.CharField(_("status"), max_length=12, choices=PledgeStatus.choices, default=PledgeStatus.PROMISED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    feedback = models.CharField(_("resident's feedback"), max_length=12, choices=Feedback.choices, blank=True)
    feedback_text = models.TextField(_("feedback in the resident's words"), blank=True, help_text=_("Staff only."))
    feedback_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("practical thing")
        verbose_name_plural = _("practical things")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "scope_path", "-done_on"], name="pledges_public_idx")]
        constraints = [
            # A case becomes at most one 实事: a retried submission does not make two.
            models.UniqueConstraint(
                fields=["case_id"], condition=models.Q(case_id__isnull=False), name="pledges_case_once"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        from django.utils import timezone

        return (
            self.status in (PledgeStatus.PROMISED, PledgeStatus.IN_PROGRESS) and self.promised_on < timezone.localdate()
        )
