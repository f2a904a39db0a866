"""Patrols (巡查): teams on duty in their grids, GPS-tracked sessions, and each grid's daily coverage."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.config_cache import cached


class TeamKind(models.TextChoices):
    PATROL = "patrol", _("Patrol team")  # 巡逻队
    VISIT = "visit", _("Visiting group")  # 巡访团
    GRID_WORKERS = "grid_workers", _("Grid workers")  # 网格员


class PatrolTeam(models.Model):
    """A team that patrols its grids, e.g. 堤口百姓巡逻队 or 堤口市民巡访团."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=TeamKind.choices)
    org_unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="patrol_teams"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_patrol_teams",
        help_text=_("Receives the reminders about missed patrols."),
    )
    grids = models.ManyToManyField("grids.Grid", verbose_name=_("grids"), related_name="patrol_teams", blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("patrol team")
        verbose_name_plural = _("patrol teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A person in a team: a staff member or a volunteer (volunteers earn service hours for patrols)."""

    team = models.ForeignKey(PatrolTeam, verbose_name=_("team"), on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="patrol_teams"
    )
    is_volunteer = models.BooleanField(_("volunteer"), default=False)
    is_party_member = models.BooleanField(_("party member"), default=False)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "user__username"]
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="patrol_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.team})"


class Shift(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Evening")
    DAY = "day", _("Whole day")


# When each shift is over, in local time (hour): a roster entry without a patrol is missed after it.
SHIFT_ENDS = {Shift.MORNING: 12, Shift.AFTERNOON: 18, Shift.EVENING: 22, Shift.DAY: 18}


class DutyStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    LEAVE = "leave", _("On leave")


class RosterEntry(models.Model):
    """Who patrols which grid on which day and shift. A swap changes `user` and keeps `original_user`."""

    team = models.ForeignKey(PatrolTeam, verbose_name=_("team"), on_delete=models.CASCADE, related_name="roster")
    grid = models.ForeignKey("grids.Grid", verbose_name=_("grid"), on_delete=models.CASCADE, related_name="roster")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("on duty"), on_delete=models.CASCADE, related_name="duties"
    )
    original_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("swapped from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    day = models.DateField(_("day"))
    shift = models.CharField(_("shift"), max_length=16, choices=Shift.choices, default=Shift.DAY)
    status = models.CharField(_("status"), max_length=16, choices=DutyStatus.choices, default=DutyStatus.PLANNED)
    note = models.CharField(_("note"), max_length=200, blank=True)
    reminded_at = models.DateTimeField(_("missed-patrol reminder sent at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("duty roster entry")
        verbose_name_plural = _("duty roster")
        ordering = ["day", "shift", "grid"]
        constraints = [models.UniqueConstraint(fields=["user", "day", "shift"], name="patrol_duty_once_per_shift")]
        indexes = [
            models.Index(fields=["day", "grid"], name="patrol_roster_day_grid_idx"),
            models.Index(fields=["team", "day"], name="patrol_roster_team_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_shift_display()} {self.grid} {self.user}"


class CheckPointKind(models.TextChoices):
    MARKET = "market", _("Market")
    CONSTRUCTION = "construction", _("Construction site")
    ALLEY = "alley", _("Back alley")
    COMPOUND = "compound", _("Residential compound")
    OTHER = "other", _("Other")


class CheckPoint(models.Model):
    """A key place of a grid that a patrol must visit (confirmed by position)."""

    grid = models.ForeignKey("grids.Grid", verbose_name=_("grid"), on_delete=models.CASCADE, related_name="checkpoints")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=CheckPointKind.choices, default=CheckPointKind.OTHER)
    lng = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    radius_m = models.PositiveIntegerField(_("radius (m)"), default=30)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("check-point")
        verbose_name_plural = _("check-points")
        ordering = ["grid", "name"]
        constraints = [models.UniqueConstraint(fields=["grid", "name"], name="patrol_checkpoint_unique")]

    def __str__(self) -> str:
        return self.name


class SessionStatus(models.TextChoices):
    ACTIVE = "active", _("Patrolling")
    ENDED = "ended", _("Ended")
    AUTO_CLOSED = "auto_closed", _("Closed automatically")


class Flag(models.TextChoices):
    """Honesty checks: a flagged session is shown but not counted until a reviewer accepts it."""

    TOO_FAST = "too_fast", _("Faster than walking or cycling")
    JUMP = "jump", _("Position jumps")
    OUTSIDE_GRID = "outside_grid", _("Mostly outside the grid")
    IDENTICAL_TRACK = "identical_track", _("Same track as on another day")
    NOT_ENDED = "not_ended", _("Never ended (closed automatically)")
    NO_POINTS = "no_points", _("No positions received")


class Review(models.TextChoices):
    NONE = "", _("Not reviewed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class PatrolSession(models.Model):
    """One patrol from start to end. Summary figures are computed from the points when it ends."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("patroller"), on_delete=models.CASCADE, related_name="patrols"
    )
    team = models.ForeignKey(
        PatrolTeam, verbose_name=_("team"), on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    grid = models.ForeignKey(
        "grids.Grid",
        verbose_name=_("grid"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="patrol_sessions",
    )
    scope_path = models.CharField(max_length=255, editable=False, blank=True)
    client_id = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    day = models.DateField(_("day"))
    status = models.CharField(_("status"), max_length=16, choices=SessionStatus.choices, default=SessionStatus.ACTIVE)
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    last_point_at = models.DateTimeField(_("last position at"), null=True, blank=True)
    point_count = models.PositiveIntegerField(_("positions"), default=0)
    duplicate_count = models.PositiveIntegerField(_("duplicate positions"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected positions"), default=0)
    distance_m = models.FloatField(_("distance (m)"), default=0)
    duration_s = models.PositiveIntegerField(_("duration (s)"), default=0)
    outside_share = models.FloatField(_("share of positions outside the grid"), default=0)
    max_speed_kmh = models.FloatField(_("top speed (km/h)"), default=0)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    flag_details = models.JSONField(_("flag details"), default=dict, blank=True)
    is_flagged = models.BooleanField(_("flagged"), default=False)
    review = models.CharField(_("review"), max_length=16, choices=Review.choices, default=Review.NONE, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    counted = models.BooleanField(_("counted"), default=False, help_text=_("Ended and not flagged, or accepted."))
    track_wkb = models.BinaryField(_("track (WKB)"), null=True, blank=True, editable=False)
    track_hash = models.CharField(max_length=64, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["day", "grid"], name="patrol_session_day_grid_idx"),
            models.Index(fields=["user", "day"], name="patrol_session_user_day_idx"),
            models.Index(fields=["status", "started_at"], name="patrol_session_status_idx"),
            models.Index(fields=["scope_path", "day"], name="patrol_session_scope_idx"),
            models.Index(fields=["track_hash"], name="patrol_session_hash_idx"),
        ]
        constraints = [
            # A patroller walks one patrol at a time, however many phones they start it from.
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="active"), name="patrol_session_one_running"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"

    @property
    def distance_km(self) -> float:
        return self.distance_m / 1000

    @property
    def hours(self) -> float:
        return self.duration_s / 3600

    def flag_labels(self) -> list[str]:
        labels = dict(Flag.choices)
        return [str(labels.get(code, code)) for code in self.flags]


class TrackPoint(models.Model):
    """One GPS position (WGS-84). One row per capture time: a position sent twice is stored once."""

    id = models.BigAutoField(primary_key=True)
    session = models.ForeignKey(PatrolSession, on_delete=models.CASCADE, related_name="points")
    captured_at = models.DateTimeField(_("captured at"))
    lng = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    accuracy_m = models.FloatField(_("accuracy (m)"), null=True, blank=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [models.UniqueConstraint(fields=["session", "captured_at"], name="patrol_point_once")]

    def __str__(self) -> str:
        return f"{self.captured_at} {self.lng},{self.lat}"


class PointBatch(models.Model):
    """What became of one batch of positions sent by a phone; the same batch id twice is answered from here."""

    session = models.ForeignKey(PatrolSession, on_delete=models.CASCADE, related_name="batches")
    batch_id = models.CharField(_("batch id"), max_length=64)
    received_at = models.DateTimeField(_("received at"))
    received = models.PositiveIntegerField(_("received"), default=0)
    accepted = models.PositiveIntegerField(_("accepted"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    reasons = models.JSONField(_("rejections by reason"), default=dict, blank=True)
    samples = models.JSONField(_("rejected examples"), default=list, blank=True)
    replays = models.PositiveIntegerField(_("sent again"), default=0)

    class Meta:
        verbose_name = _("position batch")
        verbose_name_plural = _("position batches")
        ordering = ["session", "received_at"]
        constraints = [models.UniqueConstraint(fields=["session", "batch_id"], name="patrol_batch_once")]

    def __str__(self) -> str:
        return self.batch_id


class CheckPointVisit(models.Model):
    session = models.ForeignKey(PatrolSession, on_delete=models.CASCADE, related_name="visits")
    checkpoint = models.ForeignKey(CheckPoint, on_delete=models.CASCADE, related_name="visits")
    visited_at = models.DateTimeField(_("visited at"))
    distance_m = models.FloatField(_("distance (m)"))
    confirmed = models.BooleanField(_("confirmed on the phone"), default=False)

    class Meta:
        verbose_name = _("check-point visit")
        verbose_name_plural = _("check-point visits")
        ordering = ["visited_at"]
        constraints = [models.UniqueConstraint(fields=["session", "checkpoint"], name="patrol_visit_once")]

    def __str__(self) -> str:
        return f"{self.checkpoint} {self.visited_at}"


class ReportKind(models.TextChoices):
    REPORT = "report", _("Report")
    SELF_DISPOSE = "self_dispose", _("Fixed on the spot")


class PatrolReport(models.Model):
    """A case reported (or fixed on the spot) by the patroller during the session; linked when it ends."""

    session = models.ForeignKey(PatrolSession, on_delete=models.CASCADE, related_name="reports")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="patrol_links")
    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)

    class Meta:
        verbose_name = _("patrol report")
        verbose_name_plural = _("patrol reports")
        constraints = [models.UniqueConstraint(fields=["session", "case", "kind"], name="patrol_report_once")]

    def __str__(self) -> str:
        return f"{self.session_id} {self.case_id} {self.kind}"


class GridDayCoverage(models.Model):
    """A grid's patrol coverage on one day, computed by the background worker."""

    grid = models.ForeignKey("grids.Grid", on_delete=models.CASCADE, related_name="patrol_coverage")
    day = models.DateField(_("day"))
    expected = models.BooleanField(_("should be patrolled"), default=False)
    patrolled = models.BooleanField(_("patrolled"), default=False)
    sessions = models.PositiveIntegerField(_("patrols"), default=0)
    flagged_sessions = models.PositiveIntegerField(_("flagged patrols"), default=0)
    distance_m = models.FloatField(_("distance (m)"), default=0)
    duration_s = models.PositiveIntegerField(_("duration (s)"), default=0)
    covered_share = models.FloatField(_("share covered"), default=0)
    checkpoints_total = models.PositiveIntegerField(_("check-points"), default=0)
    checkpoints_visited = models.PositiveIntegerField(_("check-points visited"), default=0)
    reports = models.PositiveIntegerField(_("reports"), default=0)
    self_disposed = models.PositiveIntegerField(_("fixed on the spot"), default=0)
    patrollers = models.JSONField(_("patrollers"), default=list, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("grid coverage")
        verbose_name_plural = _("grid coverage")
        ordering = ["day", "grid"]
        constraints = [models.UniqueConstraint(fields=["grid", "day"], name="patrol_coverage_once")]
        indexes = [models.Index(fields=["day", "patrolled"], name="patrol_coverage_day_idx")]

    def __str__(self) -> str:
        return f"{self.grid_id} {self.day}"

    @property
    def distance_km(self) -> float:
        return self.distance_m / 1000


class PatrolSettings(models.Model):
    """The patrol checks' tunable numbers, one row, edited in the admin."""

    buffer_m = models.PositiveIntegerField(_("track buffer for coverage (m)"), default=30)
    speed_limit_kmh = models.FloatField(_("speed limit (km/h, walking or cycling)"), default=25)
    too_fast_share = models.FloatField(_("flag when this share of the distance is too fast"), default=0.2)
    jump_m = models.PositiveIntegerField(_("a jump is a step longer than (m) at impossible speed"), default=300)
    outside_share = models.FloatField(_("flag when this share of positions is outside the grid"), default=0.5)
    auto_close_hours = models.PositiveIntegerField(_("close a patrol not ended after (hours)"), default=8)
    max_point_age_hours = models.PositiveIntegerField(_("reject positions older than (hours)"), default=48)
    future_tolerance_s = models.PositiveIntegerField(_("accept clock drift into the future (s)"), default=120)

    class Meta:
        verbose_name = _("patrol settings")
        verbose_name_plural = _("patrol settings")

    def __str__(self) -> str:
        return str(_("patrol settings"))

    @classmethod
    def current(cls) -> "PatrolSettings":
        return cached("patrol_settings", lambda: cls.objects.first() or cls())
