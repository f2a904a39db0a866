"""Archive materials (档案资料): per indicator of the assessment scheme, the evidence assessors ask to see.

A material names its indicator by code, not by row: a new version of the scheme copies the codes, so when it is
put in use the materials are carried over to it as they stand (files, links, status), with no migration step.
A material whose code the scheme in use no longer has is listed apart ("not in the scheme in use") until it is
moved to another indicator.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MaterialKind(models.TextChoices):
    DOCUMENT = "document", _("Documents")
    PHOTO = "photo", _("Photos")
    MEETING = "meeting", _("Meeting record")
    ACTIVITY = "activity", _("Activity record")


class MaterialStatus(models.TextChoices):
    MISSING = "missing", _("Missing")
    DRAFT = "draft", _("Draft")
    COMPLETE = "complete", _("Complete")
    REJECTED = "rejected", _("Sent back")


class ArchiveMaterial(models.Model):
    """One piece of evidence an indicator requires, with who provides it by when, and how far it is."""

    indicator_code = models.CharField(_("indicator"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=MaterialKind.choices, default=MaterialKind.DOCUMENT)
    requirement = models.TextField(_("what is required"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="archive_materials",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MaterialStatus.choices, default=MaterialStatus.MISSING, editable=False
    )
    reject_reason = models.CharField(_("reason for rejection"), max_length=500, blank=True, editable=False)
    note = models.TextField(_("record text"), blank=True, help_text=_("A meeting record typed here."))
    org_unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="archive_materials"
    )
    scope_path = models.CharField(max_length=255, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("archive material")
        verbose_name_plural = _("archive materials")
        ordering = ["indicator_code", "title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "indicator_code", "title"], name="archive_material_title"),
        ]
        indexes = [
            models.Index(fields=["scope_path", "indicator_code"], name="archive_material_scope"),
            models.Index(fields=["owner", "status"], name="archive_material_owner"),
            models.Index(fields=["status", "due_on"], name="archive_material_due"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_code} {self.title}"


class MaterialFile(models.Model):
    """One version of one file of a material. A new upload under the same name is the next version; the older
    versions stay (and stay downloadable), only the current one goes into the export."""

    material = models.ForeignKey(ArchiveMaterial, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("file name"), max_length=150)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current version"), default=True)
    file = models.FileField(_("file"), upload_to="archive/%Y/%m/", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("material file")
        verbose_name_plural = _("material files")
        ordering = ["material", "name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["material", "name", "version"], name="archive_file_version"),
            models.UniqueConstraint(
                fields=["material", "name"], condition=models.Q(is_current=True), name="archive_file_one_current"
            ),
        ]
        # /media/ looks a file up by its stored name (archive.uploads).
        indexes = [models.Index(fields=["file"], name="archive_file_name")]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class EvidenceLink(models.Model):
    """A record of another module kept as evidence (civicgrid.plugins.EvidenceRef): the link, not a copy; the
    title and date are remembered so the list reads without asking the source."""

    material = models.ForeignKey(ArchiveMaterial, on_delete=models.CASCADE, related_name="links")
    source = models.CharField(_("source"), max_length=40)
    ref_id = models.CharField(max_length=64)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"), null=True, blank=True)
    url = models.CharField(max_length=300, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("linked record")
        verbose_name_plural = _("linked records")
        ordering = ["material", "linked_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["material", "source", "ref_id"], name="archive_link_once"),
        ]

    def __str__(self) -> str:
        return self.title
