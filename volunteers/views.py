"""The station's pages: rates, the register, activities with their check-in code and the organiser's confirmation."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.selectors import visible_org_units
from civicgrid.forms import service_errors
from volunteers import checkin, excel, selectors, services
from volunteers.forms import (
    ActivityForm,
    CorrectionForm,
    ImportForm,
    ManualCheckForm,
    TeamForm,
    TeamMemberForm,
)
from volunteers.models import Team, VolunteerStatus
from volunteers.selectors import MANAGE_ROLES, VIEW_ROLES

PAGE_SIZE = 50


def _unit(request):
    units = visible_org_units(request.user)
    raw = request.GET.get("unit", "")
    if raw.isdigit():
        return get_object_or_404(units, pk=int(raw))
    unit = request.user.org_unit or units.order_by("depth", "path").first()
    if unit is None:
        raise Http404
    return unit


@role_required(*VIEW_ROLES)
def rates(request):
    unit = _unit(request)
    figures = selectors.rates_page(unit=unit)
    return render(
        request,
        "volunteers/rates.html",
        {
            "unit": unit,
            "units": visible_org_units(request.user).exclude(kind="grid").order_by("path"),
            "below": [r for r in figures["rows"] if r.registration_below or r.participation_below],
            **figures,
        },
    )


@role_required(*VIEW_ROLES)
def volunteer_list(request):
    volunteers = selectors.visible_volunteers(request.user)
    query = request.GET.get("q", "").replace("\x00", "").strip()[:50]
    if query:
        volunteers = volunteers.filter(name__icontains=query)
    page = Paginator(volunteers.order_by("scope_path", "name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(v, selectors.masked(v)) for v in page]
    return render(
        request,
        "volunteers/volunteer_list.html",
        {"page": page, "rows": rows, "q": query, "can_manage": request.user.has_role(*MANAGE_ROLES)},
    )


@role_required(*VIEW_ROLES)
def inactive(request):
    page = Paginator(selectors.inactive_volunteers(user=request.user).select_related("community"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "volunteers/inactive.html", {"page": page, "rows": [(v, selectors.masked(v)) for v in page]})


@role_required(*VIEW_ROLES)
def volunteer_detail(request, pk):
    volunteer = get_object_or_404(selectors.visible_volunteers(request.user), pk=pk)
    return render(
        request,
        "volunteers/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "masked": selectors.masked(volunteer),
            "may_reveal": selectors.may_reveal(request.user),
            "history": selectors.history(volunteer),
            "teams": volunteer.teams.all(),
        },
    )


@require_POST
@role_required(*VIEW_ROLES)
def volunteer_reveal(request, pk):
    volunteer = get_object_or_404(selectors.visible_volunteers(request.user), pk=pk)
    if not selectors.may_reveal(request.user):
        return JsonResponse({"errors": {"__all__": [_("You may not see this volunteer's personal data.")]}}, status=403)
    return JsonResponse(services.volunteer_reveal(actor=request.user, volunteer=volunteer))


@role_required(*MANAGE_ROLES)
def volunteer_import(request):
    form = ImportForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    result = None
    if request.method == "POST" and form.is_valid():
        units = visible_org_units(request.user)
        result = excel.import_volunteers(actor=request.user, upload=form.cleaned_data["file"], units=units)
        if not result.errors:
            messages.success(request, _("%(n)s volunteers imported.") % {"n": result.created})
    return render(request, "volunteers/import.html", {"form": form, "result": result, "columns": list(excel.COLUMNS)})


@role_required(*MANAGE_ROLES)
def volunteer_export(request):
    return excel.export_response(actor=request.user, volunteers=selectors.visible_volunteers(request.user))


@role_required(*VIEW_ROLES)
def activity_list(request):
    activities = selectors.visible_activities(request.user).order_by("-starts_at")
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteers/activity_list.html",
        {"page": page, "can_manage": request.user.has_role(*MANAGE_ROLES)},
    )


@role_required(*MANAGE_ROLES)
def activity_new(request):
    units = visible_org_units(request.user).filter(kind__in=("subdistrict", "community")).order_by("path")
    teams = Team.objects.filter(org_unit__in=units)
    form = ActivityForm(request.POST or None, units=units, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organiser = data.pop("organiser")
        try:
            activity = services.activity_create(actor=request.user, organiser=organiser, **data)
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Activity published."))
            return redirect("volunteers:activity", pk=activity.pk)
    return render(request, "volunteers/activity_new.html", {"form": form})


@role_required(*VIEW_ROLES)
def activity_detail(request, pk):
    activity = get_object_or_404(selectors.visible_activities(request.user), pk=pk)
    confirmed, waiting = selectors.places_taken(activity)
    return render(
        request,
        "volunteers/activity_detail.html",
        {
            "activity": activity,
            "confirmed": confirmed,
            "waiting": waiting,
            "signups": activity.signups.select_related("volunteer").order_by("status", "created_at")[:500],
            "records": selectors.pending_records(activity)[:500],
            "can_manage": request.user.has_role(*MANAGE_ROLES),
            "manual_form": ManualCheckForm(),
            "correction_form": CorrectionForm(),
            "report": getattr(activity, "report", None),
        },
    )


@role_required(*MANAGE_ROLES)
def activity_qr(request, pk):
    activity = get_object_or_404(selectors.visible_activities(request.user), pk=pk)
    return render(request, "volunteers/activity_qr.html", {"activity": activity})


@role_required(*MANAGE_ROLES)
def activity_qr_svg(request, pk):
    """The code shown at the place now: a link to the volunteer's check-in page carrying the rotating code."""
    activity = get_object_or_404(selectors.visible_activities(request.user), pk=pk)
    code = checkin.current_code(activity, now=timezone.now())
    url = request.build_absolute_uri(reverse("volunteers:scan", args=[activity.pk]) + f"?c={code}")
    response = HttpResponse(checkin.qr_svg(url), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


def _record(request, pk):
    return get_object_or_404(selectors.visible_records(request.user), pk=pk)


@require_POST
@role_required(*MANAGE_ROLES)
def record_confirm(request, pk):
    record = _record(request, pk)
    try:
        services.record_confirm(actor=request.user, record=record, accept=request.POST.get("accept", "1") == "1")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Service time confirmed.") if request.POST.get("accept", "1") == "1" else _("Service time not counted."),
        )
    return redirect("volunteers:activity", pk=record.activity_id) if record.activity_id else redirect("volunteers:list")


@require_POST
@role_required(*MANAGE_ROLES)
def record_correct(request, pk):
    record = _record(request, pk)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            services.hours_correct(actor=request.user, record=record, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Hours corrected."))
    else:
        messages.error(request, _("Give the hours and the reason for the correction."))
    return redirect("volunteers:activity", pk=record.activity_id) if record.activity_id else redirect("volunteers:list")


@require_POST
@role_required(*MANAGE_ROLES)
def activity_check_by_hand(request, pk):
    activity = get_object_or_404(selectors.visible_activities(request.user), pk=pk)
    form = ManualCheckForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        volunteer = get_object_or_404(
            activity.signups.select_related("volunteer"), volunteer_id=data["volunteer"]
        ).volunteer
        try:
            services.check_by_hand(
                actor=request.user,
                volunteer=volunteer,
                activity=activity,
                check_in_at=data["check_in_at"],
                check_out_at=data["check_out_at"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Time recorded; confirm it below."))
    else:
        messages.error(request, _("Give the check-in and check-out times and the reason."))
    return redirect("volunteers:activity", pk=activity.pk)


@require_POST
@role_required(*MANAGE_ROLES)
def activity_record(request, pk):
    activity = get_object_or_404(selectors.visible_activities(request.user), pk=pk)
    try:
        services.activity_report_save(
            actor=request.user,
            activity=activity,
            text=request.POST.get("text", "")[:2000],
            photos=request.FILES.getlist("photos"),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Activity record saved."))
    return redirect("volunteers:activity", pk=activity.pk)


@role_required(*VIEW_ROLES)
def team_list(request):
    """The teams of the practice centre (subdistrict) and stations (communities) with leaders and members; a
    volunteer may be in several."""
    teams = selectors.visible_teams(request.user)
    page = Paginator(teams, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "volunteers/team_list.html", {"page": page, "can_manage": request.user.has_role(*MANAGE_ROLES)}
    )


def _team_units(user):
    return visible_org_units(user).filter(kind__in=services.TEAM_UNIT_KINDS).order_by("path")


@role_required(*MANAGE_ROLES)
def team_new(request):
    form = TeamForm(request.POST or None, units=_team_units(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Team created: now add its members and choose its leader."))
            return redirect("volunteers:team", pk=team.pk)
    return render(request, "volunteers/team_form.html", {"form": form, "team": None})


@role_required(*MANAGE_ROLES)
def team_edit(request, pk):
    team = get_object_or_404(selectors.visible_teams(request.user), pk=pk)
    initial = {"name": team.name, "kind": team.kind, "org_unit": team.org_unit, "leader": team.leader}
    form = TeamForm(
        request.POST or None,
        initial=initial,
        units=_team_units(request.user),
        members=team.members.order_by("name", "pk"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.team_update(actor=request.user, team=team, **form.cleaned_data)
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Team saved."))
            return redirect("volunteers:team", pk=team.pk)
    return render(request, "volunteers/team_form.html", {"form": form, "team": team})


TEAM_SEARCH_LIMIT = 20


@role_required(*VIEW_ROLES)
def team_detail(request, pk):
    """A team's members with its leader; the station adds volunteers found by name and removes or makes leader."""
    team = get_object_or_404(selectors.visible_teams(request.user), pk=pk)
    can_manage = request.user.has_role(*MANAGE_ROLES)
    members = Paginator(team.members.select_related("community").order_by("name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.get("q", "").replace("\x00", "").strip()[:50] if can_manage else ""
    found = []
    if query:
        candidates = (
            selectors.visible_volunteers(request.user)
            .filter(name__icontains=query, status=VolunteerStatus.ACTIVE)
            .exclude(teams=team)
            .order_by("name", "pk")[:TEAM_SEARCH_LIMIT]
        )
        found = [(v, selectors.masked(v)) for v in candidates]
    return render(
        request,
        "volunteers/team_detail.html",
        {
            "team": team,
            "members": members,
            "rows": [(v, selectors.masked(v)) for v in members],
            "can_manage": can_manage,
            "q": query,
            "found": found,
        },
    )


@require_POST
@role_required(*MANAGE_ROLES)
def team_members(request, pk):
    team = get_object_or_404(selectors.visible_teams(request.user), pk=pk)
    form = TeamMemberForm(request.POST)
    back = redirect("volunteers:team", pk=team.pk)
    if not form.is_valid():
        messages.error(request, _("Choose a volunteer."))
        return back
    action = form.cleaned_data["action"]
    # Added from the volunteers the user may see; removed or made leader from the team's members.
    pool = selectors.visible_volunteers(request.user) if action == "add" else team.members.all()
    volunteer = pool.filter(pk=form.cleaned_data["volunteer"]).first()
    if volunteer is None:
        messages.error(request, _("This volunteer is not in your area or not in the team."))
        return back
    try:
        if action == "add":
            done = services.team_member_add(actor=request.user, team=team, volunteer=volunteer)
            text = _("%(name)s joined the team.") if done else _("%(name)s is already in the team.")
        elif action == "remove":
            services.team_member_remove(actor=request.user, team=team, volunteer=volunteer)
            text = _("%(name)s left the team.")
        else:
            services.team_leader_set(actor=request.user, team=team, volunteer=volunteer)
            text = _("%(name)s now leads the team.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, text % {"name": volunteer.name})
    return back


@role_required(*VIEW_ROLES)
def stats(request):
    unit = _unit(request)
    today = timezone.localdate()
    raw = request.GET.get("month", "")
    try:
        start = date(int(raw[:4]), int(raw[5:7]), 1) if raw else today.replace(day=1)
    except ValueError:
        start = today.replace(day=1)
    end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return render(
        request,
        "volunteers/stats.html",
        {
            "unit": unit,
            "start": start,
            "month": start.strftime("%Y-%m"),
            **selectors.month_stats(path=unit.path, start=start, end=end),
        },
    )
