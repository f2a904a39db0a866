"""Assessment readiness (创城测评, "向0.1分宣战"): schemes of indicators and check items, the places assessors
visit (点位), field checks against a scheme, and the deductions that failed items cost.

A deduction's life follows its case: it is open until the case is closed as fixed (after 核查 or fixed on the
spot), withdrawn if the case is voided, and never closed any other way. The status is copied onto the deduction
(so the 0.1-point view reads one table) by assessment.services.deduction_sync, on every committed event of its
case and by a periodic reconciliation; the rule itself is assessment.selectors.status_of_case.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.personal import EncryptedTextField, PhoneHashes


class SchemeKind(models.TextChoices):
    CIVILIZATION = "civilization", _("Civilization city assessment")  # 文明城市测评
    DUST = "dust", _("Dust and air pollution checks")  # 扬尘治理、大气污染防治


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("In use")
    RETIRED = "retired", _("Retired")


class Scheme(models.Model):
    """One version of an assessment scheme: its indicator tree and check items. A check keeps the version it
    used; changing the rules means a new version (assessment.services.scheme_new_version)."""

    kind = models.CharField(_("kind"), max_length=16, choices=SchemeKind.choices)
    name = models.CharField(_("name"), max_length=100)
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=8, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT)
    full_marks = models.DecimalField(_("full marks"), max_digits=7, decimal_places=2, default=Decimal("100"))
    note = models.TextField(_("note"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name", "version"], name="assessment_scheme_version"),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(status="active"), name="assessment_one_active_scheme_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Indicator(models.Model):
    """A node of the scheme's indicator tree (测评指标), e.g. 市容秩序; the top level carries the marks."""

    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="indicators")
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    full_marks = models.DecimalField(_("full marks"), max_digits=7, decimal_places=2, default=Decimal("0"))
    cap = models.DecimalField(
        _("most points lost"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("No more than this is lost on the indicator, however many failures; empty: its full marks."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["scheme", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="assessment_indicator_code")]

    def __str__(self) -> str:
        return self.name

    @property
    def most_lost(self) -> Decimal:
        return self.cap if self.cap is not None else self.full_marks


class LocationType(models.Model):
    """A kind of place assessors visit (点位类型): 居民小区, 农贸市场, 建筑工地 … with the numbers that go with it."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    sample_size = models.PositiveIntegerField(
        _("assessors' sample"),
        default=1,
        help_text=_("How many places of this type the outside assessors visit: the expected-loss figure uses it."),
    )
    check_every_days = models.PositiveIntegerField(
        _("check at least every (days)"),
        null=True,
        blank=True,
        help_text=_("Active places of this type are due for a check this often (e.g. construction sites: 7)."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("location type")
        verbose_name_plural = _("location types")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class CheckItem(models.Model):
    """One line of a checklist (检查项): what is checked at a type of place, and what a failure costs."""

    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="items"
    )
    location_type = models.ForeignKey(
        LocationType, verbose_name=_("location type"), on_delete=models.PROTECT, related_name="items"
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("item"), max_length=100)
    requirement = models.TextField(_("requirement"))
    points = models.DecimalField(
        _("points per failure"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.10"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    cap_per_place = models.DecimalField(
        _("most points lost at one place"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("A failure seen several times at one place costs at most this; empty: one failure's points."),
    )
    category = models.ForeignKey(
        "cases.Category",
        verbose_name=_("case category"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The category of the case a failure becomes."),
    )
    photo_required = models.BooleanField(_("photo required for a failure"), default=True)
    source = models.TextField(_("source"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("check item")
        verbose_name_plural = _("check items")
        ordering = ["scheme", "location_type__order", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="assessment_item_code")]

    def __str__(self) -> str:
        return f"{self.location_type.name} · {self.name}"

    def cost(self, count: int) -> Decimal:
        """Points lost for `count` instances of this failure at one place."""
        cost = self.points * max(count, 1)
        cap = self.cap_per_place if self.cap_per_place is not None else self.points
        return min(cost, cap)


class Site(PhoneHashes, models.Model):
    """A place assessors visit (实地考察点位): a compound, a street, a market, a construction site …"""

    name = models.CharField(_("name"), max_length=100)
    location_type = models.ForeignKey(
        LocationType, verbose_name=_("location type"), on_delete=models.PROTECT, related_name="sites"
    )
    lng = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    grid = models.ForeignKey(
        "grids.Grid", verbose_name=_("grid"), on_delete=models.PROTECT, related_name="assessment_sites"
    )
    org_unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="assessment_sites"
    )
    scope_path = models.CharField(max_length=255, db_index=True, editable=False)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    # Encrypted at rest (civicgrid.personal); the keyed hash finds the contact for a request under the 个人信息保护法
    # (assessment/privacy.py). save() keeps it in step with the phone.
    contact_phone = EncryptedTextField(_("contact phone"), max_length=20, blank=True)
    contact_phone_hash = models.CharField(
        max_length=64, blank=True, default="", db_default="", db_index=True, editable=False
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible inspector"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessment_sites",
        help_text=_("Checks the site when it is due (dust checks of construction sites and restaurants)."),
    )
    is_old_compound = models.BooleanField(_("old residential compound"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    PHONE_HASHES = {"contact_phone": "contact_phone_hash"}  # kept in step on save (civicgrid.personal.PhoneHashes)

    class Meta:
        verbose_name = _("check site")
        verbose_name_plural = _("check sites")
        ordering = ["scope_path", "name"]
        constraints = [models.UniqueConstraint(fields=["org_unit", "name"], name="assessment_site_name_per_unit")]

    def __str__(self) -> str:
        return self.name


class FieldCheck(models.Model):
    """One walk of a place's checklist by an inspector (自查 / 督导): the results and what they cost."""

    scheme = models.ForeignKey(Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="checks")
    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="checks")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("inspector"), on_delete=models.PROTECT, related_name="field_checks"
    )
    client_id = models.CharField(_("submission key"), max_length=64)
    checked_at = models.DateTimeField(_("checked at"))
    note = models.TextField(_("note"), blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    passed = models.PositiveIntegerField(_("passed"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    not_applicable = models.PositiveIntegerField(_("not applicable"), default=0)
    scope_path = models.CharField(max_length=255, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("field check")
        verbose_name_plural = _("field checks")
        ordering = ["-checked_at"]
        constraints = [
            models.UniqueConstraint(fields=["inspector", "client_id"], name="assessment_check_sent_once"),
        ]
        indexes = [models.Index(fields=["site", "-checked_at"]), models.Index(fields=["scope_path", "checked_at"])]

    def __str__(self) -> str:
        return f"{self.site} {self.checked_at:%Y-%m-%d}"


class Outcome(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    NOT_APPLICABLE = "na", _("Not applicable")


class CheckResult(models.Model):
    """One item's outcome in one check. Site, type, scope and time are copied here so that failure rates over
    hundreds of thousands of results are read from this table alone."""

    field_check = models.ForeignKey(
        FieldCheck, verbose_name=_("field check"), on_delete=models.CASCADE, related_name="results"
    )
    item = models.ForeignKey(CheckItem, verbose_name=_("check item"), on_delete=models.PROTECT, related_name="results")
    outcome = models.CharField(_("outcome"), max_length=4, choices=Outcome.choices)
    count = models.PositiveIntegerField(_("instances"), default=1)
    note = models.CharField(_("note"), max_length=500, blank=True)
    deduction = models.ForeignKey(
        "Deduction",
        verbose_name=_("deduction"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
    )
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    location_type = models.ForeignKey(LocationType, on_delete=models.PROTECT, related_name="+")
    scope_path = models.CharField(max_length=255, editable=False)
    checked_at = models.DateTimeField()

    class Meta:
        verbose_name = _("check result")
        verbose_name_plural = _("check results")
        constraints = [models.UniqueConstraint(fields=["field_check", "item"], name="assessment_one_result_per_item")]
        indexes = [
            models.Index(fields=["checked_at", "location_type", "item"], name="assessment_result_rate"),
            models.Index(fields=["site", "item", "outcome"], name="assessment_result_repeat"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.outcome}"


class DeductionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Won back")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Deduction(models.Model):
    """Points a failed item costs (扣分), tracked by its case until the case is closed as fixed."""

    site = models.ForeignKey(Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="deductions")
    item = models.ForeignKey(
        CheckItem, verbose_name=_("check item"), on_delete=models.PROTECT, related_name="deductions"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="deductions")
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    kind = models.CharField(_("kind"), max_length=16, choices=SchemeKind.choices, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=DeductionStatus.choices, default=DeductionStatus.OPEN, editable=False
    )
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True, editable=False)
    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="deduction"
    )
    org_unit = models.ForeignKey("accounts.OrgUnit", on_delete=models.PROTECT, related_name="+")
    scope_path = models.CharField(max_length=255, editable=False)
    found_at = models.DateTimeField(_("found at"))
    last_seen_at = models.DateTimeField(_("last seen at"))
    times_seen = models.PositiveIntegerField(_("times seen"), default=1)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("deduction")
        verbose_name_plural = _("deductions")
        ordering = ["-points", "found_at"]
        indexes = [
            # The 0.1-point view: open deductions under a path, most points first (read in index order).
            models.Index(
                "kind",
                models.F("points").desc(),
                "found_at",
                "scope_path",
                name="assessment_deduction_open",
                condition=models.Q(status="open"),
            ),
            models.Index(fields=["scope_path", "kind", "status"], name="assessment_deduction_scope"),
            models.Index(fields=["site", "item"], name="assessment_deduction_site_item"),
        ]

    def __str__(self) -> str:
        return f"{self.site} · {self.item.name} −{self.points}"


class AssessmentSettings(models.Model):
    """The numbers of the score projection, editable by admins (one row)."""

    recent_days = models.PositiveIntegerField(
        _("recent self-checks (days)"),
        default=90,
        help_text=_("The failure rates behind the expected loss are read from checks of this many days."),
    )
    due_soon_days = models.PositiveIntegerField(_("remind before a check is due (days)"), default=1)

    class Meta:
        verbose_name = _("assessment settings")
        verbose_name_plural = _("assessment settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "AssessmentSettings":
        return cls.objects.get_or_create(pk=1)[0]


class CampaignAction(models.Model):
    """A named work stream of the campaign (十大攻坚行动, e.g. 市容环境整治攻坚行动) with its tasks, aimed at
    indicators: the open deductions of those indicators are the points it is still leaving on the table."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=SchemeKind.choices, default=SchemeKind.CIVILIZATION)
    indicator_codes = models.JSONField(
        _("indicator codes"), default=list, blank=True, help_text=_("Codes of the indicators it targets, e.g. A05.")
    )
    org_unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="campaign_actions"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="campaign_actions",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("campaign action")
        verbose_name_plural = _("campaign actions")
        ordering = ["ends_on", "name"]

    def __str__(self) -> str:
        return self.name


class ActionTask(models.Model):
    action = models.ForeignKey(
        CampaignAction, verbose_name=_("campaign action"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("task"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True, editable=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["action", "due_on", "order", "pk"]

    def __str__(self) -> str:
        return self.title
