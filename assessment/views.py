"""The assessment pages: the score at stake, sites and their history, and the field check on a phone."""

from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.decorators import role_required
from accounts.models import RoleCode
from accounts.selectors import may_see_personal_data, scope_path, visible_org_units
from assessment import selectors, services
from assessment.excel import export_scheme
from assessment.forms import MonthForm, SchemeImportForm, ScoreFilterForm, SiteForm
from assessment.models import AssessmentSettings, LocationType, Scheme, SchemeKind

VIEW_ROLES = (RoleCode.ASSESSOR, RoleCode.COMMANDER, RoleCode.SHIFT_LEAD, RoleCode.ADMIN)
CHECK_ROLES = (RoleCode.ASSESSOR, RoleCode.ADMIN)
PAGE_SIZE = 50
LIST_SIZE = 25  # open deductions per page of the 0.1-point view: each row carries its case's deadline light


class CountedPaginator(Paginator):
    """A paginator told the count (shared with the page's other figures) instead of asking the database."""

    def __init__(self, object_list, per_page, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property: this is its value


def _unit(request, unit_id):
    units = visible_org_units(request.user)
    if unit_id:
        unit = units.filter(pk=unit_id).first()
        if unit is None:
            raise Http404
        return unit
    unit = request.user.org_unit
    if unit is None:
        unit = units.order_by("depth", "path").first()
    if unit is None:
        raise Http404
    return unit


def _requested_unit(request):
    """The unit a page's ?unit= names (within the user's scope), or the user's own."""
    form = ScoreFilterForm(request.GET)
    return _unit(request, form.cleaned_data.get("unit") if form.is_valid() else None)


@role_required(*VIEW_ROLES)
def score(request):
    """The "0.1 分" view: full marks, points lost to open deductions, expected loss, what closing each wins."""
    form = ScoreFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    unit = _unit(request, data.get("unit"))
    kind = data.get("kind") or SchemeKind.CIVILIZATION
    scheme = selectors.active_scheme(kind)
    context = {
        "unit": unit,
        "kind": kind,
        "kinds": SchemeKind.choices,
        "units": visible_org_units(request.user).exclude(kind="grid").order_by("path"),
        "scheme": scheme,
        "score_seconds": selectors.SCORE_SECONDS,
    }
    if scheme is not None:
        # The sums over a whole area are shared for SCORE_SECONDS (every process, through Redis when scaled
        # out): a leader's wall of 20 screens costs one computation, and a won-back point shows within seconds.
        # The count of open deductions is shared too: over 50,000 of them it is the costliest query of a request,
        # and a page count a few seconds old is good enough to page through them.
        deductions = selectors.open_deductions(path=unit.path, kind=kind)
        figures = selectors.shared(
            f"assessment:score:v2:{scheme.pk}:{unit.path}",
            lambda: (
                selectors.score(scheme=scheme, path=unit.path),
                selectors.community_ranking(path=unit.path, kind=kind),
                selectors.stake_trend(path=unit.path, kind=kind),
                deductions.count(),
            ),
        )
        context["score"], context["ranking"], context["trend"], count = figures
        context["page"] = CountedPaginator(deductions, LIST_SIZE, count=count).get_page(request.GET.get("page"))
    return render(request, "assessment/score.html", context)


@role_required(*VIEW_ROLES)
def site_list(request):
    sites = selectors.visible_sites(request.user).select_related("location_type", "org_unit")
    type_code = request.GET.get("type", "")
    if type_code:
        sites = sites.filter(location_type__code=type_code)
    query = request.GET.get("q", "").replace("\x00", "").strip()[:50]
    if query:
        sites = sites.filter(name__icontains=query)
    page = Paginator(sites.order_by("scope_path", "name"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessment/site_list.html",
        {
            "page": page,
            "types": LocationType.objects.all(),
            "type_code": type_code,
            "q": query,
            "can_add": request.user.has_role(*CHECK_ROLES),
        },
    )


@role_required(*CHECK_ROLES)
def site_new(request):
    form = SiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            site = services.site_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Site added."))
            return redirect("assessment:site", pk=site.pk)
    return render(request, "assessment/site_new.html", {"form": form})


@role_required(*VIEW_ROLES)
def site_detail(request, pk):
    site = get_object_or_404(
        selectors.visible_sites(request.user).select_related("location_type", "org_unit", "grid"), pk=pk
    )
    deductions = site.deductions.select_related("item", "case").order_by("-found_at")[:100]
    checks = selectors.site_history(site)[:50]
    kinds = [
        (kind, label)
        for kind, label in SchemeKind.choices
        if (scheme := selectors.active_scheme(kind)) and scheme.items.filter(location_type=site.location_type).exists()
    ]
    return render(
        request,
        "assessment/site_detail.html",
        {
            "site": site,
            "deductions": deductions,
            "checks": checks,
            "kinds": kinds,
            "can_check": request.user.has_role(*CHECK_ROLES),
            "show_personal": may_see_personal_data(viewer=request.user),
        },
    )


@role_required(*VIEW_ROLES)
def check_detail(request, pk):
    check = get_object_or_404(
        selectors.visible_checks(request.user).select_related("site", "scheme", "inspector"), pk=pk
    )
    results = check.results.select_related("item", "item__indicator", "deduction", "deduction__case").order_by(
        "item__order"
    )
    return render(request, "assessment/check_detail.html", {"check": check, "results": results})


@role_required(*CHECK_ROLES)
def mobile_start(request):
    """Pick the site: nearest first once the phone gives its position, otherwise by community and name."""
    sites = selectors.visible_sites(request.user).filter(is_active=True).select_related("location_type")
    checklists = selectors.checklists_by_type()
    rows = [(site, checklists.get(site.location_type_id, [])) for site in sites.order_by("scope_path", "name")[:100]]
    return render(request, "assessment/mobile_start.html", {"rows": rows})


@role_required(*CHECK_ROLES)
def mobile_check(request, pk, kind):
    site = get_object_or_404(
        selectors.visible_sites(request.user).select_related("location_type", "org_unit"), pk=pk, is_active=True
    )
    scheme = selectors.active_scheme(kind) if kind in SchemeKind.values else None
    if scheme is None:
        raise Http404
    items = list(scheme.items.filter(location_type=site.location_type).select_related("indicator"))
    if not items:
        raise Http404
    open_codes = selectors.open_items_at(site)
    # A re-check starts with what failed last time and is still open.
    items.sort(key=lambda item: (item.code not in open_codes, item.order))
    return render(
        request,
        "assessment/mobile_check.html",
        {"site": site, "scheme": scheme, "items": items, "open_codes": open_codes},
    )


@role_required(*VIEW_ROLES)
def supervision(request):
    """问题导向督导: places failing the same item again and again, and deductions whose case is overdue; a
    commander supervises (督办) the case from here."""
    unit = _requested_unit(request)
    days = AssessmentSettings.current().recent_days
    since = timezone.now() - timedelta(days=days)
    return render(
        request,
        "assessment/supervision.html",
        {
            "unit": unit,
            "units": visible_org_units(request.user).exclude(kind="grid").order_by("path"),
            "days": days,
            "repeats": selectors.repeat_failures(path=unit.path, since=since)[:200],
            "overdue": Paginator(selectors.overdue_deductions(path=unit.path), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
            "can_supervise": request.user.has_role(RoleCode.COMMANDER),
        },
    )


@role_required(*VIEW_ROLES)
def scheme_list(request):
    schemes = Scheme.objects.order_by("kind", "name", "-version")
    return render(
        request,
        "assessment/scheme_list.html",
        {"schemes": schemes, "can_import": request.user.has_role(RoleCode.ADMIN)},
    )


@role_required(*VIEW_ROLES)
def scheme_export(request, pk):
    scheme = get_object_or_404(Scheme, pk=pk)
    response = HttpResponse(
        export_scheme(scheme), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"scheme-{scheme.kind}-v{scheme.version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(RoleCode.ADMIN)
def scheme_import(request):
    form = SchemeImportForm(request.POST or None, request.FILES or None)
    rows = []
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.scheme_import(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                data=form.cleaned_data["file"].read(),
            )
        except services.SchemeImportError as exc:
            rows = exc.rows
            form.add_error("file", exc.messages[0])
        else:
            messages.success(request, _("Imported as draft %(scheme)s.") % {"scheme": scheme})
            return redirect("assessment:schemes")
    return render(request, "assessment/scheme_import.html", {"form": form, "rows": rows})


@role_required(*VIEW_ROLES)
def dust(request):
    """Dust and air (扬尘治理): sites due for their check, and the month's table per community."""
    form = MonthForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    unit = _unit(request, data.get("unit"))
    today = timezone.localdate()
    year, month = map(int, data["month"].split("-")) if data.get("month") else (today.year, today.month)
    zone = timezone.get_current_timezone()
    start = datetime(year, month, 1, tzinfo=zone)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    previous = (start - timedelta(days=1)).strftime("%Y-%m")
    return render(
        request,
        "assessment/dust.html",
        {
            "unit": unit,
            "units": visible_org_units(request.user).exclude(kind="grid").order_by("path"),
            "due": selectors.due_sites(path=unit.path, within_days=AssessmentSettings.current().due_soon_days),
            "table": selectors.monthly_table(path=unit.path, kind=SchemeKind.DUST, start=start, end=end),
            "month": start.strftime("%Y-%m"),
            "previous": previous,
            "next": end.strftime("%Y-%m") if end.date() <= today else "",
            "can_check": request.user.has_role(*CHECK_ROLES),
        },
    )


@role_required(*VIEW_ROLES)
def actions(request):
    """十大攻坚行动: each action's progress, its late tasks and the points its indicators still lose."""
    from assessment.models import ActionTask

    unit = _requested_unit(request)
    if request.method == "POST":
        task_id = request.POST.get("task", "")
        if not task_id.isdigit() or len(task_id) > 12:
            raise Http404
        task = get_object_or_404(
            ActionTask.objects.filter(action__in=selectors.actions_around(scope_path(request.user))), pk=task_id
        )
        try:
            services.action_task_done(actor=request.user, task=task, done=request.POST.get("done") == "1")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(f"{request.path}?unit={unit.pk}")
    overview = selectors.actions_overview(path=unit.path, today=timezone.localdate())
    tasks = ActionTask.objects.filter(action__in=[row["action"] for row in overview]).select_related("owner")
    by_action: dict[int, list] = {}
    for task in tasks:
        by_action.setdefault(task.action_id, []).append(task)
    return render(
        request,
        "assessment/actions.html",
        {
            "unit": unit,
            "units": visible_org_units(request.user).exclude(kind="grid").order_by("path"),
            "rows": [(row, by_action.get(row["action"].pk, [])) for row in overview],
            "today": timezone.localdate(),
        },
    )


@role_required(*VIEW_ROLES, RoleCode.DISPATCHER, RoleCode.OPERATOR)
def sites_geojson(request):
    """The sites as GeoJSON points for the command screen's map: failing (an open deduction) or ok."""
    unit = _requested_unit(request)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row["lng"], row["lat"]]},
            "properties": {
                "name": row["name"],
                "status": "failing" if row["failing"] else "ok",
                "url": reverse("assessment:site", args=[row["pk"]]),
            },
        }
        for row in selectors.site_points(path=unit.path)
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features}, content_type="application/geo+json")
