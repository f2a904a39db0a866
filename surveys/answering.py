"""Answering a survey: the public phone page (no account) and the door-to-door page for staff (入户调查).

Both read the same questionnaire and send it to services.response_submit. The respondent is named by a keyed
hash only: of the verified phone (the code is checked by the verification app), of a signed device token, or of
the household's address (door to door).
"""

import json
import uuid

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import role_required
from accounts.models import RoleCode
from civicgrid.personal import lookup_hash
from civicgrid.ratelimit import client_ip, hit
from surveys import questionnaire, selectors, services
from surveys.forms import DoorForm
from surveys.models import Identification, ResponseMode, Survey
from surveys.privacy import respondent_key

DEVICE_COOKIE = "cg_survey_device"
DEVICE_SALT = "surveys.device"
DOOR_ROLES = (RoleCode.PATROLLER, RoleCode.VOLUNTEER_ADMIN, RoleCode.ASSESSOR, RoleCode.ADMIN)


def raw_answers(post, questions) -> dict:
    return {
        q.code: post.getlist(f"q_{q.code}") if q.kind == "multiple" else post.get(f"q_{q.code}", "") for q in questions
    }


def _questionnaire_context(questions, raw: dict, errors: dict) -> list[dict]:
    rows = []
    for question in questions:
        given = raw.get(question.code, [] if question.kind == "multiple" else "")
        rows.append(
            {
                "q": question,
                "given": given if isinstance(given, list) else [given],
                "errors": errors.get(question.code, []),
                "jumps": json.dumps(question.jumps, ensure_ascii=False),
                "scale": range(1, question.scale + 1),
            }
        )
    return rows


def _render_form(request, template: str, context: dict, questions, raw: dict, errors: dict, status: int = 200):
    context["rows"] = _questionnaire_context(questions, raw, errors)
    context["form_errors"] = [m for name in ("__all__", "respondent", "phone", "code") for m in errors.get(name, [])]
    return render(request, template, context, status=status)


def _device_key(request, survey: Survey) -> str | None:
    try:
        device = request.get_signed_cookie(DEVICE_COOKIE, salt=DEVICE_SALT)
    except (KeyError, signing.BadSignature):
        return None
    return "d:" + lookup_hash(device, purpose=f"survey-device:{survey.pk}")


def _with_device_cookie(request, response):
    try:
        request.get_signed_cookie(DEVICE_COOKIE, salt=DEVICE_SALT)
    except (KeyError, signing.BadSignature):
        response.set_signed_cookie(
            DEVICE_COOKIE, uuid.uuid4().hex, salt=DEVICE_SALT, max_age=365 * 24 * 3600, httponly=True,
            samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
        )  # fmt: skip
    return response


def _phone_key(request, survey: Survey) -> str:
    """The verified phone's key for this survey; ValidationError({"phone"/"code": ...}) if the code does not hold."""
    from verification.services import VerificationError, code_check

    try:
        phone_hash = code_check(
            phone=request.POST.get("phone", "")[:20], purpose=purpose(survey), code=request.POST.get("code", "")[:10]
        )
    except VerificationError as exc:
        raise ValidationError({exc.field if exc.field in ("phone", "code") else "code": exc.message}) from None
    if not hit(f"survey-phone:{phone_hash}", limit=settings.SURVEY_ANSWERS_PER_PHONE_HOUR, window_seconds=3600).allowed:
        raise ValidationError({"phone": _("Too many tries from this phone number. Please try again later.")})
    # Keyed again per survey: the stored key cannot be matched against another table's phone hashes.
    return respondent_key(phone_hash=phone_hash, survey_id=survey.pk)


def purpose(survey: Survey) -> str:
    return f"survey:{survey.pk}"


@require_http_methods(["GET", "POST"])
def answer(request, public_id):
    survey = get_object_or_404(Survey.objects.select_related("org_unit"), public_id=public_id)
    version = selectors.published_version(survey)
    if version is None or not survey.is_open:
        return render(request, "surveys/closed.html", {"survey": survey}, status=404 if version is None else 200)
    if request.method == "POST":
        # The answers belong to the version the resident was shown, even if a newer one was published since.
        version = selectors.answerable_version(survey=survey, pk=request.POST.get("version", "")) or version
    code = (request.POST.get("c") or request.GET.get("c") or "")[:32]
    community = selectors.community_by_code(survey=survey, code=code)
    areas = list(selectors.survey_communities(survey=survey))
    context = {
        "survey": survey,
        "version": version,
        "areas": areas,
        "community": community,
        "code": code,
        "token": request.POST.get("token") or uuid.uuid4().hex,
        "posted": request.POST,
        "purpose": purpose(survey),
        "phone_mode": survey.identification == Identification.PHONE,
        "phone": request.POST.get("phone", "")[:20],
    }
    questions = selectors.questions_of(version)
    if request.method == "GET":
        return _with_device_cookie(request, _render_form(request, "surveys/answer.html", context, questions, {}, {}))
    raw = raw_answers(request.POST, questions)
    errors = _submit_public(request, survey, version, questions, raw, community, code)
    if errors is None:
        return redirect("surveys:thanks", public_id=survey.public_id)
    response = _render_form(request, "surveys/answer.html", context, questions, raw, errors, status=400)
    return _with_device_cookie(request, response)


def _submit_public(request, survey, version, questions, raw, community, code) -> dict | None:
    """None once recorded (or recorded before under the same token), else the errors by field / question code."""
    token = request.POST.get("token", "")[:64]
    if not token:
        return {"__all__": [_("The form expired: please send it again.")]}
    if selectors.submission_recorded(survey=survey, token=token):
        return None
    if not hit(
        f"survey-ip:{client_ip(request)}", limit=settings.SURVEY_ANSWERS_PER_IP_HOUR, window_seconds=3600
    ).allowed:
        return {"__all__": [_("Too many answers from this network in the last hour. Please try again later.")]}
    _answers, problems = questionnaire.clean_answers(questions, raw)
    if not code:
        problems.add("__all__", _("Choose your community (or “I live elsewhere”)."))
    if problems:
        return problems.errors  # checked before the code, which is good only once
    try:
        if survey.identification == Identification.PHONE:
            key = _phone_key(request, survey)
        else:
            key = _device_key(request, survey)
            if key is None:
                return {"__all__": [_("This browser keeps no cookies: allow them to answer.")]}
        services.response_submit(
            survey=survey, version=version, respondent=services.Respondent(key=key),
            submission_token=token, community=community, raw_answers=raw,
        )  # fmt: skip
    except ValidationError as exc:
        return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return None


def thanks(request, public_id):
    survey = get_object_or_404(Survey, public_id=public_id)
    return render(request, "surveys/thanks.html", {"survey": survey})


@role_required(*DOOR_ROLES)
def door_list(request):
    return render(request, "surveys/door_list.html", {"surveys": selectors.door_surveys(request.user)[:50]})


@role_required(*DOOR_ROLES)
@require_http_methods(["GET", "POST"])
def door_answer(request, pk):
    """A staff member fills the survey for a household: the community (and grid) from the grid data, the address
    typed; the address is kept with the answer (encrypted), never shown in results or exports."""
    survey = get_object_or_404(selectors.door_surveys(request.user), pk=pk)
    version = selectors.published_version(survey)
    if request.method == "POST":
        version = selectors.answerable_version(survey=survey, pk=request.POST.get("version", "")) or version
    if version is None:
        raise Http404
    communities = selectors.door_communities(survey=survey, user=request.user)
    form = DoorForm(request.POST or None, communities=communities, grids=selectors.door_grids(request.user))
    if not form.is_bound and len(communities) == 1:  # a grid worker's own community, chosen for them
        form.initial["community"] = communities[0].pk
    questions = selectors.questions_of(version)
    context = {
        "survey": survey,
        "version": version,
        "form": form,
        "token": request.POST.get("token") or uuid.uuid4().hex,
    }
    if request.method == "GET":
        return _render_form(request, "surveys/door_answer.html", context, questions, {}, {})
    raw = raw_answers(request.POST, questions)
    errors = {}
    if form.is_valid():
        errors = _submit_door(request, survey, version, form, raw)
        if errors is None:
            messages.success(request, _("Answer recorded. Next household?"))
            return redirect("surveys:door_answer", pk=survey.pk)
    else:
        _answers, problems = questionnaire.clean_answers(questions, raw)
        errors = problems.errors
    return _render_form(request, "surveys/door_answer.html", context, questions, raw, errors, status=400)


def _submit_door(request, survey, version, form, raw) -> dict | None:
    data = form.cleaned_data
    if not request.POST.get("token"):
        return {"__all__": [_("The form expired: please send it again.")]}
    grid = data.get("grid")
    if grid is not None and grid.org_unit_id != data["community"].pk:
        form.add_error("grid", _("This grid is not in the chosen community."))
        return {}
    address = " ".join(data["address"].replace("\x00", "").split())
    household = lookup_hash(f"{data['community'].pk}|{address.casefold()}", purpose=f"survey-household:{survey.pk}")
    respondent = services.Respondent(
        key="h:" + household, mode=ResponseMode.DOOR, collected_by=request.user, address=address,
        grid_id=grid.pk if grid else None,
    )  # fmt: skip
    try:
        services.response_submit(
            survey=survey, version=version, respondent=respondent, submission_token=request.POST.get("token", "")[:64],
            community=data["community"], raw_answers=raw,
        )  # fmt: skip
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        if "respondent" in errors:
            form.add_error("address", errors.pop("respondent"))
        return errors
    return None
