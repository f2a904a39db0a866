from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import OrgUnit
from civicgrid.personal import EncryptedTextField, PhoneHashes


class GridKind(models.TextChoices):
    ROAD = "road", _("Road zone")
    COMMUNITY = "community", _("Community grid")
    UNIT = "unit", _("Unit grid")


class Grid(models.Model):
    """A division of the area that someone is responsible for.

    Road zones (片区道路整治网格) and community grids (社区治理网格) are two
    divisions of one area and may overlap each other; grids of one kind do not.
    The outline is GeoJSON in WGS-84 (for the API and the map) plus WKB (for a
    fast index build); bbox columns let the database prefilter by extent.
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=GridKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent grid"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("responsible org unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grids",
    )
    geometry = models.JSONField(_("outline (GeoJSON)"))
    wkb = models.BinaryField(_("outline (WKB)"), editable=False)
    min_lng = models.FloatField(editable=False)
    min_lat = models.FloatField(editable=False)
    max_lng = models.FloatField(editable=False)
    max_lat = models.FloatField(editable=False)
    area_m2 = models.FloatField(_("area (m²)"), editable=False)
    geometry_version = models.PositiveIntegerField(_("outline version"), default=1, editable=False)
    population = models.PositiveIntegerField(_("resident population"), default=0)
    households = models.PositiveIntegerField(_("households"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        ordering = ["kind", "code"]
        indexes = [
            models.Index(fields=["kind", "is_active"]),
            models.Index(fields=["min_lng", "max_lng", "min_lat", "max_lat"], name="grid_bbox_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def area_km2(self) -> float:
        return self.area_m2 / 1_000_000


class GridGeometryVersion(models.Model):
    """Every outline a grid ever had, so past cases can be placed in the grid of their day."""

    grid = models.ForeignKey(Grid, on_delete=models.CASCADE, related_name="geometry_versions")
    version = models.PositiveIntegerField(_("version"))
    geometry = models.JSONField(_("outline (GeoJSON)"))
    area_m2 = models.FloatField(_("area (m²)"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("outline version")
        verbose_name_plural = _("outline versions")
        ordering = ["grid", "-version"]
        constraints = [models.UniqueConstraint(fields=["grid", "version"], name="grid_version_unique")]

    def __str__(self) -> str:
        return f"{self.grid} v{self.version}"


class PartnerUnitKind(models.TextChoices):
    FACTORY = "factory", _("Factory / enterprise")
    INSTITUTE = "institute", _("Institute")
    COMPOUND = "compound", _("Compound / agency")
    SCHOOL = "school", _("School")
    OTHER = "other", _("Other")


class PartnerUnit(models.Model):
    """共建单位: the 大厂、大所、大院、大校 that take part in a grid's work."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=PartnerUnitKind.choices, default=PartnerUnitKind.OTHER)
    address = models.CharField(_("address"), max_length=200, blank=True)
    grids = models.ManyToManyField(Grid, verbose_name=_("grids"), related_name="partner_units", blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("partner unit")
        verbose_name_plural = _("partner units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MemberDuty(models.TextChoices):
    CHIEF = "chief", _("Grid chief")
    WORKER = "worker", _("Grid worker")
    PATROLLER = "patroller", _("Patrol team member")
    PARTNER_CONTACT = "partner_contact", _("Partner unit contact")


class GridMember(PhoneHashes, models.Model):
    """A person with a duty in a grid. Staff link their account; others are named only."""

    grid = models.ForeignKey(Grid, verbose_name=_("grid"), on_delete=models.CASCADE, related_name="members")
    duty = models.CharField(_("duty"), max_length=20, choices=MemberDuty.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grid_memberships",
    )
    name = models.CharField(_("name"), max_length=50)
    # Encrypted at rest (civicgrid.personal); the keyed hash finds a resident's memberships for a request under the
    # 个人信息保护法 (grids/privacy.py). save() keeps it in step, so the admin's inline form keeps it too.
    phone = EncryptedTextField(_("mobile phone"), max_length=20, blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, default="", db_default="", db_index=True, editable=False)
    partner_unit = models.ForeignKey(
        PartnerUnit, verbose_name=_("partner unit"), on_delete=models.CASCADE, null=True, blank=True
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    PHONE_HASHES = {"phone": "phone_hash"}  # kept in step on save (civicgrid.personal.PhoneHashes)

    class Meta:
        verbose_name = _("grid member")
        verbose_name_plural = _("grid members")
        ordering = ["grid", "duty", "name"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "duty", "name"], name="grid_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_duty_display()})"


class GridIndexStamp(models.Model):
    """One row whose token changes whenever any grid outline changes.

    Every process keeps the point→grid index in memory and compares this
    token now and then, so a change made in one process reaches the others
    without a shared cache (the embedded install has none).
    """

    token = models.CharField(max_length=32, default="")

    def __str__(self) -> str:
        return self.token


class GridImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Rejected")


class GridImport(models.Model):
    """An uploaded grid file and what became of it; the page polls it for progress."""

    file = models.FileField(_("file"), upload_to="grid-imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    crs = models.CharField(_("coordinate system"), max_length=8, default="wgs84")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=GridImportStatus.choices, default="pending")
    total = models.PositiveIntegerField(_("features"), default=0)
    done = models.PositiveIntegerField(_("checked"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("grid import")
        verbose_name_plural = _("grid imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else (100 if self.status in ("done", "failed") else 0)
