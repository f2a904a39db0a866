from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.models import RoleCode
from accounts.selectors import visible_org_units
from cases.models import OPEN_STATES
from cases.selectors import overdue_now, visible_cases
from cases.services import CaseError, transition
from cases.views import SORTS
from civicgrid.plugins import collect
from civicgrid.redirects import next_url
from command import screen, selectors
from command.forms import DrillForm, PeriodForm, SuperviseForm, default_unit
from command.kpis import COUNTER_INDEX, GRADE_COLOURS
from command.models import SubjectKind
from grids.views import map_settings

# The command centre's people: leaders and the staff of the centre's desks.
SCREEN_ROLES = (RoleCode.COMMANDER, RoleCode.SHIFT_LEAD, RoleCode.DISPATCHER, RoleCode.OPERATOR, RoleCode.ADMIN)
KPI_ROLES = (RoleCode.COMMANDER, RoleCode.SHIFT_LEAD, RoleCode.ADMIN)
DRILL_PAGE_SIZE = 50


def _unit(request):
    """The org unit named by ?unit= (one the user may see), else the user's own."""
    raw = request.GET.get("unit")
    if raw:
        if not raw.isdigit():
            raise Http404
        return get_object_or_404(visible_org_units(request.user), pk=int(raw))
    unit = default_unit(request.user)
    if unit is None:
        raise Http404
    return unit


@role_required(*SCREEN_ROLES)
def screen_page(request):
    unit = _unit(request)
    units = visible_org_units(request.user).exclude(kind="grid").order_by("path")
    return render(
        request,
        "command/screen.html",
        {
            "unit": unit,
            "units": units,
            "map_config": map_settings(),
            "can_supervise": request.user.has_role(RoleCode.COMMANDER),
            "extra_tiles": collect("screen", "TILES"),
            "extra_layers": [
                {"key": layer.key, "label": str(layer.label), "url": f"{reverse(layer.url_name)}?unit={unit.pk}"}
                for layer in collect("screen", "LAYERS")
            ],
            "screen_text": {
                "supervised": _("supervised"),
                "overdue": _("overdue"),
                "done": _("Under supervision now."),
                "failed": _("Could not send; try again."),
                "offline": _("Connection lost; retrying"),
                "reports": pgettext("kpi", "Reports"),
                "closed": pgettext("kpi", "Closed"),
                "rate": _("On-time disposal rate (%)"),
                "open": _("open"),
                "nodata": _("No data yet"),
            },
        },
    )


@role_required(*SCREEN_ROLES)
def screen_live(request):
    unit = _unit(request)
    since = request.GET.get("since")
    if since is not None and not since.isdigit():
        return JsonResponse({"error": {"fields": {"since": [_("Enter a whole number.")]}}}, status=400)
    return JsonResponse(screen.live(request.user, unit, int(since) if since is not None else None))


@role_required(*SCREEN_ROLES)
def screen_charts(request):
    return JsonResponse(screen.charts(request.user, _unit(request)))


@role_required(*SCREEN_ROLES)
def screen_outlines(request):
    return JsonResponse(screen.outlines(_unit(request)))


def _links(unit, period, kind=SubjectKind.ORG, subject=None) -> dict:
    base = {"kind": kind, "subject": subject or unit.pk, "start": period.start, "end": period.end}
    return {"drill": reverse("command:drill") + "?" + urlencode(base)}


@role_required(*KPI_ROLES)
def kpi_page(request):
    form = PeriodForm(request.GET or None, user=request.user)
    if request.GET and not form.is_valid():
        return render(request, "command/kpis.html", {"form": form}, status=200)
    data = form.cleaned_data if request.GET else _default_form_data(form)
    unit, period = data["unit"], data["period"]
    communities = selectors.ranking(
        subject="community", subjects=selectors.child_units(user=request.user, unit=unit), period=period
    )
    # Every community is listed; departments and people only when they had cases now or before.
    rankings = [(SCORED_LABELS["community"], "org", communities, 0)]
    departments = selectors.ranking(
        subject="department", subjects=selectors.ranked_departments(user=request.user), period=period
    )
    rankings.append((SCORED_LABELS["department"], "dept", *_shown(departments)))
    for subject in ("patroller", "dispatcher", "intake"):
        people = selectors.ranked_people(user=request.user, unit=unit, subject=subject)
        rows = selectors.ranking(subject=subject, subjects=people, period=period)
        if subject == "patroller":
            rows = selectors.with_patrol_figures(rows, unit=unit, period=period)
        rankings.append((SCORED_LABELS[subject], "user", *_shown(rows)))
    context = {
        "form": form,
        "unit": unit,
        "period": period,
        "summary": selectors.unit_summary(unit=unit, period=period),
        "rankings": rankings,
        "grade_colours": GRADE_COLOURS,
        "drill_base": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "panels": [
            {"template": panel.template, "data": data}
            for panel in collect("kpis", "PANELS")
            if (data := panel.figures(request.user, unit, period)) is not None
        ],
    }
    return render(request, "command/kpis.html", context)


SCORED_LABELS = {
    "community": _("Communities"),
    "department": _("Departments"),
    "patroller": _("Patrollers"),
    "dispatcher": _("Dispatchers"),
    "intake": _("Operators and shift leads"),
}


def _default_form_data(form: PeriodForm) -> dict:
    bound = PeriodForm({"preset": "month"}, user=form.user)
    bound.is_valid()
    form.initial = {"preset": "month", "unit": bound.cleaned_data["unit"]}
    return bound.cleaned_data


def _shown(rows: list[dict]) -> tuple[list[dict], int]:
    """Rows with a score now or before (or patrols); how many had nothing in either period (not listed)."""
    shown = [
        row
        for row in rows
        if row["score"] is not None
        or row["previous_score"] is not None
        or any(value for _label, value in row.get("extra", ()))
    ]
    return shown, len(rows) - len(shown)


@role_required(*KPI_ROLES)
def drill(request):
    form = DrillForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, "command/drill.html", {"form": form}, status=400)
    data = form.cleaned_data
    cases = selectors.drill_cases(
        user=request.user, kind=data["kind"], counter=data["counter"], subject_id=data["subject"], period=data["period"]
    ).select_related("category", "lead_department", "community_grid")
    sort = request.GET.get("sort", "-reported_at")
    sort = sort if sort in SORTS else "-reported_at"
    page = Paginator(cases.order_by(SORTS[sort], "-id"), DRILL_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "counter": COUNTER_INDEX[(data["kind"], data["counter"])],
        "subject": data["subject_obj"],
        "period": data["period"],
        "page": page,
        "sort": sort,
    }
    return render(request, "command/drill.html", context)


@role_required(*SCREEN_ROLES)
def supervision(request):
    unit = _unit(request)
    cases = visible_cases(request.user).filter(scope_path__startswith=unit.path, state__in=OPEN_STATES)
    supervised = cases.filter(supervised=True).select_related("category", "lead_department", "community_grid")
    candidates = (
        cases.filter(overdue_now(), supervised=False)
        .exclude(state="reported")
        .select_related("category", "lead_department", "community_grid")
    )
    context = {
        "unit": unit,
        "page": Paginator(supervised.order_by("due_at", "-id"), DRILL_PAGE_SIZE).get_page(request.GET.get("page")),
        "candidates": candidates.order_by("due_at", "-id")[:DRILL_PAGE_SIZE],
        "candidate_count": candidates.count(),
        "form": SuperviseForm(),
        "can_supervise": request.user.has_role(RoleCode.COMMANDER),
        "sort": "due_at",
    }
    return render(request, "command/supervision.html", context)


@require_POST
@role_required(RoleCode.COMMANDER)
def supervise(request, pk: int):
    case = get_object_or_404(visible_cases(request.user), pk=pk)
    form = SuperviseForm(request.POST)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if form.is_valid():
        try:
            transition(case=case, action="supervise", actor=request.user, message=form.cleaned_data["message"])
        except (CaseError, ValidationError) as exc:
            errors = getattr(exc, "message_dict", None) or {"message": [str(getattr(exc, "message", exc))]}
            if wants_json:
                return JsonResponse({"ok": False, "errors": errors}, status=400)
            for field_errors in errors.values():
                for error in field_errors:
                    messages.error(request, error)
            return redirect(next_url(request, reverse("command:supervision")))
        if wants_json:
            return JsonResponse({"ok": True})
        messages.success(request, _("Case %(number)s is under supervision.") % {"number": case.number})
    elif wants_json:
        return JsonResponse({"ok": False, "errors": form.errors}, status=400)
    else:
        for error in form.errors.get("message", []):
            messages.error(request, error)
    return redirect(next_url(request, reverse("command:supervision")))
