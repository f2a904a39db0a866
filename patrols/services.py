"""Every write of the patrols app: teams, duty rosters, patrol sessions, check-point visits, reviews.

Keyword-only arguments, one transaction each, an audit row for what a person did.
Positions are written by patrols.ingest; daily coverage and the sweeps by patrols.coverage.
"""

from collections import Counter
from datetime import date, datetime

import numpy
import shapely
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleCode
from audit.services import audit_record
from cases.models import Case, CaseEvent
from grids.coords import client_position
from grids.models import Grid, GridKind
from grids.selectors import visible_grids
from patrols import track
from patrols.models import (
    CheckPoint,
    CheckPointVisit,
    DutyStatus,
    Flag,
    PatrolReport,
    PatrolSession,
    PatrolSettings,
    PatrolTeam,
    ReportKind,
    Review,
    RosterEntry,
    SessionStatus,
    TeamMember,
)

REVIEWER_ROLES = (RoleCode.SHIFT_LEAD, RoleCode.COMMANDER, RoleCode.ADMIN)
PATROLLED_KINDS = (GridKind.COMMUNITY, GridKind.ROAD)


# --- Teams and duty --------------------------------------------------------------------------


@transaction.atomic
def team_create(*, actor, name: str, kind: str, org_unit, leader=None, grids=(), is_demo: bool = False) -> PatrolTeam:
    team = PatrolTeam.objects.create(name=name, kind=kind, org_unit=org_unit, leader=leader, is_demo=is_demo)
    team.grids.set(grids)
    audit_record(actor=actor, action="patrol_team.create", target=team, summary=name)
    return team


@transaction.atomic
def team_member_add(*, actor, team: PatrolTeam, user, is_volunteer=False, is_party_member=False, is_demo=False):
    member, _created = TeamMember.objects.get_or_create(
        team=team,
        user=user,
        defaults={"is_volunteer": is_volunteer, "is_party_member": is_party_member, "is_demo": is_demo},
    )
    audit_record(actor=actor, action="patrol_team.member_add", target=team, summary=str(user))
    return member


def _check_duty(team: PatrolTeam, grid: Grid, user) -> None:
    errors = {}
    if not team.members.filter(user=user).exists():
        errors["user"] = _("%(user)s is not a member of %(team)s.") % {"user": user, "team": team}
    if not team.grids.filter(pk=grid.pk).exists():
        errors["grid"] = _("%(team)s is not assigned to %(grid)s.") % {"team": team, "grid": grid}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def roster_add(
    *, actor, team: PatrolTeam, grid: Grid, user, day: date, shift: str, note: str = "", is_demo: bool = False
) -> RosterEntry:
    _check_duty(team, grid, user)
    if RosterEntry.objects.filter(user=user, day=day, shift=shift).exists():
        raise ValidationError({"user": _("%(user)s is already on duty in this shift.") % {"user": user}})
    entry = RosterEntry.objects.create(
        team=team, grid=grid, user=user, day=day, shift=shift, note=note, is_demo=is_demo
    )
    audit_record(actor=actor, action="patrol_roster.add", target=entry, summary=str(entry))
    return entry


@transaction.atomic
def roster_swap(*, actor, entry: RosterEntry, to_user, note: str = "") -> RosterEntry:
    """Someone else takes the duty; the entry remembers who had it."""
    entry = RosterEntry.objects.select_for_update().get(pk=entry.pk)
    if to_user.pk == entry.user_id:
        raise ValidationError({"to_user": _("Choose another member.")})
    _check_duty(entry.team, entry.grid, to_user)
    if RosterEntry.objects.filter(user=to_user, day=entry.day, shift=entry.shift).exists():
        raise ValidationError({"to_user": _("%(user)s is already on duty in this shift.") % {"user": to_user}})
    before = entry.user
    entry.original_user = entry.original_user or before
    entry.user = to_user
    entry.status = DutyStatus.PLANNED
    entry.note = note or entry.note
    entry.save()
    audit_record(
        actor=actor, action="patrol_roster.swap", target=entry, summary=f"{before} → {to_user}", data={"note": note}
    )
    return entry


@transaction.atomic
def roster_leave(*, actor, entry: RosterEntry, note: str = "", substitute=None) -> RosterEntry:
    """The member is on leave; a substitute, if given, takes over the duty (a swap)."""
    if substitute is not None:
        return roster_swap(actor=actor, entry=entry, to_user=substitute, note=note or _("Leave"))
    entry = RosterEntry.objects.select_for_update().get(pk=entry.pk)
    entry.status = DutyStatus.LEAVE
    entry.note = note
    entry.save(update_fields=["status", "note"])
    audit_record(actor=actor, action="patrol_roster.leave", target=entry, summary=str(entry), data={"note": note})
    return entry


# --- Sessions --------------------------------------------------------------------------------


def _duty_for(user, day: date, grid: Grid | None) -> tuple[PatrolTeam | None, Grid | None]:
    """The team and grid of a patrol started now: today's roster first, then the user's teams.

    A grid asked for must be the user's: on their roster, of their teams, a grid duty, or in their area.
    """
    duties = RosterEntry.objects.filter(user=user, day=day, status=DutyStatus.PLANNED).select_related("team", "grid")
    if grid is not None:
        duties = duties.filter(grid=grid)
    entry = duties.order_by("shift").first()
    if entry is not None:
        return entry.team, entry.grid
    memberships = TeamMember.objects.filter(user=user, team__is_active=True).select_related("team")
    for member in memberships.order_by("team__name"):
        team_grids = member.team.grids.filter(is_active=True, kind__in=PATROLLED_KINDS).order_by("code")
        if grid is None:
            first = team_grids.first()
            if first is not None:
                return member.team, first
        elif team_grids.filter(pk=grid.pk).exists():
            return member.team, grid
    if grid is None:
        membership = user.grid_memberships.filter(grid__is_active=True).select_related("grid").first()
        grid = membership.grid if membership else None
    elif not (user.grid_memberships.filter(grid=grid).exists() or visible_grids(user).filter(pk=grid.pk).exists()):
        # Neither on the roster, nor a grid of their teams, nor a grid duty, nor in their area.
        raise ValidationError(
            {"grid": _("You can only patrol the grids of your roster, your teams, your grid duties or your area.")}
        )
    team = memberships.first().team if memberships.exists() else None
    return team, grid


def session_start(
    *, user, grid: Grid | None = None, client_id: str | None = None, now: datetime | None = None, is_demo=False
) -> tuple[PatrolSession, bool]:
    """Start a patrol; returns (session, created). The same client id, or a patrol still running, is returned."""
    now = now or timezone.now()
    if not (user.has_role(RoleCode.PATROLLER) or TeamMember.objects.filter(user=user).exists()):
        raise ValidationError(_("Only patrollers and team members start patrols."))
    client_id = (client_id or "").strip()[:64] or None
    try:
        return _session_start(user=user, grid=grid, client_id=client_id, now=now, is_demo=is_demo)
    except IntegrityError:
        # Two clients of one user started at the same moment and the other one won (the one-running-patrol
        # constraint or the client id): answer with the patrol that is running, as a retry would get.
        running = PatrolSession.objects.filter(user=user, status=SessionStatus.ACTIVE).first()
        if running is None:
            raise
        return running, False


def _session_start(*, user, grid, client_id, now, is_demo) -> tuple[PatrolSession, bool]:
    with transaction.atomic():
        # One start per user at a time: a second phone of the same user waits here and then finds the patrol.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if client_id:
            existing = PatrolSession.objects.filter(client_id=client_id).first()
            if existing is not None:
                if existing.user_id != user.pk:
                    raise ValidationError({"client_id": _("This id belongs to another patrol.")})
                return existing, False
        running = PatrolSession.objects.filter(user=user, status=SessionStatus.ACTIVE).first()
        if running is not None:
            return running, False
        day = timezone.localdate(now)
        team, grid = _duty_for(user, day, grid)
        unit = grid.org_unit if grid is not None and grid.org_unit_id else user.org_unit
        session = PatrolSession.objects.create(
            user=user,
            team=team,
            grid=grid,
            scope_path=unit.path if unit else "",
            client_id=client_id,
            day=day,
            started_at=now,
            is_demo=is_demo,
        )
        audit_record(actor=user, action="patrol.start", target=session, summary=str(grid or ""))
    return session, True


def session_end(*, session: PatrolSession, actor, now: datetime | None = None) -> PatrolSession:
    """End a patrol: compute distance, duration, flags, visits and the reports made on the way."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = PatrolSession.objects.select_for_update().get(pk=session.pk)
        if locked.status != SessionStatus.ACTIVE:
            return locked
        if actor is not None and actor.pk != locked.user_id and not actor.has_role(*REVIEWER_ROLES):
            raise ValidationError(_("Only the patroller ends their patrol."))
        locked.status = SessionStatus.ENDED
        locked.ended_at = max(now, locked.started_at)
        locked.save(update_fields=["status", "ended_at"])
        audit_record(actor=actor, action="patrol.end", target=locked)
        _summarise(locked)
    return locked


def session_auto_close(*, session: PatrolSession, now: datetime | None = None) -> PatrolSession:
    """A patrol never ended: closed at its last position (or its start), flagged for a reviewer."""
    with transaction.atomic():
        locked = PatrolSession.objects.select_for_update().get(pk=session.pk)
        if locked.status != SessionStatus.ACTIVE:
            return locked
        locked.status = SessionStatus.AUTO_CLOSED
        locked.ended_at = locked.last_point_at or locked.started_at
        locked.save(update_fields=["status", "ended_at"])
        audit_record(
            actor=None, action="patrol.auto_close", target=locked, summary=_("Never ended: closed automatically.")
        )
        _summarise(locked)
    return locked


def session_summarise(*, session_id: int) -> PatrolSession | None:
    """Compute an ended patrol's figures again (positions that arrived late, a changed outline)."""
    with transaction.atomic():
        session = PatrolSession.objects.select_for_update().filter(pk=session_id).first()
        if session is None or session.status == SessionStatus.ACTIVE:
            return session
        _summarise(session)
    return session


def _locate_grid(lngs: numpy.ndarray, lats: numpy.ndarray) -> Grid | None:
    """The grid holding most positions (community grids before road zones)."""
    from grids.locator import get_index

    hits = get_index().locate_many(lngs, lats)
    for kind in PATROLLED_KINDS:
        counts = Counter(hit[kind].id for hit in hits if kind in hit)
        if counts:
            return Grid.objects.filter(pk=counts.most_common(1)[0][0]).first()
    return None


def _summarise(session: PatrolSession) -> None:
    rows = list(session.points.order_by("captured_at").values_list("captured_at", "lng", "lat"))
    seconds = numpy.array([row[0].timestamp() for row in rows], dtype=float)
    lngs = numpy.array([row[1] for row in rows], dtype=float)
    lats = numpy.array([row[2] for row in rows], dtype=float)
    if session.grid_id is None and rows:
        session.grid = _locate_grid(lngs, lats)
        if session.grid is not None and session.grid.org_unit_id:
            session.scope_path = session.grid.org_unit.path
    settings = PatrolSettings.current()
    limits = track.Limits(
        speed_limit_kmh=settings.speed_limit_kmh,
        too_fast_share=settings.too_fast_share,
        jump_m=settings.jump_m,
        outside_share=settings.outside_share,
        buffer_m=settings.buffer_m,
    )
    outline = shapely.from_wkb(bytes(session.grid.wkb)) if session.grid_id else None
    summary = track.summarise(seconds, lngs, lats, grid=outline, limits=limits)
    flags = list(summary.flags)
    if not rows:
        flags.append(Flag.NO_POINTS)
    if summary.track_hash:
        twin = (
            PatrolSession.objects.filter(track_hash=summary.track_hash)
            .exclude(pk=session.pk)
            .exclude(day=session.day)
            .order_by("started_at")
            .values_list("pk", "day")
            .first()
        )
        if twin is not None:
            flags.append(Flag.IDENTICAL_TRACK)
            summary.details["same_as"] = {"session": twin[0], "day": twin[1].isoformat()}
    if session.status == SessionStatus.AUTO_CLOSED:
        flags.append(Flag.NOT_ENDED)
    session.distance_m = summary.distance_m
    session.duration_s = int((session.ended_at - session.started_at).total_seconds())
    session.max_speed_kmh = summary.max_speed_kmh
    session.outside_share = summary.outside_share
    session.flags = [str(flag) for flag in flags]
    session.flag_details = summary.details
    session.is_flagged = bool(flags)
    session.track_hash = summary.track_hash
    session.track_wkb = summary.track_wkb
    session.counted = session.review == Review.ACCEPTED or (not flags and session.review != Review.REJECTED)
    session.save()
    _link_reports(session)
    _visits_from_track(session, seconds, lngs, lats)


def _link_reports(session: PatrolSession) -> None:
    """Cases the patroller reported, and self-disposals they made, between start and end belong to the patrol."""
    window = (session.started_at, session.ended_at)
    reported = Case.objects.filter(reporter_id=session.user_id, reported_at__range=window).values_list("pk", flat=True)
    fixed = CaseEvent.objects.filter(
        actor_id=session.user_id, action="self_dispose", created_at__range=window
    ).values_list("case_id", flat=True)
    links = [PatrolReport(session=session, case_id=pk, kind=ReportKind.REPORT) for pk in reported]
    links += [PatrolReport(session=session, case_id=pk, kind=ReportKind.SELF_DISPOSE) for pk in set(fixed)]
    PatrolReport.objects.filter(session=session).delete()
    PatrolReport.objects.bulk_create(links, ignore_conflicts=True)


def _visits_from_track(session, seconds, lngs, lats) -> None:
    """A check-point passed within its radius counts as visited, at the nearest position."""
    if not len(lngs) or session.grid_id is None:
        return
    visits = []
    for checkpoint in CheckPoint.objects.filter(grid_id=session.grid_id, is_active=True):
        project = track.projector(checkpoint.lng, checkpoint.lat)
        xy = project(numpy.column_stack([lngs, lats]))
        distances = numpy.hypot(xy[:, 0], xy[:, 1])
        nearest = int(distances.argmin())
        if distances[nearest] <= checkpoint.radius_m:
            visits.append(
                CheckPointVisit(
                    session=session,
                    checkpoint=checkpoint,
                    visited_at=datetime.fromtimestamp(seconds[nearest], tz=timezone.get_current_timezone()),
                    distance_m=float(distances[nearest]),
                )
            )
    CheckPointVisit.objects.bulk_create(visits, ignore_conflicts=True)


@transaction.atomic
def checkpoint_confirm(
    *,
    session: PatrolSession,
    checkpoint: CheckPoint,
    actor,
    lng: float,
    lat: float,
    crs: str = "wgs84",
    now: datetime | None = None,
) -> CheckPointVisit:
    """The patroller confirms a check-point on the phone; their position must be within its radius."""
    now = now or timezone.now()
    if session.user_id != actor.pk:
        raise ValidationError(_("Only the patroller confirms check-points of their patrol."))
    if session.status != SessionStatus.ACTIVE:
        raise ValidationError(_("The patrol has ended."))
    try:
        lng, lat = client_position(lng, lat, crs)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"position": _("The position is not a valid longitude/latitude.")}) from exc
    distance = track.point_distance_m(checkpoint.lng, checkpoint.lat, lng, lat)
    if distance > checkpoint.radius_m:
        raise ValidationError(
            {
                "position": _("You are %(distance)d m from %(name)s; come within %(radius)d m.")
                % {"distance": distance, "name": checkpoint.name, "radius": checkpoint.radius_m}
            }
        )
    visit, _created = CheckPointVisit.objects.update_or_create(
        session=session,
        checkpoint=checkpoint,
        defaults={"visited_at": now, "distance_m": distance, "confirmed": True},
    )
    audit_record(actor=actor, action="patrol.checkpoint", target=visit, summary=checkpoint.name)
    return visit


@transaction.atomic
def session_review(*, session: PatrolSession, actor, accept: bool, note: str = "") -> PatrolSession:
    """A reviewer decides on a flagged patrol: accepted patrols count, rejected ones never do."""
    if not actor.has_role(*REVIEWER_ROLES):
        raise ValidationError(_("Only shift leads, the command centre and administrators review patrols."))
    locked = PatrolSession.objects.select_for_update().get(pk=session.pk)
    if locked.status == SessionStatus.ACTIVE:
        raise ValidationError(_("The patrol is still running."))
    locked.review = Review.ACCEPTED if accept else Review.REJECTED
    locked.reviewed_by = actor
    locked.counted = accept
    locked.save(update_fields=["review", "reviewed_by", "counted"])
    audit_record(
        actor=actor,
        action="patrol.review",
        target=locked,
        summary=locked.get_review_display(),
        data={"note": note, "flags": locked.flags},
    )
    return locked
