"""The staff pages of the surveys: list, builder, settings, publishing, results, export and QR codes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.models import RoleCode
from accounts.selectors import visible_org_units
from audit.services import audit_access
from civicgrid.forms import service_errors
from surveys import qr, rates, selectors, services
from surveys.forms import QuestionForm, SettingsForm, SurveyForm
from surveys.models import Question, VersionState

VIEW_ROLES = (RoleCode.ASSESSOR, RoleCode.COMMANDER, RoleCode.ADMIN)
MANAGE_ROLES = (RoleCode.ASSESSOR, RoleCode.ADMIN)
PAGE_SIZE = 25


def _survey(request, pk, *, manage=False):
    surveys = selectors.managed_surveys(request.user) if manage else selectors.visible_surveys(request.user)
    return get_object_or_404(surveys.select_related("org_unit"), pk=pk)


@role_required(*VIEW_ROLES)
def survey_list(request):
    surveys = selectors.visible_surveys(request.user).select_related("org_unit").order_by("-created_at", "-id")
    page = Paginator(surveys, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "surveys/list.html", {"page": page, "can_manage": request.user.has_role(*MANAGE_ROLES)})


@role_required(*MANAGE_ROLES)
def survey_new(request):
    communities = selectors.visible_communities(request.user)
    form = SurveyForm(request.POST or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        survey = services.survey_create(
            actor=request.user,
            title=data["title"],
            intro=data["intro"],
            identification=data["identification"],
            org_unit=request.user.org_unit or visible_org_units(request.user).order_by("depth", "path").first(),
            communities=[(unit, 0) for unit in data["communities"]],
        )
        messages.success(request, _("Survey created: add its questions."))
        return redirect("surveys:detail", pk=survey.pk)
    return render(request, "surveys/new.html", {"form": form})


@role_required(*VIEW_ROLES)
def survey_detail(request, pk):
    """The builder: the draft's questions (or the published version's, frozen), with links to edit and publish."""
    survey = _survey(request, pk)
    versions = list(survey.versions.order_by("-number"))
    draft = next((v for v in versions if v.state == VersionState.DRAFT), None)
    published = next((v for v in versions if v.state == VersionState.PUBLISHED), None)
    shown = draft or published or (versions[0] if versions else None)
    can_manage = request.user.has_role(*MANAGE_ROLES) and selectors.managed_surveys(request.user).filter(pk=pk).exists()
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "versions": versions,
            "shown": shown,
            "draft": draft,
            "published": published,
            "questions": selectors.questions_of(shown),
            "can_manage": can_manage,
            "public_url": request.build_absolute_uri(reverse("surveys:answer", args=[survey.public_id])),
        },
    )


@role_required(*MANAGE_ROLES)
def survey_settings(request, pk):
    survey = _survey(request, pk, manage=True)
    version = survey.versions.exclude(state=VersionState.RETIRED).order_by("-number").first()
    questions = selectors.questions_of(version)
    areas = list(selectors.survey_communities(survey=survey))
    initial = {
        name: getattr(survey, name)
        for name in ("title", "intro", "identification", "is_open", "awareness_question", "support_question",
                     "satisfaction_question", "satisfaction_min")
    }  # fmt: skip
    initial["awareness_answers"] = "\n".join(survey.awareness_answers)
    initial["support_answers"] = "\n".join(survey.support_answers)
    form = SettingsForm(request.POST or None, initial=initial, questions=questions)
    quota_errors = {}
    quotas = {}
    if request.method == "POST":
        for area in areas:
            raw = request.POST.get(f"quota_{area.community_id}", "0").strip() or "0"
            if raw.isdigit() and int(raw) <= 1_000_000:
                quotas[area.community_id] = int(raw)
            else:
                quota_errors[area.community_id] = _("Enter a whole number.")
        if form.is_valid() and not quota_errors:
            services.survey_settings_save(actor=request.user, survey=survey, quotas=quotas, **form.cleaned_data)
            messages.success(request, _("Settings saved."))
            return redirect("surveys:detail", pk=survey.pk)
    return render(
        request,
        "surveys/settings.html",
        {"survey": survey, "form": form, "areas": areas, "quota_errors": quota_errors, "posted": request.POST},
    )


@require_POST
@role_required(*MANAGE_ROLES)
def survey_edit(request, pk):
    survey = _survey(request, pk, manage=True)
    services.draft_for_edit(actor=request.user, survey=survey)
    return redirect("surveys:detail", pk=survey.pk)


@require_POST
@role_required(*MANAGE_ROLES)
def survey_publish(request, pk):
    survey = _survey(request, pk, manage=True)
    draft = survey.versions.filter(state=VersionState.DRAFT).first()
    if draft is None:
        raise Http404
    try:
        services.version_publish(actor=request.user, version=draft)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Version %(number)s published.") % {"number": draft.number})
    return redirect("surveys:detail", pk=survey.pk)


def _draft_question(request, pk, question_id=None):
    survey = _survey(request, pk, manage=True)
    draft = survey.versions.filter(state=VersionState.DRAFT).first()
    if draft is None:
        raise Http404
    question = get_object_or_404(Question, pk=question_id, version=draft) if question_id else None
    return survey, draft, question


@role_required(*MANAGE_ROLES)
def question_form(request, pk, question_id=None):
    survey, draft, question = _draft_question(request, pk, question_id)
    if question is None:
        count = draft.questions.count()
        initial = {"code": f"Q{count + 1}", "required": True, "scale": 5}
    else:
        initial = QuestionForm.initial_of(question)
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(actor=request.user, version=draft, question=question, **form.cleaned_data)
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Question saved."))
            return redirect("surveys:detail", pk=survey.pk)
    return render(
        request,
        "surveys/question_form.html",
        {"survey": survey, "form": form, "question": question, "others": selectors.questions_of(draft)},
        status=400 if form.errors else 200,
    )


@require_POST
@role_required(*MANAGE_ROLES)
def question_delete(request, pk, question_id):
    survey, _draft, question = _draft_question(request, pk, question_id)
    try:
        services.question_delete(actor=request.user, question=question)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("surveys:detail", pk=survey.pk)


@require_POST
@role_required(*MANAGE_ROLES)
def question_move(request, pk, question_id):
    survey, _draft, question = _draft_question(request, pk, question_id)
    try:
        services.question_move(actor=request.user, question=question, up=request.POST.get("direction") == "up")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("surveys:detail", pk=survey.pk)


@role_required(*VIEW_ROLES)
def survey_results(request, pk):
    survey = _survey(request, pk)
    figures = selectors.results(survey=survey, user=request.user)
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "figures": figures,
            "rate_labels": rates.RATES,
            "charts": figures["distributions"],
            "community_chart": {
                "names": [row["community"].name for row in figures["communities"]],
                "series": [
                    {
                        "name": str(label),
                        "data": [
                            (row["rates"][key].value if row["rates"][key] else None) for row in figures["communities"]
                        ],
                    }
                    for key, label in rates.RATES
                ],
            },
        },
    )


@role_required(*VIEW_ROLES)
def survey_export(request, pk):
    survey = _survey(request, pk)
    from surveys.excel import export_answers

    responses = selectors.responses_in_scope(survey=survey, user=request.user)
    name = f"survey-{survey.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    audit_access(
        actor=request.user,
        action="surveys.export",
        target_type="surveys.survey",
        target_id=str(survey.pk),
        summary=name,
    )
    return FileResponse(export_answers(survey=survey, responses=responses), as_attachment=True, filename=name)


@role_required(*VIEW_ROLES)
def survey_qr(request, pk):
    """A printable page: one QR code per community, each carrying the community in the link."""
    survey = _survey(request, pk)
    base = request.build_absolute_uri(reverse("surveys:answer", args=[survey.public_id]))
    cards = [
        {"community": area.community, "url": qr.community_link(base, area.community.code)}
        for area in selectors.survey_communities(survey=survey, user=request.user)
    ]
    for card in cards:
        card["svg"] = qr.svg(card["url"])
    return render(request, "surveys/qr.html", {"survey": survey, "cards": cards})
