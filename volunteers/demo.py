"""Demo volunteers, teams and activities for the demo subdistrict. Every row is marked is_demo; ID numbers are
invented but of the real format (valid check digit), phones are 139 0000 xxxx."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import OrgUnit, User
from volunteers import services
from volunteers.identity import check_digit, id_lookup
from volunteers.models import (
    Activity,
    RecordStatus,
    ServiceRecord,
    SignUp,
    SignUpStatus,
    Team,
    TeamKind,
    Volunteer,
)

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["秀英", "建华", "桂兰", "志强", "玉梅", "海燕", "国庆", "丽娟", "文博", "子涵", "雨欣", "德明"]
SKILLS = ["急救", "摄影", "书法", "理发", "家电维修", "心理疏导", "法律咨询", "文艺演出", ""]


def demo_id_number(seq: int, born: date) -> str:
    first17 = f"370105{born:%Y%m%d}{seq % 1000:03d}"
    return first17 + check_digit(first17)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _volunteers(communities: list[OrgUnit], today: date) -> list[Volunteer]:
    from grids.models import PartnerUnit

    units = list(PartnerUnit.objects.order_by("pk")[:3])
    people = []
    for n in range(36):
        born = date(1950 + (n * 7) % 50, 1 + n % 12, 1 + (n * 3) % 27)
        number = demo_id_number(100 + n, born)
        existing = Volunteer.objects.filter(id_hash=id_lookup("resident", number)).first()
        if existing:
            people.append(existing)
            continue
        party = n % 6 == 0 and bool(units)
        data = services.Registration(
            name=SURNAMES[n % len(SURNAMES)] + GIVEN[n % len(GIVEN)],
            id_type="resident",
            id_number=number,
            phone=f"1390000{n:04d}",
            community=communities[n % len(communities)],
            skills=SKILLS[n % len(SKILLS)],
            availability="周末" if n % 2 else "工作日晚上",
            consent=True,
            is_party_member=party,
            party_unit=units[n % len(units)] if party else None,
        )
        volunteer = services.volunteer_register(actor=None, data=data, source="staff", is_demo=True)
        # Registered over the past months, so the rates chart has a history to show.
        Volunteer.objects.filter(pk=volunteer.pk).update(registered_at=timezone.now() - timedelta(days=5 + n * 5))
        people.append(volunteer)
    return people


def _demo_user_volunteer(community: OrgUnit) -> Volunteer:
    """The demo user `volunteer` (吴磊) is a volunteer member of patrol teams: the same person here."""
    user = User.objects.filter(username="volunteer").first()
    number = demo_id_number(999, date(1988, 5, 20))
    found = Volunteer.objects.filter(id_hash=id_lookup("resident", number)).first()
    if found:
        return found
    data = services.Registration(
        name=(user.name if user else "") or "吴磊",
        id_type="resident",
        id_number=number,
        phone=(getattr(user, "phone", "") if user else "") or "13800000010",
        community=community,
        skills="巡逻",
        availability="周末",
        consent=True,
    )
    return services.volunteer_register(actor=None, data=data, source="staff", user=user, is_demo=True)


def load(stdout=None) -> dict:
    created = {"volunteers": 0, "teams": 0, "activities": 0, "records": 0}
    subdistrict = OrgUnit.objects.filter(code="370105-DK").first()
    if subdistrict is None:
        return created
    communities = list(OrgUnit.objects.filter(kind="community", path__startswith=subdistrict.path).order_by("path"))
    before = Volunteer.objects.count()
    today = timezone.localdate()
    people = _volunteers(communities, today)
    people.append(_demo_user_volunteer(communities[0]))
    created["volunteers"] = Volunteer.objects.count() - before

    for name, kind, unit in [
        ("堤口路街道学雷锋服务队", TeamKind.LEIFENG, subdistrict),
        ("堤口庄社区巡访团", TeamKind.VISITING, communities[0]),
        ("堤口百姓巡逻队（志愿者）", TeamKind.PATROL, communities[2]),
    ]:
        team, made = Team.objects.get_or_create(
            org_unit=unit, name=name, defaults={"kind": kind, "scope_path": unit.path, "is_demo": True}
        )
        if made:
            team.leader = people[0] if unit == subdistrict else people[1]
            team.save(update_fields=["leader"])
            team.members.add(*people[:: 2 if unit == subdistrict else 5])
            created["teams"] += 1

    if Activity.objects.filter(is_demo=True).exists():
        return created
    grid_point = _point(communities[0])
    plans = [
        ("“我们的节日·中秋”邻里联欢", "festival", "中秋节", -75, 3),
        ("学雷锋志愿服务日：义诊义剪", "leifeng", "", -40, 4),
        ("道德讲堂：好人就在身边", "moral_lecture", "", -12, 2),
        ("背街小巷环境整治", "environment", "", 3, 3),
        ("文明交通劝导", "civility", "", 8, 2),
    ]
    for index, (title, kind, festival, offset, hours) in enumerate(plans):
        day = today + timedelta(days=offset)
        starts = _at(day, 9)
        activity = services.activity_create(
            actor=None,
            organiser=subdistrict if index % 2 == 0 else communities[0],
            title=title,
            kind=kind,
            festival=festival,
            place="堤口庄社区党群服务中心",
            lng=grid_point[0],
            lat=grid_point[1],
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            capacity=20,
            skills="",
            signup_opens=starts - timedelta(days=14),
            signup_closes=starts - timedelta(hours=1),
            description="",
            is_demo=True,
        )
        created["activities"] += 1
        if offset > 0:
            continue
        for n, volunteer in enumerate(people[index::2][:15]):
            SignUp.objects.get_or_create(
                activity=activity,
                volunteer=volunteer,
                defaults={"status": SignUpStatus.CONFIRMED, "created_at": starts - timedelta(days=3)},
            )
            record = ServiceRecord.objects.create(
                volunteer=volunteer,
                activity=activity,
                kind=kind,
                scope_path=activity.scope_path,
                party_unit_id=volunteer.party_unit_id,
                day=day,
                check_in_at=starts,
                check_in_method="position",
                check_out_at=activity.ends_at,
                check_out_method="position",
                hours=Decimal(hours),
                status=RecordStatus.PENDING,
            )
            if n % 5 != 4:  # a few left for the organiser to confirm
                services.record_confirm(actor=None, record=record)
            created["records"] += 1
    for months_back in range(6, 0, -1):
        month = (today.replace(day=1) - timedelta(days=28 * months_back)).replace(day=1)
        services.rate_snapshot(today=month)
    services.rate_snapshot(today=today)
    return created


def _point(community: OrgUnit) -> tuple[float, float]:
    from grids.models import Grid

    grid = Grid.objects.filter(org_unit=community, kind="community").first()
    if grid is None:
        return (116.98, 36.68)
    return ((grid.min_lng + grid.max_lng) / 2, (grid.min_lat + grid.max_lat) / 2)
