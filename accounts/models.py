from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from civicgrid.personal import EncryptedTextField


class RoleCode(models.TextChoices):
    """The roles of DESIGN.md §1. A user may hold several."""

    PATROLLER = "patroller", _("Patroller / grid worker")
    OPERATOR = "operator", _("Intake operator")
    SHIFT_LEAD = "shift_lead", _("Shift lead")
    DISPATCHER = "dispatcher", _("Dispatcher")
    HANDLER = "handler", _("Handling department")
    COMMANDER = "commander", _("Command centre / leader")
    ASSESSOR = "assessor", _("Civilization office / assessor")
    VOLUNTEER_ADMIN = "volunteer_admin", _("Volunteer station")
    VOLUNTEER = "volunteer", _("Volunteer")
    ADMIN = "admin", _("System administrator")


class Role(models.Model):
    """One row per RoleCode, created by a data migration; users link to these."""

    code = models.CharField(_("code"), max_length=32, primary_key=True, choices=RoleCode.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.get_code_display())


class OrgUnitKind(models.TextChoices):
    DISTRICT = "district", _("District")
    SUBDISTRICT = "subdistrict", _("Subdistrict")
    ZONE = "zone", _("Zone")
    COMMUNITY = "community", _("Community")
    GRID = "grid", _("Grid")


class OrgUnit(MP_Node):
    """The administrative tree 区 → 街道 → 片区/社区 → 网格.

    A materialized path (django-treebeard) makes "this unit and everything
    below it" one indexed prefix query, which is what data scope asks all day.
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=OrgUnitKind.choices)
    phone = models.CharField(_("office phone"), max_length=32, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # No node_order_by: a sorted insert rewrites the paths of every later
    # sibling's subtree; appending keeps paths stable (display order = creation order).

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A handling department (处置部门).

    It may serve a unit of the tree (a community's 居委会) or sit outside it
    (a district bureau); `org_unit` is the unit whose area it works in.
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("serves org unit"),
        on_delete=models.PROTECT,
        related_name="departments",
        null=True,
        blank=True,
        help_text=_("Leave empty for a department that serves every unit."),
    )
    duties = models.TextField(_("duties"), blank=True)
    phone = models.CharField(_("duty phone"), max_length=32, blank=True)
    leader = models.ForeignKey(
        "accounts.User",
        verbose_name=_("leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Receives supervision (督办) messages for the department's cases."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A staff user. Names are one field: Chinese names do not split into first/last."""

    name = models.CharField(_("full name"), max_length=50, blank=True)
    # Encrypted at rest (civicgrid.personal); nothing looks a user up by phone, so no look-up hash beside it.
    phone = EncryptedTextField(_("mobile phone"), max_length=20, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("org unit"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    roles = models.ManyToManyField(Role, verbose_name=_("roles"), related_name="users", blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.name or self.username

    @property
    def role_codes(self) -> frozenset[str]:
        # Cached per instance: navigation and permission checks ask many times per request.
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = frozenset() if not self.pk else frozenset(r.code for r in self.roles.all())
            self._role_codes = cached
        return cached

    def has_role(self, *codes: str) -> bool:
        return self.is_superuser or bool(self.role_codes.intersection(codes))
