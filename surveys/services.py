"""Writes of the surveys: the builder (surveys, versions, questions), publishing, and answers.

Every function takes keyword arguments, runs in one transaction and leaves an audit row (an answer's row names
no respondent: the survey, the mode and the community).
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import OrgUnit, User
from audit.services import audit_record
from surveys import questionnaire
from surveys.models import (
    Answer,
    Question,
    Response,
    ResponseMode,
    Survey,
    SurveyCommunity,
    SurveyVersion,
    VersionState,
)


def survey_create(
    *,
    actor: User,
    title: str,
    org_unit: OrgUnit,
    intro: str = "",
    identification: str = "phone",
    communities: list[tuple[OrgUnit, int]] = (),
    is_demo: bool = False,
) -> Survey:
    with transaction.atomic():
        survey = Survey.objects.create(
            title=title,
            intro=intro,
            org_unit=org_unit,
            identification=identification,
            created_by=actor,
            is_demo=is_demo,
        )
        SurveyCommunity.objects.bulk_create(
            SurveyCommunity(survey=survey, community=unit, quota=quota) for unit, quota in communities
        )
        SurveyVersion.objects.create(survey=survey, number=1)
        audit_record(actor=actor, action="surveys.create", target=survey, summary=title)
    return survey


def survey_settings_save(
    *,
    actor: User,
    survey: Survey,
    title: str,
    intro: str,
    identification: str,
    is_open: bool,
    awareness_question: str,
    awareness_answers: list[str],
    support_question: str,
    support_answers: list[str],
    satisfaction_question: str,
    satisfaction_min: int,
    quotas: dict[int, int] | None = None,
) -> Survey:
    """The survey's settings, its rate rules and the quotas of its communities ({community id: quota})."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        for name, value in {
            "title": title, "intro": intro, "identification": identification, "is_open": is_open,
            "awareness_question": awareness_question, "awareness_answers": awareness_answers,
            "support_question": support_question, "support_answers": support_answers,
            "satisfaction_question": satisfaction_question, "satisfaction_min": satisfaction_min,
        }.items():  # fmt: skip
            setattr(survey, name, value)
        survey.save()
        for community_id, quota in (quotas or {}).items():
            SurveyCommunity.objects.filter(survey=survey, community_id=community_id).update(quota=quota)
        audit_record(actor=actor, action="surveys.settings", target=survey, summary=title)
    return survey


def draft_for_edit(*, actor: User, survey: Survey) -> SurveyVersion:
    """The draft to edit: the existing one, or a new one copying the questions of the newest version (a published
    version stays frozen; responses keep the version they answered)."""
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).get()
        draft = survey.versions.filter(state=VersionState.DRAFT).first()
        if draft is not None:
            return draft
        latest = survey.versions.order_by("-number").first()
        draft = SurveyVersion.objects.create(survey=survey, number=(latest.number if latest else 0) + 1)
        if latest is not None:
            Question.objects.bulk_create(
                Question(
                    version=draft,
                    order=q.order,
                    code=q.code,
                    kind=q.kind,
                    text=q.text,
                    required=q.required,
                    options=q.options,
                    scale=q.scale,
                    jumps=q.jumps,
                )
                for q in latest.questions.all()
            )
        audit_record(actor=actor, action="surveys.draft", target=draft, summary=str(draft))
    return draft


def _refuse_unless_draft(version: SurveyVersion) -> None:
    if version.state != VersionState.DRAFT:
        raise ValidationError(_("A published version is frozen: edit the survey to make a new draft."))


def _raise(problems: questionnaire.Problems) -> None:
    raise ValidationError({code or "__all__": messages for code, messages in problems.errors.items()})


def question_save(
    *,
    actor: User,
    version: SurveyVersion,
    code: str,
    kind: str,
    text: str,
    required: bool,
    options: list[str],
    scale: int = 5,
    jumps: list[dict],
    question: Question | None = None,
) -> Question:
    """Add a question at the end of the draft, or change `question`; the whole draft must stay valid (no loop)."""
    with transaction.atomic():
        version = SurveyVersion.objects.select_for_update().get(pk=version.pk)
        _refuse_unless_draft(version)
        others = list(version.questions.exclude(pk=question.pk if question else None))
        if any(q.code == code for q in others):
            raise ValidationError({"code": _("The code %(code)s is used twice.") % {"code": code}})
        if question is None:
            question = Question(version=version, order=(version.questions.aggregate(m=Max("order"))["m"] or 0) + 1)
        question.code, question.kind, question.text, question.required = code, kind, text, required
        question.options = options if kind in questionnaire.CHOICE_KINDS else []
        question.scale, question.jumps = scale, jumps if kind in questionnaire.CHOICE_KINDS else []
        problems = questionnaire.check_questions([*others, question], draft=True)
        problems.errors.pop("", None)
        # An older question may jump to this one's code: a problem anywhere is shown as a problem of the form.
        if problems:
            raise ValidationError(
                {
                    "jumps" if question.code in problems.errors else "__all__": [
                        m for messages in problems.errors.values() for m in messages
                    ]
                }
            )
        question.save()
        audit_record(actor=actor, action="surveys.question", target=version, summary=f"{code} {text}"[:200])
    return question


def question_delete(*, actor: User, question: Question) -> None:
    with transaction.atomic():
        version = SurveyVersion.objects.select_for_update().get(pk=question.version_id)
        _refuse_unless_draft(version)
        others = list(version.questions.exclude(pk=question.pk))
        pointing = [q.code for q in others if any(j.get("to") == question.code for j in q.jumps)]
        if pointing:
            raise ValidationError(
                _("%(code)s is the target of a jump from %(others)s: change that jump first.")
                % {"code": question.code, "others": "、".join(pointing)}
            )
        question.delete()
        audit_record(actor=actor, action="surveys.question_delete", target=version, summary=question.code)


def question_move(*, actor: User, question: Question, up: bool) -> None:
    """Swap a question with its neighbour; a jump that would then point backwards is refused."""
    with transaction.atomic():
        version = SurveyVersion.objects.select_for_update().get(pk=question.version_id)
        _refuse_unless_draft(version)
        questions = list(version.questions.order_by("order"))
        index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
        other_index = index - 1 if up else index + 1
        if not 0 <= other_index < len(questions):
            return
        a, b = questions[index], questions[other_index]
        a.order, b.order = b.order, a.order
        problems = questionnaire.check_questions(questions, draft=True)
        if problems:
            _raise(problems)
        top = (version.questions.aggregate(m=Max("order"))["m"] or 0) + 1
        Question.objects.filter(pk=a.pk).update(order=top)  # the unique order must hold at every step
        Question.objects.filter(pk=b.pk).update(order=b.order)
        Question.objects.filter(pk=a.pk).update(order=a.order)
        audit_record(actor=actor, action="surveys.question_move", target=version, summary=question.code)


def version_publish(*, actor: User, version: SurveyVersion, now: datetime | None = None) -> SurveyVersion:
    """Freeze the draft and put it in front of respondents; the version before is retired (its answers stay)."""
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=version.survey_id).get()
        version = SurveyVersion.objects.get(pk=version.pk)
        _refuse_unless_draft(version)
        problems = questionnaire.check_questions(list(version.questions.all()))
        if problems:
            _raise(problems)
        SurveyVersion.objects.filter(survey_id=version.survey_id, state=VersionState.PUBLISHED).update(
            state=VersionState.RETIRED
        )
        version.state, version.published_at = VersionState.PUBLISHED, now or timezone.now()
        version.save(update_fields=["state", "published_at"])
        audit_record(actor=actor, action="surveys.publish", target=version, summary=str(version))
    return version


@dataclass(frozen=True)
class Respondent:
    """Who answers: a keyed hash naming them (phone, device or household), never the phone itself."""

    key: str
    mode: str = ResponseMode.PUBLIC
    collected_by: User | None = None
    address: str = ""
    grid_id: int | None = None


def response_submit(
    *,
    survey: Survey,
    version: SurveyVersion,
    respondent: Respondent,
    submission_token: str,
    community: OrgUnit | None,
    raw_answers: dict,
    now: datetime | None = None,
) -> tuple[Response, bool]:
    """Record one respondent's answers; (response, False) for a retried submission already recorded.

    Refused: a closed survey, a draft version, a second answer from the same respondent, a required question on
    the respondent's path left empty. Flagged but kept: a community outside the survey's area, or one whose quota
    of public answers is already met."""
    previous = Response.objects.filter(survey=survey, submission_token=submission_token).first()
    if previous is not None:
        return previous, False
    if not survey.is_open:
        raise ValidationError(_("This survey is closed."))
    if version.survey_id != survey.pk or version.state == VersionState.DRAFT:
        raise ValidationError(_("This version of the survey is not published."))
    questions = list(version.questions.all())
    answers, problems = questionnaire.clean_answers(questions, raw_answers)
    if problems:
        _raise(problems)
    if Response.objects.filter(survey=survey, respondent_key=respondent.key).exists():
        raise ValidationError({"respondent": str(DUPLICATE[respondent.mode])})
    by_code = {q.code: q for q in questions}
    try:
        with transaction.atomic():
            area = None
            if community is not None:
                area = SurveyCommunity.objects.select_for_update().filter(survey=survey, community=community).first()
            over_quota = False
            if area is not None and area.quota and respondent.mode == ResponseMode.PUBLIC:
                counted = Response.objects.filter(
                    survey=survey, community=community, mode=ResponseMode.PUBLIC, over_quota=False, outside_area=False
                ).count()
                over_quota = counted >= area.quota
            response = Response.objects.create(
                survey=survey,
                version=version,
                mode=respondent.mode,
                community=community,
                grid_id=respondent.grid_id,
                respondent_key=respondent.key,
                submission_token=submission_token,
                address=respondent.address,
                collected_by=respondent.collected_by,
                outside_area=area is None,
                over_quota=over_quota,
                submitted_at=now or timezone.now(),
                is_demo=survey.is_demo,
            )
            Answer.objects.bulk_create(_answer_rows(response, by_code, answers))
            audit_record(
                actor=respondent.collected_by,
                action="surveys.answer",
                target=response,
                summary=f"{survey.title} · {community.name if community else '-'}"[:200],
                data={"mode": respondent.mode, "flagged": response.flagged},
            )
    except IntegrityError:
        previous = Response.objects.filter(survey=survey, submission_token=submission_token).first()
        if previous is not None:  # the same submission, sent twice at once
            return previous, False
        raise ValidationError({"respondent": str(DUPLICATE[respondent.mode])}) from None
    return response, True


DUPLICATE = {
    ResponseMode.PUBLIC: gettext_lazy("You have already answered this survey: one answer per person."),
    ResponseMode.DOOR: gettext_lazy("This household has already answered this survey."),
}


def _answer_rows(response: Response, by_code: dict, answers: dict) -> list[Answer]:
    rows = []
    for code, value in answers.items():
        question = by_code[code]
        base = {"response": response, "question": question, "code": code}
        if question.kind in questionnaire.CHOICE_KINDS:
            rows.extend(Answer(**base, option=option) for option in (value if isinstance(value, list) else [value]))
        elif question.kind == "rating":
            rows.append(Answer(**base, number=value))
        else:
            rows.append(Answer(**base, text=value))
    return rows
