"""Renovation and key projects (老旧小区改造, 重点项目, 口袋公园, 雨污分流, 道路改建) and the task forces (工作专班)
that run them.

A project's progress is computed from its milestones, never typed in: the rule is
projects.progress.progress_percent (weighted share of milestones done). A milestone is late when it is not done
and its planned end has passed, or when it was done after its planned end (projects.progress.is_late).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskForce(models.Model):
    """A 工作专班: staff users with a leader, responsible for one or more projects."""

    name = models.CharField(_("name"), max_length=100)
    org_unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="task_forces"
    )
    scope_path = models.CharField(max_length=255, db_index=True, editable=False)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        related_name="task_forces_led",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), related_name="task_forces", blank=True
    )
    duty = models.TextField(_("duty"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("task force")
        verbose_name_plural = _("task forces")
        ordering = ["scope_path", "name"]
        constraints = [models.UniqueConstraint(fields=["org_unit", "name"], name="projects_task_force_name_per_unit")]

    def __str__(self) -> str:
        return self.name


class ProjectKind(models.TextChoices):
    OLD_COMPOUND = "old_compound", _("Old residential compound renovation")  # 老旧小区改造
    KEY_PROJECT = "key_project", _("Key project")  # 重点项目
    POCKET_PARK = "pocket_park", _("Pocket park")  # 口袋公园
    SEWER_SEPARATION = "sewer", _("Rain and sewage separation")  # 雨污分流
    ROAD = "road", _("Road building and rebuilding")  # 道路新建改建
    OTHER = "other", _("Other project")


class Project(models.Model):
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=ProjectKind.choices)
    org_unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="projects"
    )
    scope_path = models.CharField(max_length=255, db_index=True, editable=False)
    task_force = models.ForeignKey(
        TaskForce,
        verbose_name=_("task force"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    lng = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    # The area worked on, a GeoJSON Polygon/MultiPolygon in WGS-84 (validated by grids.geometry.parse_polygon).
    area = models.JSONField(_("area"), null=True, blank=True)
    households = models.PositiveIntegerField(_("households benefited"), default=0)
    budget = models.DecimalField(
        _("budget (10,000 yuan)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    summary = models.TextField(
        _("public summary"), blank=True, help_text=_("Shown on the public page: write no names or phone numbers.")
    )
    is_public = models.BooleanField(_("shown on the public site"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["scope_path", "name"]
        constraints = [models.UniqueConstraint(fields=["org_unit", "name"], name="projects_project_name_per_unit")]
        indexes = [models.Index(fields=["is_public", "kind"], name="projects_public_kind_idx")]

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("name"), max_length=100)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1)], help_text=_("Its share of the project's progress.")
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(
        _("actual end"), null=True, blank=True, help_text=_("Set when the milestone is done.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "order", "planned_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("planned_start")), name="projects_milestone_planned_order"
            ),
        ]
        # The command screen counts open milestones past their planned end.
        indexes = [models.Index(fields=["actual_end", "planned_end"], name="projects_milestone_due_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_done(self) -> bool:
        return self.actual_end is not None


class PhotoPhase(models.TextChoices):
    BEFORE = "before", _("Before the works")
    DURING = "during", _("During the works")
    AFTER = "after", _("After the works")


class ProjectPhoto(models.Model):
    """A photo of the place, re-encoded without metadata (cases.services.clean_photos), so it may go public."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="photos")
    phase = models.CharField(_("phase"), max_length=8, choices=PhotoPhase.choices)
    file = models.FileField(_("file"), upload_to="projects/photos/%Y/%m/")
    thumbnail = models.FileField(_("thumbnail"), upload_to="projects/thumbs/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=40)
    sha256 = models.CharField(max_length=64)
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("project photo")
        verbose_name_plural = _("project photos")
        ordering = ["project", "phase", "created_at", "pk"]
        # The same picture sent twice (a retried upload) is kept once.
        constraints = [models.UniqueConstraint(fields=["project", "phase", "sha256"], name="projects_photo_once")]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_phase_display()}"


class ProjectCase(models.Model):
    """A case raised during the works (a complaint about noise, dust, a blocked lane), linked by its number.

    The case itself is read through cases.selectors with the viewer's scope; we keep its id and number only."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="case_links")
    case_id = models.BigIntegerField(db_index=True)
    case_number = models.CharField(_("case number"), max_length=24)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("linked case")
        verbose_name_plural = _("linked cases")
        ordering = ["project", "-linked_at"]
        constraints = [models.UniqueConstraint(fields=["project", "case_id"], name="projects_case_link_once")]

    def __str__(self) -> str:
        return self.case_number
