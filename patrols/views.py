"""Staff pages (coverage map, grid calendar, patrols, teams and rosters, statistics) and the phone page."""

from datetime import date, timedelta

import shapely
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import role_required
from accounts.models import RoleCode, User
from accounts.selectors import scope_path, visible_users
from civicgrid.dates import parse_day, parse_month
from civicgrid.navigation import STAFF_ROLES
from grids.geometry import to_geojson
from grids.models import GridKind
from grids.selectors import visible_grids
from grids.views import map_settings
from patrols import selectors, services
from patrols.forms import RosterEntryForm, StatsForm
from patrols.models import DutyStatus, RosterEntry
from patrols.services import REVIEWER_ROLES

ROSTER_ROLES = (RoleCode.ADMIN, RoleCode.SHIFT_LEAD, RoleCode.COMMANDER)


def _day(request) -> date:
    return parse_day(request.GET.get("day")) or timezone.localdate()


def _month(request) -> tuple[int, int]:
    today = timezone.localdate()
    return parse_month(request.GET.get("month")) or (today.year, today.month)


def _kind(request) -> str:
    kind = request.GET.get("kind")
    return kind if kind in (GridKind.COMMUNITY, GridKind.ROAD) else GridKind.COMMUNITY


@role_required(*STAFF_ROLES)
def coverage_map(request):
    day, kind = _day(request), _kind(request)
    rows = selectors.day_coverage_rows(user=request.user, day=day, kind=kind)
    # The same count as the command screen's tile (one definition: the grids due that day, a counted patrol).
    path = scope_path(request.user)
    patrolled, due = selectors.coverage_today(scope_path=path, day=day) if path is not None else (0, 0)
    context = {
        "day": day,
        "kind": kind,
        "kinds": [(GridKind.COMMUNITY, GridKind.COMMUNITY.label), (GridKind.ROAD, GridKind.ROAD.label)],
        "previous": day - timedelta(days=1),
        "next": day + timedelta(days=1),
        "rows": rows,
        "patrolled": patrolled,
        "total": due,
        "computed_at": max((row["coverage"].computed_at for row in rows if row["coverage"]), default=None),
        "map_config": map_settings(),
    }
    return render(request, "patrols/coverage.html", context)


@require_GET
@role_required(*STAFF_ROLES)
def coverage_geojson(request):
    """Grids coloured by that day's coverage, and the day's tracks, for the map."""
    day, kind = _day(request), _kind(request)
    grids = []
    for row in selectors.day_coverage_rows(user=request.user, day=day, kind=kind):
        grid, coverage = row["grid"], row["coverage"]
        state = "uncovered"
        if coverage and coverage.patrolled:
            state = "covered"
        elif coverage and coverage.flagged_sessions:
            state = "flagged"
        grids.append(
            {
                "type": "Feature",
                "geometry": grid.geometry,
                "properties": {
                    "id": grid.pk,
                    "name": grid.name,
                    "state": state,
                    "share": round(coverage.covered_share, 3) if coverage else 0,
                    "km": round(coverage.distance_m / 1000, 2) if coverage else 0,
                },
            }
        )
    tracks = []
    for session in selectors.day_tracks(user=request.user, day=day):
        tracks.append(
            {
                "type": "Feature",
                "geometry": to_geojson(shapely.from_wkb(bytes(session.track_wkb)), precision=6),
                "properties": {
                    "id": session.pk,
                    "user": str(session.user),
                    "grid": session.grid.name if session.grid_id else "",
                    "counted": session.counted,
                    "flagged": session.is_flagged,
                    "km": round(session.distance_m / 1000, 2),
                },
            }
        )
    return JsonResponse(
        {
            "grids": {"type": "FeatureCollection", "features": grids},
            "tracks": {"type": "FeatureCollection", "features": tracks},
        },
        json_dumps_params={"ensure_ascii": False},
    )


@role_required(*STAFF_ROLES)
def grid_calendar(request, pk: int):
    grid = get_object_or_404(visible_grids(request.user), pk=pk)
    year, month = _month(request)
    first = date(year, month, 1)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    weeks = selectors.grid_month(grid=grid, year=year, month=month)
    context = {"grid": grid, "weeks": weeks, "first": first, "previous": previous, "following": following}
    return render(request, "patrols/grid_calendar.html", context)


@role_required(*STAFF_ROLES)
def session_list(request):
    sessions = selectors.visible_sessions(request.user).select_related("user", "grid", "team")
    day = parse_day(request.GET.get("day"))
    if day:
        sessions = sessions.filter(day=day)
    if request.GET.get("flagged"):
        sessions = sessions.filter(is_flagged=True)
    page = Paginator(sessions.order_by("-started_at", "-id"), 50).get_page(request.GET.get("page"))
    return render(
        request, "patrols/session_list.html", {"page": page, "day": day, "flagged": request.GET.get("flagged")}
    )


def _session_or_404(user, pk: int):
    try:
        return selectors.session_detail(user=user, pk=pk)
    except Exception as exc:  # DoesNotExist
        raise Http404 from exc


@role_required(*STAFF_ROLES)
def session_detail(request, pk: int):
    session = _session_or_404(request.user, pk)
    feature = to_geojson(shapely.from_wkb(bytes(session.track_wkb)), precision=6) if session.track_wkb else None
    context = {
        "session": session,
        "track": feature,
        "grid_feature": session.grid.geometry if session.grid_id else None,
        "map_config": map_settings(),
        "can_review": request.user.has_role(*REVIEWER_ROLES) and session.status != "active",
        "live_reports": selectors.live_reports(session) if session.status == "active" else None,
    }
    return render(request, "patrols/session_detail.html", context)


@require_POST
@role_required(*REVIEWER_ROLES)
def session_review(request, pk: int):
    session = _session_or_404(request.user, pk)
    try:
        services.session_review(
            session=session,
            actor=request.user,
            accept=request.POST.get("decision") == "accept",
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The review was saved."))
    return redirect("patrols:session", pk=pk)


@role_required(*STAFF_ROLES)
def team_list(request):
    teams = selectors.visible_teams(request.user).prefetch_related("grids", "members__user").order_by("name")
    return render(request, "patrols/team_list.html", {"teams": teams})


def _may_manage(user, team) -> bool:
    return user.has_role(*ROSTER_ROLES) or team.leader_id == user.pk


@role_required(*STAFF_ROLES)
def team_roster(request, pk: int):
    team = get_object_or_404(selectors.visible_teams(request.user), pk=pk)
    year, month = _month(request)
    first = date(year, month, 1)
    form = RosterEntryForm(team=team, data=request.POST or None)
    if request.method == "POST":
        if not _may_manage(request.user, team):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.roster_add(actor=request.user, team=team, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The duty was added."))
                return redirect(f"{request.path}?month={year}-{month:02d}")
    context = {
        "team": team,
        "entries": selectors.roster_month(team=team, year=year, month=month),
        "members": team.members.select_related("user").order_by("user__username"),
        "first": first,
        "previous": (first - timedelta(days=1)).replace(day=1),
        "following": (first + timedelta(days=32)).replace(day=1),
        "form": form,
        "can_manage": _may_manage(request.user, team),
    }
    return render(request, "patrols/team_roster.html", context, status=400 if form.errors else 200)


@require_POST
@role_required(*STAFF_ROLES)
def roster_change(request, pk: int):
    """Swap a duty to another member, or mark it as leave (with an optional substitute)."""
    entry = get_object_or_404(
        RosterEntry.objects.select_related("team"), pk=pk, team__in=selectors.visible_teams(request.user)
    )
    if not _may_manage(request.user, entry.team):
        raise PermissionDenied
    other = None
    if request.POST.get("user"):
        other = User.objects.filter(pk=request.POST["user"], patrol_teams__team=entry.team).first()
        if other is None:
            raise Http404
    try:
        if request.POST.get("action") == "leave":
            services.roster_leave(actor=request.user, entry=entry, note=request.POST.get("note", ""), substitute=other)
        elif other is not None:
            services.roster_swap(actor=request.user, entry=entry, to_user=other, note=request.POST.get("note", ""))
        else:
            raise ValidationError(_("Choose a member to swap with."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The roster was changed."))
    return redirect(f"/patrols/teams/{entry.team_id}/?month={entry.day:%Y-%m}")


STATS = {"member": selectors.member_stats, "team": selectors.team_stats, "grid": selectors.grid_stats}


@role_required(*STAFF_ROLES)
def stats(request):
    # The last full month by default, shown in the filter, so the first look and the export agree with it.
    end = timezone.localdate().replace(day=1) - timedelta(days=1)
    start, by = end.replace(day=1), "member"
    form = StatsForm(request.GET or None, initial={"start": start, "end": end, "by": by})
    if form.is_valid():
        start, end, by = (
            form.cleaned_data["start"] or start,
            form.cleaned_data["end"] or end,
            form.cleaned_data["by"] or by,
        )
    path = scope_path(request.user)
    rows = STATS[by](scope_path=path, start=start, end=end) if path is not None else []
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    key = {"member": "user_id", "team": "team_id", "grid": "grid_id"}[by]
    ids = [row[key] for row in page]
    if by == "member":
        names = {u.pk: str(u) for u in visible_users(request.user).filter(pk__in=ids)}
    elif by == "team":
        names = {t.pk: t.name for t in selectors.visible_teams(request.user).filter(pk__in=ids)}
    else:
        names = {g.pk: g.name for g in visible_grids(request.user).filter(pk__in=ids)}
    for row in page:
        row["name"] = names.get(row[key], "—")
        rate = selectors.valid_report_rate(row)
        row["valid_rate"] = f"{rate:.0%}" if rate is not None else "—"
    context = {"form": form, "page": page, "by": by, "start": start, "end": end}
    return render(request, "patrols/stats.html", context)


@login_required
def mobile_patrol(request):
    if not request.user.has_role(RoleCode.PATROLLER) and not request.user.patrol_teams.exists():
        raise PermissionDenied
    today = timezone.localdate()
    duties = RosterEntry.objects.filter(user=request.user, day=today, status=DutyStatus.PLANNED).select_related("grid")
    return render(request, "patrols/mobile.html", {"duties": duties, "map_config": map_settings()})
