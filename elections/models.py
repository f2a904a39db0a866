"""Good-people elections (身边好人 / 道德模范评选): a campaign with its categories, the nominations residents and
staff make, their review (community, then subdistrict) and the residents' votes.

A voter is a verified phone, kept only as `lookup_hash(phone, purpose="phone")`: the vote table holds no phone
number. The daily limit per voter is kept by a counter row per voter and day (VoterDay), locked while a vote is
cast; the anomaly rule that flags votes is in elections/anomalies.py.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.personal import EncryptedTextField

DEFAULT_CATEGORIES = ["助人为乐", "见义勇为", "诚实守信", "敬业奉献", "孝老爱亲"]


class Campaign(models.Model):
    """One election, e.g. "2026 年度堤口好人", with the settings its public pages follow."""

    title = models.CharField(_("title"), max_length=100, unique=True)
    intro = models.TextField(_("introduction"), blank=True)
    org_unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("organised by"), on_delete=models.PROTECT, related_name="+"
    )
    nomination_open = models.BooleanField(_("residents may nominate"), default=True)
    voting_starts = models.DateTimeField(_("voting starts"), null=True, blank=True)
    voting_ends = models.DateTimeField(_("voting ends"), null=True, blank=True)
    votes_per_day = models.PositiveSmallIntegerField(
        _("votes per person per day"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("A verified phone casts at most this many votes a day (days in China time), one per nominee."),
    )
    votes_per_ip_hour = models.PositiveIntegerField(
        _("votes per network address per hour"), default=60, validators=[MinValueValidator(1)]
    )
    votes_per_device_hour = models.PositiveIntegerField(
        _("votes per device per hour"), default=10, validators=[MinValueValidator(1)]
    )
    burst_votes = models.PositiveIntegerField(
        _("burst: votes from one network"),
        default=20,
        validators=[MinValueValidator(2)],
        help_text=_("More votes than this from one /24 network within the burst window are flagged."),
    )
    burst_minutes = models.PositiveSmallIntegerField(
        _("burst window (minutes)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(1440)]
    )
    sequence_phones = models.PositiveSmallIntegerField(
        _("phones in one number block"),
        default=5,
        validators=[MinValueValidator(2)],
        help_text=_("This many different phones of one block of 100 numbers voting on one day are flagged."),
    )
    show_live_results = models.BooleanField(_("show live results to voters"), default=False)
    winners_per_category = models.PositiveSmallIntegerField(
        _("honoured per category"), default=3, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    published_at = models.DateTimeField(_("honour roll published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("election campaign")
        verbose_name_plural = _("election campaigns")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Category(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("election category")
        verbose_name_plural = _("election categories")
        ordering = ["campaign", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "name"], name="elections_category_name")]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    """Where a nomination is: 社区初审 → 街道审核 → public voting. A refusal at either step ends it."""

    COMMUNITY = "community", _("Awaiting community review")
    SUBDISTRICT = "subdistrict", _("Awaiting subdistrict review")
    APPROVED = "approved", _("Approved for the vote")
    REJECTED = "rejected", _("Not approved")


class NominatorKind(models.TextChoices):
    STAFF = "staff", _("Staff")
    RESIDENT = "resident", _("Resident")


class Nomination(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="nominations")
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    nominee_name = models.CharField(_("name of the nominee"), max_length=50)
    community = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    scope_path = models.CharField(max_length=255, editable=False)  # the community's path: data scope
    summary = models.CharField(_("in one sentence"), max_length=120)
    story = models.TextField(_("story"))
    nominator_kind = models.CharField(max_length=8, choices=NominatorKind.choices)
    nominator_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nominator_name = models.CharField(_("nominator"), max_length=50)
    nominator_phone = EncryptedTextField(_("nominator's phone"), blank=True)
    nominator_phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.COMMUNITY)
    honoured = models.BooleanField(_("on the honour roll"), default=False)
    # A resent form (a double tap, a retry after a timeout) finds the nomination it already made.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["campaign", "category__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "idempotency_key"],
                name="elections_nomination_once",
                condition=~models.Q(idempotency_key=None),
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "stage", "category"], name="elections_nomination_stage"),
            models.Index(fields=["scope_path", "stage"], name="elections_nomination_scope"),
        ]

    def __str__(self) -> str:
        return self.nominee_name


class NominationPhoto(models.Model):
    """A photo of the good deed, checked and stripped of its metadata by cases' upload check."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="elections/%Y/%m/")
    thumbnail = models.FileField(upload_to="elections/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=32)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nomination", "pk"]

    def __str__(self) -> str:
        return self.file.name


class Review(models.Model):
    """One review decision with its reason: the nomination's history."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="reviews")
    stage = models.CharField(max_length=12, choices=Stage.choices)  # the stage that was decided
    approved = models.BooleanField()
    reason = models.CharField(_("reason"), max_length=500)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nomination", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.nomination} · {self.step}"

    @property
    def step(self) -> str:
        """The review step this decision belongs to: 社区初审 or 街道审核."""
        return str(_("Community review") if self.stage == Stage.COMMUNITY else _("Subdistrict review"))


class VoterDay(models.Model):
    """How many votes one voter cast in a campaign on one day: the row locked while a vote is cast."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    voter = models.CharField(max_length=64)  # lookup_hash of the phone
    day = models.DateField()
    count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "voter", "day"], name="elections_voter_day")]

    def __str__(self) -> str:
        return f"{self.day} · {self.count}"


class Flag(models.TextChoices):
    NONE = "", _("None")
    NETWORK_BURST = "network_burst", _("Burst from one network")
    PHONE_SEQUENCE = "phone_sequence", _("Phones in one number sequence")


class Vote(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="votes")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="votes")
    voter = models.CharField(max_length=64)  # lookup_hash(phone, purpose="phone")
    phone_block = models.CharField(max_length=64)  # lookup_hash of the phone's first 9 digits (a block of 100)
    network = models.CharField(max_length=45)  # the /24 (IPv4) or /48 (IPv6) the vote came from
    device = models.CharField(max_length=64, blank=True)  # hash of the device cookie
    day = models.DateField()  # in China time
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    flag = models.CharField(_("flag"), max_length=16, choices=Flag.choices, blank=True, default="")
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    void_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            # One vote per nominee per voter per day, whatever the daily limit.
            models.UniqueConstraint(fields=["nomination", "voter", "day"], name="elections_vote_once_a_day"),
        ]
        indexes = [
            models.Index(fields=["nomination", "voided_at"], name="elections_vote_count"),
            models.Index(fields=["campaign", "network", "created_at"], name="elections_vote_network"),
            models.Index(fields=["campaign", "phone_block", "day"], name="elections_vote_block"),
            models.Index(fields=["campaign", "flag", "voided_at"], name="elections_vote_flag"),
        ]

    def __str__(self) -> str:
        return f"{self.nomination} · {self.day}"
