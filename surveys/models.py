"""Surveys (民意调查 and 入户调查): questionnaires in versions, residents' answers, and the three rates.

A survey's questions live in a version. A published version is frozen: editing it makes a new draft, and a
response keeps the version it answered. One answer per respondent: a public response carries `respondent_key`, the
keyed hash of the verified phone (never the phone) or of a signed device token; a door-to-door response the hash of
the household's address. The rules of the three rates (知晓率 / 支持率 / 满意度) are settings of the survey, read
by surveys.rates.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civicgrid.personal import EncryptedTextField


class Identification(models.TextChoices):
    PHONE = "phone", _("Phone verification code")
    DEVICE = "device", _("Device token (no phone)")


class Survey(models.Model):
    title = models.CharField(_("title"), max_length=100)
    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    org_unit = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("org unit"), on_delete=models.PROTECT, related_name="surveys"
    )
    public_id = models.UUIDField(_("public link id"), default=uuid.uuid4, unique=True, editable=False)
    identification = models.CharField(
        _("one answer per"), max_length=8, choices=Identification.choices, default=Identification.PHONE
    )
    is_open = models.BooleanField(_("open for answers"), default=True)
    # The rate rules: which question (by its code, stable across versions) and which answers count.
    awareness_question = models.CharField(_("awareness: question code"), max_length=16, blank=True)
    awareness_answers = models.JSONField(_("awareness: answers that count"), default=list, blank=True)
    support_question = models.CharField(_("support: question code"), max_length=16, blank=True)
    support_answers = models.JSONField(_("support: answers that count"), default=list, blank=True)
    satisfaction_question = models.CharField(_("satisfaction: question code"), max_length=16, blank=True)
    satisfaction_min = models.PositiveSmallIntegerField(
        _("satisfaction: lowest rating that counts"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class SurveyCommunity(models.Model):
    """A community the survey covers, with the number of public answers it wants (0: no quota)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="communities")
    community = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    quota = models.PositiveIntegerField(_("quota"), default=0)

    class Meta:
        verbose_name = _("survey community")
        verbose_name_plural = _("survey communities")
        ordering = ["community__path"]
        constraints = [models.UniqueConstraint(fields=["survey", "community"], name="survey_community_unique")]

    def __str__(self) -> str:
        return f"{self.survey} · {self.community}"


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class SurveyVersion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=10, choices=VersionState.choices, default=VersionState.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey version")
        verbose_name_plural = _("survey versions")
        ordering = ["survey", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="survey_version_number"),
            models.UniqueConstraint(
                fields=["survey"], condition=models.Q(state="published"), name="survey_one_published_version"
            ),
            models.UniqueConstraint(fields=["survey"], condition=models.Q(state="draft"), name="survey_one_draft"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} v{self.number}"


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    RATING = "rating", _("Rating")
    TEXT = "text", _("Text")


class Question(models.Model):
    """A question of one version. `jumps` is the skip logic: [{"answer": "不知道", "to": "Q5"}], forward only."""

    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField(_("order"))
    code = models.CharField(_("code"), max_length=16)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("required"), default=True)
    options = models.JSONField(_("options"), default=list, blank=True)
    scale = models.PositiveSmallIntegerField(
        _("rating scale"), default=5, validators=[MinValueValidator(2), MaxValueValidator(10)]
    )
    jumps = models.JSONField(_("skip logic"), default=list, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="survey_question_code"),
            models.UniqueConstraint(fields=["version", "order"], name="survey_question_order"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class ResponseMode(models.TextChoices):
    PUBLIC = "public", _("Answered by the resident")
    DOOR = "door", _("Door-to-door (入户)")


class Response(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    mode = models.CharField(_("mode"), max_length=8, choices=ResponseMode.choices)
    community = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    grid = models.ForeignKey(
        "grids.Grid", verbose_name=_("grid"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A keyed hash (civicgrid.personal.lookup_hash) of the phone, the device token or the household: one answer
    # each, forbidden by the unique constraint, without the phone stored anywhere beside the answers.
    respondent_key = models.CharField(max_length=80, editable=False)
    submission_token = models.CharField(max_length=64, editable=False)
    address = EncryptedTextField(_("household address"), blank=True)  # door-to-door only; never exported
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outside_area = models.BooleanField(_("outside the survey's area"), default=False)
    over_quota = models.BooleanField(_("beyond the community's quota"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent_key"], name="survey_one_answer_per_respondent"),
            models.UniqueConstraint(fields=["survey", "submission_token"], name="survey_submission_once"),
        ]
        indexes = [models.Index(fields=["survey", "mode", "community"])]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"

    @property
    def flagged(self) -> bool:
        return self.outside_area or self.over_quota


class Answer(models.Model):
    """One answer to one question: a choice question gives one row per chosen option (`option`), a rating its
    `number`, a text question its `text`. `code` repeats the question's code so rates group by it across
    versions."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    code = models.CharField(max_length=16)
    option = models.CharField(max_length=100, blank=True)
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=1000)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["code", "option"]), models.Index(fields=["question", "option"])]

    def __str__(self) -> str:
        return f"{self.code}: {self.option or self.number or self.text}"
