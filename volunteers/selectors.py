"""Reads of the volunteer module. Visibility follows the org tree (accounts.selectors.scope_path)."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import OrgUnit, RoleCode
from accounts.selectors import scope_path
from civicgrid.masking import mask_id_number, mask_phone
from volunteers.models import (
    Activity,
    ActivityKind,
    RateSnapshot,
    RecordStatus,
    ServiceRecord,
    SignUp,
    SignUpStatus,
    StarLevel,
    Team,
    Volunteer,
    VolunteerSettings,
    VolunteerStatus,
)

MANAGE_ROLES = (RoleCode.VOLUNTEER_ADMIN, RoleCode.ADMIN)
VIEW_ROLES = (RoleCode.VOLUNTEER_ADMIN, RoleCode.COMMANDER, RoleCode.ASSESSOR, RoleCode.ADMIN)
# The station keeps the register and calls volunteers; others see masked numbers. Narrower than
# accounts.selectors.may_see_personal_data: an operator calling about a case has no need of volunteers' IDs.
REVEAL_ROLES = (RoleCode.VOLUNTEER_ADMIN, RoleCode.ADMIN)
ACTIVE_DAYS = 365
RATES_SECONDS = 60  # the rates are shared by every viewer for a minute (the tile is polled every few seconds)


def may_reveal(user) -> bool:
    return user.is_authenticated and user.has_role(*REVEAL_ROLES)


def masked(volunteer: Volunteer) -> dict:
    return {"id_number": mask_id_number(volunteer.id_number), "phone": mask_phone(volunteer.phone)}


def _scoped(qs: QuerySet, user) -> QuerySet:
    path = scope_path(user)
    if path is None:
        return qs.none()
    return qs if path == "" else qs.filter(scope_path__startswith=path)


def visible_volunteers(user) -> QuerySet[Volunteer]:
    return _scoped(Volunteer.objects.select_related("community", "party_unit"), user)


def visible_activities(user) -> QuerySet[Activity]:
    return _scoped(Activity.objects.select_related("organiser"), user)


def visible_teams(user) -> QuerySet[Team]:
    return _scoped(
        Team.objects.select_related("org_unit", "leader")
        .annotate(member_count=Count("members"))
        .order_by("scope_path", "name"),
        user,
    )


def visible_records(user) -> QuerySet[ServiceRecord]:
    return _scoped(ServiceRecord.objects.select_related("volunteer", "activity"), user)


def open_activities(*, volunteer: Volunteer, now=None) -> QuerySet[Activity]:
    """Activities a volunteer may sign up for or attend: not over, in his area's subdistrict."""
    now = now or timezone.now()
    subdistrict = volunteer.scope_path[: OrgUnit.steplen * 3]  # district / subdistrict / community
    return (
        Activity.objects.filter(scope_path__startswith=subdistrict, ends_at__gte=now, status="published")
        .select_related("organiser")
        .order_by("starts_at")
    )


def signups_of(volunteer: Volunteer, activity_ids) -> dict[int, SignUp]:
    return {s.activity_id: s for s in SignUp.objects.filter(volunteer=volunteer, activity_id__in=list(activity_ids))}


def history(volunteer: Volunteer, *, limit: int = 50) -> list[ServiceRecord]:
    """The volunteer's latest records, each with `kind_label` and `status_label`: get_FOO_display() rebuilds the
    field's whole list of choices on every call, which cost a fifth of the volunteer's phone page."""
    records = list(
        ServiceRecord.objects.filter(volunteer=volunteer).select_related("activity").order_by("-day", "-pk")[:limit]
    )
    kinds = dict(ServiceRecord._meta.get_field("kind").flatchoices)
    statuses = dict(ServiceRecord._meta.get_field("status").flatchoices)
    for record in records:
        record.kind_label = kinds.get(record.kind, record.kind)
        record.status_label = statuses.get(record.status, record.status)
    return records


def next_star(volunteer: Volunteer) -> StarLevel | None:
    return StarLevel.objects.filter(min_hours__gt=volunteer.hours).order_by("min_hours").first()


def places_taken(activity: Activity) -> tuple[int, int]:
    counts = SignUp.objects.filter(activity=activity).aggregate(
        confirmed=Count("pk", filter=Q(status=SignUpStatus.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=SignUpStatus.WAITING)),
    )
    return counts["confirmed"], counts["waiting"]


# --- rates ---


@dataclass
class Rate:
    unit: OrgUnit
    population: int
    registered: int
    active: int
    registration_target: Decimal
    participation_target: Decimal

    @property
    def registration_rate(self) -> Decimal | None:
        if not self.population:
            return None
        return (Decimal(self.registered) * 100 / self.population).quantize(Decimal("0.01"))

    @property
    def participation_rate(self) -> Decimal | None:
        if not self.registered:
            return None
        return (Decimal(self.active) * 100 / self.registered).quantize(Decimal("0.01"))

    @property
    def registration_below(self) -> bool:
        rate = self.registration_rate
        return rate is not None and rate < self.registration_target

    @property
    def participation_below(self) -> bool:
        rate = self.participation_rate
        return rate is not None and rate < self.participation_target


def active_since(today: date) -> date:
    return today - timedelta(days=ACTIVE_DAYS)


def _rates(*, unit: OrgUnit, counts: dict) -> tuple[Rate, list[Rate]]:
    """(the unit's total, one row per community under it) from {community id: {registered, active}}; the
    population from the communities' grid data."""
    from grids.selectors import population_by_unit_path

    settings = VolunteerSettings.current()
    communities = list(OrgUnit.objects.filter(path__startswith=unit.path, kind="community").order_by("path"))
    people = population_by_unit_path(path=unit.path)
    targets = {
        "registration_target": settings.registration_target,
        "participation_target": settings.participation_target,
    }
    rows = [
        Rate(
            unit=c,
            population=sum(n for path, n in people.items() if path.startswith(c.path)),
            registered=counts.get(c.pk, {}).get("registered", 0),
            active=counts.get(c.pk, {}).get("active", 0),
            **targets,
        )
        for c in communities
    ]
    if unit.kind == "community" and rows:
        return rows[0], rows
    total = Rate(
        unit=unit,
        population=sum(people.values()),
        registered=sum(r.get("registered", 0) for r in counts.values()),
        active=sum(r.get("active", 0) for r in counts.values()),
        **targets,
    )
    return total, rows


def rates(*, unit: OrgUnit, today: date | None = None) -> tuple[Rate, list[Rate]]:
    """The rates now. Registered = volunteers registered now; active = of them, those with confirmed service in
    the last 12 months (Volunteer.last_service_on, kept by volunteers.services.volunteer_totals)."""
    today = today or timezone.localdate()
    counts = {
        row["community_id"]: row
        for row in Volunteer.objects.filter(scope_path__startswith=unit.path, status=VolunteerStatus.ACTIVE)
        .values("community_id")
        .annotate(registered=Count("pk"), active=Count("pk", filter=Q(last_service_on__gte=active_since(today))))
    }
    return _rates(unit=unit, counts=counts)


def rates_at(*, unit: OrgUnit, day) -> tuple[Rate, list[Rate]]:
    """The rates at the start of `day` (a date or the end of a report period), read from the records: stable for a
    past period. Slower than rates(); used by reports and the monthly snapshot, not by pages."""
    end = day.date() if hasattr(day, "date") else day
    registered = (
        Volunteer.objects.filter(
            scope_path__startswith=unit.path, status=VolunteerStatus.ACTIVE, registered_at__date__lt=end
        )
        .values("community_id")
        .annotate(n=Count("pk"))
    )
    counts = {row["community_id"]: {"registered": row["n"], "active": 0} for row in registered}
    active = (
        ServiceRecord.objects.filter(
            volunteer__scope_path__startswith=unit.path,
            volunteer__status=VolunteerStatus.ACTIVE,
            volunteer__registered_at__date__lt=end,
            status=RecordStatus.CONFIRMED,
            day__gte=active_since(end),
            day__lt=end,
        )
        .values("volunteer__community_id")
        .annotate(n=Count("volunteer", distinct=True))
    )
    for row in active:
        counts.setdefault(row["volunteer__community_id"], {"registered": 0})["active"] = row["n"]
    return _rates(unit=unit, counts=counts)


def _shared(key: str, compute):
    """`compute()`'s value through the cache: fresh for RATES_SECONDS, then recomputed by one request while the
    others keep answering with the value before (20 screens and pages never recompute at once)."""
    import time

    hit = cache.get(key)
    if hit is not None:
        value, fresh_until = hit
        if time.time() < fresh_until or not cache.add(f"{key}:busy", 1, 60):
            return value
    value = compute()
    cache.set(key, (value, time.time() + RATES_SECONDS), 3600)
    cache.delete(f"{key}:busy")
    return value


def shared_rates(*, unit: OrgUnit) -> tuple[Rate, list[Rate]]:
    return _shared(f"volunteers:rates:{unit.path}:{timezone.localdate().isoformat()}", lambda: rates(unit=unit))


def rates_page(*, unit: OrgUnit) -> dict:
    """Everything the rates page computes over the register, shared like the rates."""

    def compute() -> dict:
        total, rows = shared_rates(unit=unit)
        return {
            "total": total,
            "rows": rows,
            "history": rate_history(unit=unit),
            "inactive_count": inactive_under(path=unit.path).count(),
        }

    return _shared(f"volunteers:rates-page:{unit.path}:{timezone.localdate().isoformat()}", compute)


def rate_history(*, unit: OrgUnit, months: int = 12) -> list[dict]:
    """The rates at past month ends (written by the monthly snapshot task), for the chart."""
    rows = (
        RateSnapshot.objects.filter(org_unit__path__startswith=unit.path)
        .values("month")
        .annotate(population=Sum("population"), registered=Sum("registered"), active=Sum("active"))
        .order_by("-month")[:months]
    )
    history = []
    for row in reversed(list(rows)):
        history.append(
            {
                "month": row["month"].strftime("%Y-%m"),
                "registration": round(row["registered"] * 100 / row["population"], 2) if row["population"] else None,
                "participation": round(row["active"] * 100 / row["registered"], 2) if row["registered"] else None,
            }
        )
    return history


def _inactive(qs: QuerySet[Volunteer], today: date | None) -> QuerySet[Volunteer]:
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=30 * VolunteerSettings.current().inactive_months)
    return qs.filter(status=VolunteerStatus.ACTIVE).filter(
        Q(last_service_on__lt=cutoff) | Q(last_service_on__isnull=True, registered_at__date__lt=cutoff)
    )


def inactive_volunteers(*, user, today: date | None = None) -> QuerySet[Volunteer]:
    """Registered volunteers without confirmed service for `inactive_months` (to invite back), longest first."""
    return _inactive(visible_volunteers(user), today).order_by("last_service_on", "pk")


def inactive_under(*, path: str, today: date | None = None) -> QuerySet[Volunteer]:
    return _inactive(Volunteer.objects.filter(scope_path__startswith=path), today)


def active_today(*, path: str, today: date | None = None) -> int:
    """Volunteers checked in or credited today under `path` (the command screen's tile)."""
    today = today or timezone.localdate()
    key = f"volunteers:today:{path}:{today.isoformat()}"
    found = cache.get(key)
    if found is None:
        found = (
            ServiceRecord.objects.filter(scope_path__startswith=path, day=today)
            .exclude(status=RecordStatus.REJECTED)
            .values("volunteer_id")
            .distinct()
            .count()
        )
        cache.set(key, found, 10)
    return found


def month_stats(*, path: str, start, end) -> dict:
    """Confirmed service in [start, end): by kind, by organiser, and by the party members' units (双报到)."""
    start = start.date() if hasattr(start, "date") else start
    end = end.date() if hasattr(end, "date") else end
    labels = dict(ActivityKind.choices)
    records = ServiceRecord.objects.filter(
        scope_path__startswith=path, status=RecordStatus.CONFIRMED, day__gte=start, day__lt=end
    )
    by_kind = list(
        records.values("kind")
        .annotate(hours=Sum("hours"), people=Count("volunteer", distinct=True), n=Count("pk"))
        .order_by("kind")
    )
    for row in by_kind:
        row["label"] = str(labels.get(row["kind"], row["kind"]))
    by_organiser = list(
        records.filter(activity__isnull=False)
        .values("activity__organiser__name")
        .annotate(
            hours=Sum("hours"), people=Count("volunteer", distinct=True), activities=Count("activity", distinct=True)
        )
        .order_by("activity__organiser__name")
    )
    by_unit = list(
        records.filter(party_unit_id__isnull=False)
        .values("party_unit_id")
        .annotate(hours=Sum("hours"), people=Count("volunteer", distinct=True))
        .order_by("party_unit_id")
    )
    if by_unit:
        from grids.models import PartnerUnit

        names = dict(PartnerUnit.objects.filter(pk__in=[r["party_unit_id"] for r in by_unit]).values_list("pk", "name"))
        total = sum(row["hours"] or 0 for row in by_unit)
        for row in by_unit:
            row["name"] = names.get(row["party_unit_id"], "")
            # Each member unit's share of the party members' service: what a joint party committee compares.
            row["share"] = round(row["hours"] * 100 / total, 1) if total else None
    return {"by_kind": by_kind, "by_organiser": by_organiser, "by_unit": by_unit}


def pending_records(activity: Activity) -> QuerySet[ServiceRecord]:
    return activity.records.select_related("volunteer").order_by("volunteer__name")
