"""Reads behind the command screen (一屏统揽): small JSON documents polled every few seconds.

`live()` is the frequent one (tiles, new events, changed case markers since the client's last event
id) and stays a few KB; `charts()` is heavier and cached for CHART_SECONDS per unit; `outlines()` is
read once per page load.
"""

from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import pgettext

from accounts.models import OrgUnit, User
from cases.models import OPEN_STATES, Case, CaseEvent
from cases.selectors import overdue_now
from cases.templatetags.case_tags import action_label
from civicgrid.plugins import collect
from command.kpis import INDICATOR_INDEX
from command.models import SubjectKind
from command.rollup import LOCAL
from command.selectors import (
    Period,
    child_units,
    daily_counts,
    period_counts,
    ranked_departments,
    today,
)

CHART_SECONDS = 30
FEED_SIZE = 20
MARKER_LIMIT = 2000
# The first load looks this many events back for the feed, so a quiet unit in a busy city stays cheap.
FEED_LOOKBACK = 20000


def _marker(case: Case) -> dict:
    return {
        "id": case.pk,
        "n": case.number or "",
        "lng": round(case.lng, 6),
        "lat": round(case.lat, 6),
        "s": case.state,
        "o": case.is_overdue,
        "v": case.supervised,
        "c": str(case.category) if case.category_id else "",
    }


def _cases(user: User, unit: OrgUnit):
    """The cases of `unit`'s subtree.

    The views let only area roles in (command.views.SCREEN_ROLES) and only for a unit they may see
    (`visible_org_units`), and an area role sees every case of its subtree: so this equals
    `visible_cases(user)` there, without the OR of visible_cases that keeps PostgreSQL off the indexes.
    """
    return Case.objects.filter(scope_path__startswith=unit.path)


def _coverage(unit: OrgUnit, day) -> dict | None:
    try:
        from patrols.selectors import coverage_today
    except ImportError:
        return None
    covered, expected = coverage_today(scope_path=unit.path, day=day)
    return {"covered": covered, "expected": expected}


def tiles(user: User, unit: OrgUnit) -> dict:
    day = today()
    today_only = Period(day, day)
    counts = period_counts(kind=SubjectKind.ORG, subject_ids=[unit.pk], period=today_only, fresh=True).get(unit.pk, {})
    # One pass over the open cases' index, which carries state, due_at and supervised (no other column is read).
    now = (
        _cases(user, unit)
        .filter(state__in=OPEN_STATES)
        .aggregate(
            open=Count("*"),
            overdue=Count("pk", filter=overdue_now()),
            supervised=Count("supervised", filter=Q(supervised=True)),
        )
    )
    on_time = INDICATOR_INDEX["on_time_close_rate"].value(counts)
    return {
        "reports": counts.get("reports", 0),
        "filed": counts.get("filed", 0),
        "closed": counts.get("closed", 0),
        "on_time_close_rate": float(on_time) if on_time is not None else None,
        "open": now["open"],
        "overdue": now["overdue"],
        "supervised": now["supervised"],
        "coverage": _coverage(unit, day),
        "extra": {tile.key: tile.value(user, unit) for tile in collect("screen", "TILES")},
    }


def live(user: User, unit: OrgUnit, since: int | None) -> dict:
    """Tiles, the events after `since` (newest first) and the markers of the cases they touched."""
    latest = CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    events = CaseEvent.objects.filter(case__scope_path__startswith=unit.path)
    events = events.filter(pk__gt=latest - FEED_LOOKBACK if since is None else since)
    feed = list(
        events.select_related("case")
        .order_by("-pk")[:FEED_SIZE]
        .values("pk", "action", "actor_label", "created_at", "case_id", "case__number", "case__description")
    )
    data = {"cursor": latest, "tiles": tiles(user, unit), "feed": [_feed_item(e) for e in feed]}
    if since is None:
        open_cases = (
            _cases(user, unit)
            .filter(state__in=OPEN_STATES)
            .select_related("category")
            .order_by("-reported_at")[:MARKER_LIMIT]
        )
        data["markers"] = [_marker(c) for c in open_cases]
        data["removed"] = []
    else:
        touched = events.values_list("case_id", flat=True).distinct()[:MARKER_LIMIT]
        changed = list(_cases(user, unit).filter(pk__in=list(touched)).select_related("category"))
        data["markers"] = [_marker(c) for c in changed if c.state in OPEN_STATES]
        data["removed"] = [c.pk for c in changed if c.state not in OPEN_STATES]
    return data


def _feed_item(event: dict) -> dict:
    return {
        "id": event["pk"],
        "case": event["case_id"],
        "n": event["case__number"] or "",
        "a": str(action_label(event["action"])),
        "who": event["actor_label"],
        "t": event["created_at"].astimezone(LOCAL).strftime("%H:%M:%S"),
        "d": (event["case__description"] or "")[:40],
    }


def charts(user: User, unit: OrgUnit) -> dict:
    key = f"command:charts:{user.pk}:{unit.pk}"
    data = cache.get(key)
    if data is None:
        data = _charts(user, unit)
        cache.set(key, data, CHART_SECONDS)
    return data


def _charts(user: User, unit: OrgUnit) -> dict:
    day = today()
    month = Period(day - timedelta(days=29), day)
    by_day = daily_counts(kind=SubjectKind.ORG, subject_id=unit.pk, period=month, fields=("reports", "filed", "closed"))
    days = [month.start + timedelta(days=i) for i in range(month.days)]
    since = timezone.now() - timedelta(days=30)
    categories = list(
        _cases(user, unit)
        .filter(reported_at__gte=since, category__isnull=False)
        .values("category__major_name", "category__minor_name")
        .annotate(n=Count("pk"))
        .order_by("-n")[:10]
    )
    communities = child_units(user=user, unit=unit)
    community_counts = period_counts(kind=SubjectKind.ORG, subject_ids=[pk for pk, _n in communities], period=month)
    departments = ranked_departments(user=user)
    dept_counts = period_counts(kind=SubjectKind.DEPARTMENT, subject_ids=[pk for pk, _n in departments], period=month)
    rate = INDICATOR_INDEX["on_time_disposal_rate"]
    dept_rows = [
        (name, rate.value(dept_counts[pk])) for pk, name in departments if dept_counts.get(pk, {}).get("disposal_due")
    ]
    open_by_grid = (
        _cases(user, unit)
        .filter(state__in=OPEN_STATES, community_grid__isnull=False)
        .values("community_grid_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=overdue_now()))
    )
    return {
        "by_day": {
            "days": [d.strftime("%m-%d") for d in days],
            "series": [
                {"name": pgettext("kpi", "Reports"), "data": [by_day.get(d, {}).get("reports", 0) for d in days]},
                {"name": pgettext("kpi", "Filed"), "data": [by_day.get(d, {}).get("filed", 0) for d in days]},
                {"name": pgettext("kpi", "Closed"), "data": [by_day.get(d, {}).get("closed", 0) for d in days]},
            ],
        },
        "by_category": [
            {"name": row["category__minor_name"] or row["category__major_name"], "value": row["n"]}
            for row in categories
        ],
        "by_community": {
            "names": [name for _pk, name in communities],
            "reports": [community_counts.get(pk, {}).get("reports", 0) for pk, _n in communities],
            "closed": [community_counts.get(pk, {}).get("closed", 0) for pk, _n in communities],
        },
        "by_department": [
            {"name": name, "value": round(float(value) * 100, 1)} for name, value in dept_rows if value is not None
        ],
        "grids": {row["community_grid_id"]: [row["open"], row["overdue"]] for row in open_by_grid},
    }


def outlines(unit: OrgUnit) -> dict:
    """The community grids of the unit as GeoJSON (read once per page load)."""
    from grids.models import Grid

    grids = Grid.objects.filter(org_unit__path__startswith=unit.path, kind="community", is_active=True).only(
        "pk", "code", "name", "geometry"
    )
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": g.pk, "properties": {"name": g.name, "code": g.code}, "geometry": g.geometry}
            for g in grids
        ],
    }
