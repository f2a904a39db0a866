from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.deadlines import DeadlineUnit
from civicgrid.config_cache import cached
from civicgrid.personal import EncryptedTextField

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


# --- Category catalogue ------------------------------------------------------------


class CategoryKind(models.TextChoices):
    COMPONENT = "component", _("Component")
    EVENT = "event", _("Event")


class Category(models.Model):
    """A 部件/事件 class of CJ/T 214-2007: a minor class, or a major-only extension class."""

    kind = models.CharField(_("kind"), max_length=16, choices=CategoryKind.choices)
    code = models.CharField(
        _("code"), max_length=24, unique=True, help_text=_("kind and class code, e.g. component-0101")
    )
    major_code = models.CharField(_("major class code"), max_length=4)
    major_name = models.CharField(_("major class"), max_length=50)
    minor_code = models.CharField(_("minor class code"), max_length=8, blank=True)
    minor_name = models.CharField(_("minor class"), max_length=50, blank=True)
    default_department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("default handling department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.TextField(_("source"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Read by cases.publication: a citizen's report is public anyway; this publishes every source's.
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_(
            "Publish every case of this category on Open311, whatever its source (patrol, 12345 hotline…), as the "
            "publication policy allows: rounded position, no address, no photo, personal data blanked out."
        ),
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("case category")
        verbose_name_plural = _("case categories")
        ordering = ["kind", "major_code", "minor_code"]

    def __str__(self) -> str:
        return f"{self.minor_code or self.major_code} {self.minor_name or self.major_name}"

    @property
    def label(self) -> str:
        return f"{self.major_name} / {self.minor_name}" if self.minor_name else self.major_name


class FilingCondition(models.Model):
    """A 立案条件 of a category with its own disposal limit and closing condition (结案条件).

    Never edited in place once used: a change makes a new row and retires the old one, and every
    case keeps a snapshot of the rule it was filed under (Case.rules).
    """

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="conditions")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("filing condition"), max_length=300)
    limit = models.DecimalField(_("disposal limit"), max_digits=8, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=16, choices=DeadlineUnit.choices)
    urgent = models.BooleanField(_("urgent"), default=False)
    closing = models.CharField(_("closing condition"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("filing condition")
        verbose_name_plural = _("filing conditions")
        ordering = ["category", "position", "id"]

    def __str__(self) -> str:
        return f"{self.text} [{self.limit.normalize()} {self.get_unit_display()}]"

    def snapshot(self) -> dict:
        return {
            "condition_id": self.pk,
            "category_code": self.category.code,
            "category": self.category.label,
            "condition": self.text,
            "limit": str(self.limit.normalize()),
            "unit": self.unit,
            "urgent": self.urgent,
            "closing": self.closing,
            "revision": self.category.revision,
        }


class CategoryRevision(models.Model):
    """The full catalogue entry as it was after each change, for the record."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveIntegerField(_("revision"))
    snapshot = models.JSONField(_("content"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("category revision")
        verbose_name_plural = _("category revisions")
        ordering = ["category", "-revision"]
        constraints = [models.UniqueConstraint(fields=["category", "revision"], name="category_revision_unique")]

    def __str__(self) -> str:
        return f"{self.category} r{self.revision}"


# --- Cases ----------------------------------------------------------------------------


class CaseState(models.TextChoices):
    REPORTED = "reported", _("Reported")
    FILED = "filed", _("Filed")
    DISPATCHED = "dispatched", _("Dispatched")
    RETURNED = "returned", _("Returned")
    IN_PROGRESS = "in_progress", _("In progress")
    DISPOSED = "disposed", _("Disposed")
    VERIFIED = "verified", _("Verified")
    CLOSED = "closed", _("Closed")
    SHELVED = "shelved", _("Shelved")
    VOIDED = "voided", _("Voided")


OPEN_STATES = frozenset(
    {"reported", "filed", "dispatched", "returned", "in_progress", "disposed", "verified", "shelved"}
)


class CaseSource(models.TextChoices):
    PATROL = "patrol", _("Patrol")
    CITIZEN = "citizen", _("Citizen photo report")
    OPEN311 = "open311", _("Open311 app")
    HOTLINE = "hotline", _("12345 hotline")
    INSPECTION = "inspection", _("Field check")
    CAMERA = "camera", _("Camera")


class Resolution(models.TextChoices):
    FIXED = "fixed", _("Fixed")
    SELF_DISPOSED = "self_disposed", _("Fixed on the spot")
    TRANSFERRED = "transferred", _("Not our responsibility (transferred)")
    INVALID = "invalid", _("Invalid report")
    DUPLICATE = "duplicate", _("Duplicate")


class Stage(models.TextChoices):
    FILING = "filing", _("Filing")
    DISPATCH = "dispatch", _("Dispatch")
    DISPOSAL = "disposal", _("Disposal")
    VERIFICATION = "verification", _("Verification")
    CLOSING = "closing", _("Closing")


class Case(models.Model):
    """A problem from report to close (案卷). Its state changes only through cases.services.transition."""

    number = models.CharField(_("case number"), max_length=24, unique=True, null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=CaseState.choices, default=CaseState.REPORTED)
    source = models.CharField(_("source"), max_length=16, choices=CaseSource.choices)
    description = models.TextField(_("description"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    lng = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    community_grid = models.ForeignKey(
        "grids.Grid",
        verbose_name=_("community grid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    road_grid = models.ForeignKey(
        "grids.Grid", verbose_name=_("road zone"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    org_unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="+"
    )
    # The org unit's materialized path, copied so that data scope is one indexed prefix filter at 10 M cases.
    scope_path = models.CharField(max_length=255, editable=False)  # indexed in Meta: prefix and equality alike
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        db_index=False,  # case_category_position_idx leads with it
    )
    condition = models.ForeignKey(
        FilingCondition,
        verbose_name=_("filing condition"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    rules = models.JSONField(_("rules at filing"), default=dict, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_cases",
    )
    # A citizen's contact, encrypted at rest (civicgrid.personal); the phone's keyed hash finds one person's
    # reports for an export or an erasure on request (privacy app), and is cleared with the contact.
    reporter_name = EncryptedTextField(_("reporter name"), blank=True)
    reporter_phone = EncryptedTextField(_("reporter phone"), blank=True)
    reporter_email = EncryptedTextField(_("reporter e-mail"), blank=True)
    reporter_phone_hash = models.CharField(max_length=64, blank=True, default="", db_default="", editable=False)
    # A submission's Idempotency-Key belongs to its sender (cases.services.idempotency_sender): the same key
    # from someone else is someone else's report. Unique per (sender, key) in Meta.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, editable=False)
    idempotency_sender = models.CharField(max_length=64, blank=True, default="", db_default="", editable=False)
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True, null=True, blank=True)
    lead_department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("lead department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # case_dept_state_idx leads with it
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("likely duplicate of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    duplicate_score = models.FloatField(_("duplicate score"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_cases",
    )
    reopened_from = models.CharField(_("reopened from state"), max_length=16, blank=True)
    supervised = models.BooleanField(_("under supervision"), default=False)
    # The running stage's deadline and its warning time (黄灯), copied from it by cases.stages. Whether the case
    # is overdue follows from them and the clock (is_overdue, light); the sweep only sends the messages.
    due_at = models.DateTimeField(_("current deadline"), null=True, blank=True)
    warn_at = models.DateTimeField(_("deadline warning at"), null=True, blank=True)
    deadline_provisional = models.BooleanField(_("deadline provisional"), default=False)
    shelved_from = models.CharField(max_length=16, blank=True, editable=False)
    shelve_review_date = models.DateField(_("shelving review date"), null=True, blank=True)
    resolution = models.CharField(_("resolution"), max_length=16, choices=Resolution.choices, blank=True)
    rework_count = models.PositiveIntegerField(_("reworks"), default=0)
    reopen_count = models.PositiveIntegerField(_("reopenings"), default=0)
    return_count = models.PositiveIntegerField(_("returns"), default=0)
    postpone_count = models.PositiveIntegerField(_("postponements"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The stage whose clock is running or paused (cases.stages keeps it): read with the locked case row.
    open_stage = models.ForeignKey(
        "CaseStage", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-reported_at", "-id"]
        indexes = [
            models.Index(fields=["state", "reported_at"], name="case_state_reported_idx"),
            models.Index(fields=["lead_department", "state"], name="case_dept_state_idx"),
            models.Index(fields=["category", "lng", "lat"], name="case_category_position_idx"),
            models.Index(fields=["reported_at"], name="case_reported_idx"),
            # One index for the data-scope filter: the pattern opclass serves both "path = x" and "path LIKE 'x%'".
            models.Index(fields=["scope_path"], name="case_scope_path_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["supervised", "state"], name="case_supervised_idx"),
            # The open cases of a unit (the command screen's counts and markers, every few seconds): a
            # few percent of the table, read by prefix without touching the closed millions.
            models.Index(
                fields=["scope_path"],
                name="case_open_scope_idx",
                condition=models.Q(state__in=sorted(OPEN_STATES)),
                # Overdue = due_at <= now, not shelved: counted from this index alone (selectors.overdue_now).
                include=["due_at", "state", "supervised"],
                opclasses=["varchar_pattern_ops"],
            ),
            # Only citizen reports carry a phone: a partial index stays small.
            models.Index(
                fields=["reporter_phone_hash"],
                name="case_reporter_phone_idx",
                condition=~models.Q(reporter_phone_hash=""),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_sender", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="one_case_per_sender_key",
            )
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def clock_runs(self) -> bool:
        return bool(self.due_at) and self.is_open and self.state != CaseState.SHELVED

    @property
    def is_overdue(self) -> bool:
        """Past the running stage's deadline: the same test as cases.selectors.overdue_now() in SQL."""
        return self.clock_runs and self.due_at <= timezone.now()

    @property
    def warned(self) -> bool:
        """Past the running stage's warning time (黄灯) or its deadline."""
        return self.clock_runs and self.warn_at is not None and self.warn_at <= timezone.now()

    @property
    def light(self) -> str:
        """green / yellow / overdue for the deadline light; "" when no deadline runs."""
        if not self.clock_runs:
            return ""
        if self.is_overdue:
            return "overdue"
        return "yellow" if self.warned else "green"


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    ASSIST = "assist", _("Assisting")


class AssignmentState(models.TextChoices):
    DISPATCHED = "dispatched", _("Dispatched")
    ACCEPTED = "accepted", _("Accepted")
    DISPOSED = "disposed", _("Disposed")
    RETURNED = "returned", _("Returned")
    CANCELLED = "cancelled", _("Cancelled")


class CaseAssignment(models.Model):
    """One department's part in a dispatch round (joint disposal: one lead, any assisting)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    department = models.ForeignKey(
        "accounts.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=8, choices=AssignmentRole.choices)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    state = models.CharField(
        _("state"), max_length=12, choices=AssignmentState.choices, default=AssignmentState.DISPATCHED
    )
    instructions = models.TextField(_("instructions"), blank=True)
    feedback = models.TextField(_("feedback"), blank=True)
    created_at = models.DateTimeField(_("dispatched at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("department part")
        verbose_name_plural = _("department parts")
        ordering = ["case", "round", "role", "id"]
        indexes = [models.Index(fields=["department", "state"], name="assignment_dept_state_idx")]

    def __str__(self) -> str:
        return f"{self.case} {self.department} ({self.get_role_display()})"


class CaseStage(models.Model):
    """The deadline of one stage of one case; open while completed_at is empty."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    started_at = models.DateTimeField(_("started at"))
    amount = models.DecimalField(_("limit"), max_digits=8, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=16, choices=DeadlineUnit.choices)
    due_at = models.DateTimeField(_("due at"))
    warn_at = models.DateTimeField(_("warn at"))
    provisional = models.BooleanField(_("provisional"), default=False)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    warned_at = models.DateTimeField(_("warned at"), null=True, blank=True)
    overdue_at = models.DateTimeField(_("overdue at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("stage deadline")
        verbose_name_plural = _("stage deadlines")
        ordering = ["case", "started_at", "id"]
        indexes = [
            # The sweep reads only open, running stages: partial indexes keep it off the closed millions.
            models.Index(
                fields=["due_at"],
                name="stage_open_due_idx",
                condition=models.Q(completed_at__isnull=True, paused_at__isnull=True),
            ),
            models.Index(
                fields=["warn_at"],
                name="stage_open_warn_idx",
                condition=models.Q(completed_at__isnull=True, paused_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_stage_display()}"

    @property
    def on_time(self) -> bool | None:
        if self.completed_at is None:
            return None
        return self.completed_at <= self.due_at


class CaseEvent(models.Model):
    """One immutable row per change of a case: the timeline, the KPI source, the integration feed."""

    # Indexed in Meta: event_case_time_idx leads with the case; the actor only where there is one (the sweep
    # writes hundreds of thousands of system events at once, each index entry of which costs).
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", db_index=False)
    action = models.CharField(_("action"), max_length=24)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    actor_label = models.CharField(_("actor"), max_length=60, blank=True)
    from_state = models.CharField(_("from"), max_length=16, blank=True)
    to_state = models.CharField(_("to"), max_length=16)
    note = models.TextField(_("note"), blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # The client's Idempotency-Key of the action (a phone's outbox resends it): the same key twice is one action.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["case", "created_at", "id"]
        indexes = [
            models.Index(fields=["case", "created_at"], name="event_case_time_idx"),
            models.Index(fields=["actor"], name="event_actor_idx", condition=models.Q(actor__isnull=False)),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="one_event_per_idempotency_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.action}"


class RequestKind(models.TextChoices):
    POSTPONE = "postpone", _("Postponement")
    FILE = "file", _("Filing")
    VOID = "void", _("Voiding")


# The requests an operator makes on a reported case when filing and voiding need the shift lead's approval.
INTAKE_REQUESTS = (RequestKind.FILE, RequestKind.VOID)


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")  # the case left the state the request was about some other way


class CaseRequest(models.Model):
    """A request that needs the shift lead's approval (延期; 立案 and 作废 when WorkflowSettings.intake_approval)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="requests")
    kind = models.CharField(_("kind"), max_length=16, choices=RequestKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    reason = models.TextField(_("reason"))
    amount = models.DecimalField(_("extension"), max_digits=8, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=16, choices=DeadlineUnit.choices, blank=True)
    condition = models.ForeignKey(
        "FilingCondition",
        verbose_name=_("filing condition"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case request")
        verbose_name_plural = _("case requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"], condition=models.Q(status="pending"), name="one_pending_request_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()} {self.get_status_display()}"


class AttachmentPhase(models.TextChoices):
    BEFORE = "before", _("Before")
    AFTER = "after", _("After")
    EVIDENCE = "evidence", _("Evidence")


class Attachment(models.Model):
    """A photo or short video of a case; validated by content and stripped of metadata on the way in."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(CaseEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=8)
    phase = models.CharField(_("phase"), max_length=10, choices=AttachmentPhase.choices, default=AttachmentPhase.BEFORE)
    file = models.FileField(_("file"), upload_to="cases/%Y/%m/")
    thumbnail = models.FileField(_("thumbnail"), upload_to="cases/thumbs/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    captured_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["case", "created_at", "id"]
        # /media/ looks a file up by its stored name to find the case it belongs to (civicgrid.uploads).
        indexes = [
            models.Index(fields=["file"], name="attachment_file_idx"),
            models.Index(fields=["thumbnail"], name="attachment_thumbnail_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_phase_display()} {self.kind}"


class StageLimit(models.Model):
    """Time limit of each stage but disposal (disposal comes from the filing condition)."""

    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, unique=True)
    amount = models.DecimalField(_("limit"), max_digits=8, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=16, choices=DeadlineUnit.choices)

    class Meta:
        verbose_name = _("stage time limit")
        verbose_name_plural = _("stage time limits")

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.amount.normalize()} {self.get_unit_display()}"


class WorkflowSettings(models.Model):
    """The workflow's tunable numbers, one row, edited in the admin."""

    warn_fraction = models.DecimalField(
        _("warn when this share of the limit has passed"), max_digits=3, decimal_places=2, default=Decimal("0.80")
    )
    escalate_after_hours = models.DecimalField(
        _("escalate to supervision after overdue (working hours)"), max_digits=6, decimal_places=1, default=Decimal("4")
    )
    reopen_days = models.PositiveSmallIntegerField(_("a closed case may be reopened within (days)"), default=7)
    duplicate_radius_m = models.PositiveIntegerField(_("duplicate search radius (m)"), default=50)
    duplicate_days = models.PositiveSmallIntegerField(_("duplicate search window (days)"), default=7)
    # Off: operators file and void directly (as before). On: an operator's file/void is a request that the
    # shift lead approves or rejects (cases.workflow.roles_of); the shift lead still files and voids directly.
    intake_approval = models.BooleanField(_("filing and voiding need the shift lead's approval"), default=False)

    class Meta:
        verbose_name = _("workflow settings")
        verbose_name_plural = _("workflow settings")

    def __str__(self) -> str:
        return str(_("workflow settings"))

    @classmethod
    def current(cls) -> "WorkflowSettings":
        return cached("workflow_settings", lambda: cls.objects.first() or cls())


class CaseFeedback(models.Model):
    """A resident's satisfaction with the outcome (满意度), given on the public tracking page after closing."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("satisfaction"), choices=[(i, str(i)) for i in range(1, 6)])
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("resident feedback")
        verbose_name_plural = _("resident feedback")

    def __str__(self) -> str:
        return f"{self.case} {self.rating}"


class SavedFilter(models.Model):
    """A case-list filter a user named and keeps (e.g. "本周超期的井盖")."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters")
    name = models.CharField(_("name"), max_length=40)
    query = models.CharField(_("filter"), max_length=500)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["user", "name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="saved_filter_name_unique")]

    def __str__(self) -> str:
        return self.name
