"""Volunteer service (志愿服务): real-name volunteers, teams, activities with check-in, service hours and stars.

A volunteer is a person, not a staff account: he identifies himself on his phone with a verification code sent to
the phone he registered (the session then carries his volunteer id), or, if he also holds a staff account (a
patrol member, the demo user `volunteer`), through `Volunteer.user`. The patrol teams' volunteer members are the
same people: `Volunteer.user` is the user of their `patrols.TeamMember` row, so one person has one record.

ID numbers and phones are kept encrypted (civicgrid.personal.EncryptedTextField) with a keyed hash beside them for
look-ups and for "one person = one volunteer"; the rates read counters kept on Volunteer (`last_service_on`), so the
rates page never scans the service records.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.personal import EncryptedTextField


class IdType(models.TextChoices):
    RESIDENT = "resident", _("Resident identity card")  # 居民身份证
    PASSPORT = "passport", _("Passport")
    HK_MACAO = "hk_macao", _("Mainland travel permit for Hong Kong and Macao residents")
    TAIWAN = "taiwan", _("Mainland travel permit for Taiwan residents")
    FOREIGN = "foreign", _("Foreign permanent resident ID card")


class VolunteerStatus(models.TextChoices):
    ACTIVE = "active", _("Registered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class VolunteerSettings(models.Model):
    """The module's numbers, editable by admins (one row). The targets are the subdistrict's own: the current
    assessment scheme's figures could not be verified (see shared/reference/volunteer_rules.csv)."""

    registration_target = models.DecimalField(
        _("registration rate target (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("8.00"),
        help_text=_("Registered volunteers per 100 residents (the older assessment scheme asked for 8%)."),
    )
    participation_target = models.DecimalField(
        _("participation rate target (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("60.00"),
        help_text=_("Share of registered volunteers with confirmed service in the last 12 months."),
    )
    inactive_months = models.PositiveIntegerField(
        _("inactive after (months)"), default=6, help_text=_("Volunteers without service this long are listed.")
    )
    geofence_m = models.PositiveIntegerField(_("check-in radius (m)"), default=200)
    qr_seconds = models.PositiveIntegerField(_("check-in code changes every (s)"), default=30)
    early_minutes = models.PositiveIntegerField(_("check-in opens before the start (min)"), default=30)
    cancel_hours = models.PositiveIntegerField(_("cancel at the latest before the start (h)"), default=2)
    remind_hours = models.PositiveIntegerField(_("remind before the start (h)"), default=24)
    adult_age = models.PositiveIntegerField(_("guardian's consent below age"), default=18)
    consent_version = models.CharField(_("consent text version"), max_length=20, default="2026-01")

    class Meta:
        verbose_name = _("volunteer settings")
        verbose_name_plural = _("volunteer settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "VolunteerSettings":
        return cls.objects.get_or_create(pk=1)[0]


class StarLevel(models.Model):
    """星级志愿者: the hours that earn each star, seeded from volunteer_rules.csv, editable in admin."""

    stars = models.PositiveSmallIntegerField(_("stars"), unique=True)
    name = models.CharField(_("name"), max_length=40)
    min_hours = models.DecimalField(_("confirmed hours at least"), max_digits=8, decimal_places=1)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("star level")
        verbose_name_plural = _("star levels")
        ordering = ["stars"]

    def __str__(self) -> str:
        return self.name


class Volunteer(models.Model):
    name = models.CharField(_("name"), max_length=50)
    id_type = models.CharField(_("ID document"), max_length=16, choices=IdType.choices, default=IdType.RESIDENT)
    id_number = EncryptedTextField(_("ID number"))
    id_hash = models.CharField(max_length=64, unique=True, editable=False)
    phone = EncryptedTextField(_("phone"))
    phone_hash = models.CharField(max_length=64, db_index=True, editable=False)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    community = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("community of residence"), on_delete=models.PROTECT, related_name="+"
    )
    scope_path = models.CharField(max_length=255, db_index=True, editable=False)
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    guardian_name = models.CharField(_("guardian's name"), max_length=50, blank=True)
    guardian_consent = models.BooleanField(_("guardian's consent"), default=False)
    consent_version = models.CharField(_("consent text version"), max_length=20)
    consented_at = models.DateTimeField(_("consented at"))
    is_party_member = models.BooleanField(_("serving party member"), default=False)
    party_unit = models.ForeignKey(
        "grids.PartnerUnit",
        verbose_name=_("unit's party organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=VolunteerStatus.choices, default=VolunteerStatus.ACTIVE
    )
    hours = models.DecimalField(_("confirmed hours"), max_digits=9, decimal_places=2, default=Decimal("0"))
    stars = models.PositiveSmallIntegerField(_("stars"), default=0)
    last_service_on = models.DateField(_("last confirmed service"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    source = models.CharField(_("registered by"), max_length=16, default="self")  # self / import / staff
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["scope_path", "name"]
        indexes = [
            models.Index(fields=["scope_path", "status", "last_service_on"], name="volunteer_rates_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class TeamKind(models.TextChoices):
    LEIFENG = "leifeng", _("Learn-from-Lei-Feng service team")  # 学雷锋服务队
    PATROL = "patrol", _("Patrol team")  # 巡逻队
    VISITING = "visiting", _("Visiting group")  # 巡访团
    OTHER = "other", _("Other team")


class Team(models.Model):
    """A volunteer team of a 新时代文明实践所 (the subdistrict) or 站 (a community)."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=TeamKind.choices)
    org_unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("practice centre / station"), on_delete=models.PROTECT, related_name="+"
    )
    scope_path = models.CharField(max_length=255, db_index=True, editable=False)
    leader = models.ForeignKey(
        Volunteer, verbose_name=_("leader"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    members = models.ManyToManyField(Volunteer, verbose_name=_("members"), related_name="teams", blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["scope_path", "name"]
        constraints = [models.UniqueConstraint(fields=["org_unit", "name"], name="volunteers_team_name")]

    def __str__(self) -> str:
        return self.name


class ActivityKind(models.TextChoices):
    MORAL_LECTURE = "moral_lecture", _("Moral lecture hall")  # 道德讲堂
    FESTIVAL = "festival", _("Our festivals")  # 我们的节日
    LEIFENG = "leifeng", _("Learn from Lei Feng")  # 学雷锋
    ENVIRONMENT = "environment", _("Environment clean-up")  # 环境整治
    PATROL = "patrol", _("Patrol")  # 巡逻
    CIVILITY = "civility", _("Civility persuasion")  # 文明劝导
    OTHER = "other", _("Other service")


class ActivityStatus(models.TextChoices):
    PUBLISHED = "published", _("Recruiting")
    CANCELLED = "cancelled", _("Cancelled")


class Activity(models.Model):
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    festival = models.CharField(_("festival"), max_length=20, blank=True)
    organiser = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.SET_NULL, null=True, blank=True, related_name="activities"
    )
    scope_path = models.CharField(max_length=255, db_index=True, editable=False)
    place = models.CharField(_("place"), max_length=200)
    lng = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    grid_id = models.IntegerField(_("grid"), null=True, blank=True, editable=False)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("places"))
    skills = models.CharField(_("required skills"), max_length=200, blank=True)
    signup_opens = models.DateTimeField(_("sign-up opens"))
    signup_closes = models.DateTimeField(_("sign-up closes"))
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.PUBLISHED
    )
    qr_secret = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer activity")
        verbose_name_plural = _("volunteer activities")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["scope_path", "starts_at"], name="activity_scope_idx")]

    def __str__(self) -> str:
        return self.title


class SignUpStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Signed up")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class SignUp(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="signups")
    status = models.CharField(_("status"), max_length=16, choices=SignUpStatus.choices)
    created_at = models.DateTimeField(_("signed up at"))
    reminded = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["activity", "volunteer"], name="volunteers_one_signup")]

    def __str__(self) -> str:
        return f"{self.volunteer_id} → {self.activity_id}"


class RecordStatus(models.TextChoices):
    OPEN = "open", _("Checked in")
    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Not counted")


class CheckMethod(models.TextChoices):
    QR = "qr", _("QR code")
    POSITION = "position", _("Position")
    MANUAL = "manual", _("By the organiser")
    PATROL = "patrol", _("Patrol")


class ServiceRecord(models.Model):
    """One volunteer's service at one activity (or one counted patrol): check-in, check-out and the hours.

    Only confirmed records count. `day`, `scope_path` and `party_unit_id` are copied here so that statistics are
    read from this table alone."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="records")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="records")
    patrol_session_id = models.BigIntegerField(null=True, blank=True, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    scope_path = models.CharField(max_length=255, editable=False)
    party_unit_id = models.BigIntegerField(null=True, blank=True, editable=False)
    day = models.DateField(_("day"))
    check_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    check_in_method = models.CharField(_("check-in by"), max_length=16, choices=CheckMethod.choices, blank=True)
    check_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    check_out_method = models.CharField(_("check-out by"), max_length=16, choices=CheckMethod.choices, blank=True)
    manual_reason = models.CharField(_("reason for a check by hand"), max_length=200, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2, default=Decimal("0"))
    status = models.CharField(_("status"), max_length=16, choices=RecordStatus.choices, default=RecordStatus.OPEN)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-day", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "activity"],
                condition=models.Q(activity__isnull=False),
                name="volunteers_one_record_per_activity",
            )
        ]
        indexes = [
            models.Index(fields=["volunteer", "-day"], name="record_volunteer_idx"),
            models.Index(fields=["scope_path", "status", "day"], name="record_scope_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} {self.day} {self.hours}"


class UsedCode(models.Model):
    """A rotating check-in code a volunteer has used: each code serves him once (a screenshot passed on later
    or a second scan is refused)."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=64)
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["volunteer", "code"], name="volunteers_code_once")]

    def __str__(self) -> str:
        return self.code


class HoursCorrection(models.Model):
    """A change of a record's hours after check-out, kept with who, when and why (besides the audit row)."""

    record = models.ForeignKey(ServiceRecord, on_delete=models.CASCADE, related_name="corrections")
    old_hours = models.DecimalField(max_digits=6, decimal_places=2)
    new_hours = models.DecimalField(max_digits=6, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=200)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.old_hours} → {self.new_hours}"


class ActivityReport(models.Model):
    """活动记录: what happened at an activity, with photos; offered to the archive materials as evidence."""

    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="report")
    text = models.TextField(_("what was done"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activity record")
        verbose_name_plural = _("activity records")

    def __str__(self) -> str:
        return str(self.activity_id)


class ReportPhoto(models.Model):
    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="volunteers/%Y/%m/")
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


class RateSnapshot(models.Model):
    """The rates of one community at a month's end, written by a monthly task: the chart over time."""

    month = models.DateField()
    org_unit = models.ForeignKey("accounts.OrgUnit", on_delete=models.CASCADE, related_name="+")
    population = models.PositiveIntegerField()
    registered = models.PositiveIntegerField()
    active = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "org_unit"], name="volunteers_one_snapshot")]
        ordering = ["month"]

    def __str__(self) -> str:
        return f"{self.org_unit_id} {self.month}"
