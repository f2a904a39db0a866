"""Demo data for the patrols app (called by load_demo): the seed's two teams, a grid workers' team,
this month's roster, check-points, and recorded tracks replayed through the real ingest so that the
coverage map shows covered, flagged and uncovered grids. Idempotent: a second run changes nothing."""

import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path

from django.utils import timezone

from accounts.models import OrgUnit, User
from grids.models import Grid
from patrols import services
from patrols.coverage import compute_day_coverage
from patrols.ingest import ingest_points
from patrols.models import CheckPoint, CheckPointKind, PatrolSession, PatrolTeam, RosterEntry, Shift, TeamKind

DATA = Path(__file__).resolve().parent / "data"
TRACK_C01 = DATA / "demo_track_c01.geojson"
TRACK_C02 = DATA / "demo_track_c02.geojson"

# (name, kind, leader, [(member, volunteer, party member)], grid codes)
TEAMS = [
    (
        "堤口百姓巡逻队",
        TeamKind.PATROL,
        "patroller",
        [("patroller", False, True), ("patroller2", False, False), ("volunteer", True, False)],
        ["G-DK-C01", "G-DK-C02", "G-DK-C03", "G-DK-C04", "G-DK-C05", "G-DK-C06"],
    ),
    (
        "堤口市民巡访团",
        TeamKind.VISIT,
        "patroller2",
        [("patroller2", False, True), ("volunteer", True, False)],
        ["G-DK-C07", "G-DK-C08", "G-DK-C09", "G-DK-C10", "G-DK-C11"],
    ),
    ("堤口路街道网格员", TeamKind.GRID_WORKERS, "patroller", [("patroller", False, True)], ["G-DK-Z1", "G-DK-Z2"]),
]
# (team, user, grid, shift): every day of the current month.
DUTIES = [
    ("堤口百姓巡逻队", "patroller", "G-DK-C01", Shift.MORNING),
    ("堤口百姓巡逻队", "patroller2", "G-DK-C02", Shift.MORNING),
    ("堤口百姓巡逻队", "volunteer", "G-DK-C03", Shift.AFTERNOON),
    ("堤口市民巡访团", "patroller2", "G-DK-C07", Shift.AFTERNOON),
]
CHECKPOINTS = [
    ("G-DK-C01", "堤口庄农贸市场（示例）", CheckPointKind.MARKET, 116.9650, 36.6715),
    ("G-DK-C01", "堤口庄北街背街小巷（示例）", CheckPointKind.ALLEY, 116.9685, 36.6760),
    ("G-DK-C01", "济齐路安置房工地（示例）", CheckPointKind.CONSTRUCTION, 116.9630, 36.6790),
    ("G-DK-C02", "化纤厂家属院（示例）", CheckPointKind.COMPOUND, 116.9775, 36.6750),
    ("G-DK-C02", "化纤厂路早市（示例）", CheckPointKind.MARKET, 116.9750, 36.6720),
]


def read_track(path: Path) -> list[dict]:
    """A recorded track (GeoJSON LineString with coordTimes) as positions for the ingest: [{lng, lat, t}]."""
    feature = json.loads(Path(path).read_text(encoding="utf-8"))["features"][0]
    times = feature["properties"]["coordTimes"]
    return [
        {"lng": lng, "lat": lat, "t": t}
        for (lng, lat), t in zip(feature["geometry"]["coordinates"], times, strict=True)
    ]


def replay(
    *,
    path: Path,
    user,
    start: datetime,
    grid=None,
    speedup: float = 1.0,
    client_id=None,
    batch=50,
    jitter: int | None = None,
    is_demo=False,
) -> PatrolSession:
    """Start a patrol at `start`, send the recorded positions shifted to it in batches, and end it.

    `jitter` (a seed) adds ~1 m of fresh GPS noise, so that a replay is not the identical track of another day.
    """
    points = read_track(path)
    if jitter is not None:
        rnd = random.Random(jitter)
        points = [{**p, "lng": p["lng"] + rnd.gauss(0, 1e-5), "lat": p["lat"] + rnd.gauss(0, 1e-5)} for p in points]
    first = datetime.fromisoformat(points[0]["t"])
    shifted = [{**p, "t": (start + (datetime.fromisoformat(p["t"]) - first) / speedup).isoformat()} for p in points]
    end = datetime.fromisoformat(shifted[-1]["t"]) + timedelta(seconds=30)
    session, _created = services.session_start(user=user, grid=grid, client_id=client_id, now=start, is_demo=is_demo)
    for index in range(0, len(shifted), batch):
        ingest_points(session=session, batch_id=f"b{index}", points=shifted[index : index + batch], now=end)
    return services.session_end(session=session, actor=user, now=end)


def _month_days(today: date) -> list[date]:
    first = today.replace(day=1)
    days, day = [], first
    while day.month == first.month:
        days.append(day)
        day += timedelta(days=1)
    return days


def load(stdout=None) -> dict:
    created = {"teams": 0, "roster": 0, "checkpoints": 0, "patrols": 0}
    users = {u.username: u for u in User.objects.filter(is_demo=True)}
    grids = {g.code: g for g in Grid.objects.filter(code__startswith="G-DK-")}
    street = OrgUnit.objects.filter(code="370105-DK").first()
    if street is None or "patroller" not in users or "G-DK-C01" not in grids:
        return created  # the organisation and grid demos come first
    teams = {}
    for name, kind, leader, members, grid_codes in TEAMS:
        team = PatrolTeam.objects.filter(name=name).first()
        if team is None:
            team = services.team_create(
                actor=None,
                name=name,
                kind=kind,
                org_unit=street,
                leader=users.get(leader),
                grids=[grids[c] for c in grid_codes],
                is_demo=True,
            )
            for username, volunteer, party in members:
                if username in users:
                    services.team_member_add(
                        actor=None,
                        team=team,
                        user=users[username],
                        is_volunteer=volunteer,
                        is_party_member=party,
                        is_demo=True,
                    )
            created["teams"] += 1
        teams[name] = team
    now = timezone.now()
    today = timezone.localdate(now)
    for team_name, username, grid_code, shift in DUTIES:
        if username not in users:
            continue
        taken = set(
            RosterEntry.objects.filter(
                user=users[username], shift=shift, day__month=today.month, day__year=today.year
            ).values_list("day", flat=True)
        )
        entries = [
            RosterEntry(
                team=teams[team_name], grid=grids[grid_code], user=users[username], day=day, shift=shift, is_demo=True
            )
            for day in _month_days(today)
            if day not in taken
        ]
        RosterEntry.objects.bulk_create(entries, ignore_conflicts=True)
        created["roster"] += len(entries)
    for grid_code, name, kind, lng, lat in CHECKPOINTS:
        _cp, made = CheckPoint.objects.get_or_create(
            grid=grids[grid_code], name=name, defaults={"kind": kind, "lng": lng, "lat": lat, "is_demo": True}
        )
        created["checkpoints"] += int(made)
    # Today: the two morning patrols walked their grids. Yesterday: one ridden far too fast (flagged).
    start = min(
        timezone.make_aware(datetime.combine(today, datetime.min.time())) + timedelta(hours=8), now - timedelta(hours=2)
    )
    yesterday = start - timedelta(days=1)
    plans = [
        (TRACK_C01, "patroller", "G-DK-C01", start, 1.0),
        (TRACK_C02, "patroller2", "G-DK-C02", start + timedelta(minutes=10), 1.0),
        (TRACK_C02, "patroller2", "G-DK-C02", yesterday, 8.0),
    ]
    days = set()
    for path, username, grid_code, begin, speedup in plans:
        client_id = f"demo-{path.stem}-{begin.date().isoformat()}-{speedup:g}"
        if PatrolSession.objects.filter(client_id=client_id).exists():
            continue
        replay(
            path=path,
            user=users[username],
            grid=grids[grid_code],
            start=begin,
            speedup=speedup,
            client_id=client_id,
            jitter=begin.toordinal(),
            is_demo=True,
        )
        created["patrols"] += 1
        days.add(timezone.localdate(begin))
    for day in sorted(days):
        compute_day_coverage(day=day, now=now)
    return created
