"""Demo projects and task forces from the 2022 report on 堤口路街道: the four old compounds renovated (3,000+
households together), the 交校西 and 济齐路西 task forces, the pocket park, the sewer and road works. Budgets,
household splits and dates are invented for the demo; dates are relative to today, so some milestones are late."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from shapely.geometry import shape

from accounts.models import OrgUnit, User
from grids.models import Grid
from projects.models import Milestone, PhotoPhase, Project, TaskForce

# (name, community, leader, members, duty)
TASK_FORCES = [
    (
        "交校西地块工作专班",
        "DK-C03",
        "commander",
        ["handler_zj", "handler_sz", "shift_lead"],
        "低效产业用地动能转换：打造高科技产业园区，带动周边商业楼宇及人才公寓建设。",
    ),
    (
        "济齐路西地块工作专班",
        "DK-C04",
        "commander",
        ["handler_cg", "handler_zj"],
        "产城融合：地块征收、规划和招商，施工期间的市容秩序与扬尘管控。",
    ),
    (
        "老旧小区改造专班",
        "DK-C05",
        "handler_zj",
        ["handler_sz", "handler_yl", "patroller"],
        "无影山西路9号院、交校路10号院、教委宿舍、7422宿舍等老旧小区改造。",
    ),
]

RENOVATION = [
    ("入户摸底和方案公示", 1),
    ("雨污管网和管线入地", 3),
    ("外墙保温和屋面防水", 3),
    ("绿化、停车和照明", 2),
    ("竣工验收", 1),
]
KEY = [("规划和土地手续", 2), ("征收和清表", 3), ("主体施工", 4), ("招商和交付", 1)]
PARK = [("方案设计", 1), ("施工", 3), ("开放", 1)]
PIPES = [("管网普查", 1), ("分段开挖铺设", 4), ("路面恢复", 2)]

# (name, kind, community, task force, households, budget (万元), summary, milestones, start days ago, done share)
PROJECTS = [
    (
        "无影山西路9号院老旧小区改造",
        "old_compound",
        "DK-C05",
        "老旧小区改造专班",
        1020,
        "1380.00",
        "改造雨污管网、外墙保温和屋面防水，新增停车位和路灯，惠及居民千余户。",
        RENOVATION,
        700,
        1.0,
    ),
    (
        "交校路10号院老旧小区改造",
        "old_compound",
        "DK-C03",
        "老旧小区改造专班",
        860,
        "1120.00",
        "管线入地、楼道粉刷、绿化提升和无障碍坡道。",
        RENOVATION,
        620,
        1.0,
    ),
    (
        "教委宿舍老旧小区改造",
        "old_compound",
        "DK-C04",
        "老旧小区改造专班",
        640,
        "860.00",
        "屋面防水、外墙保温和小区道路整修。",
        RENOVATION,
        420,
        1.0,
    ),
    (
        "7422宿舍老旧小区改造",
        "old_compound",
        "DK-C02",
        "老旧小区改造专班",
        580,
        "790.00",
        "雨污分流、楼道照明和非机动车棚；绿化和停车正在施工。",
        RENOVATION,
        200,
        0.6,
    ),
    (
        "交校西地块高科技产业园区",
        "key_project",
        "DK-C03",
        "交校西地块工作专班",
        0,
        "52000.00",
        "低效产业用地实现动能转换，建设高科技产业园区。",
        KEY,
        300,
        0.5,
    ),
    (
        "济齐路西地块产城融合项目",
        "key_project",
        "DK-C04",
        "济齐路西地块工作专班",
        0,
        "38000.00",
        "带动周边建设高端商业楼宇及人才公寓，以产促城、以城兴产。",
        KEY,
        240,
        0.25,
    ),
    (
        "“天下黄河 桥通未来”口袋公园",
        "pocket_park",
        "DK-C07",
        None,
        2400,
        "260.00",
        "城市品质小优化、小改造，为周边居民新增休憩空间。",
        PARK,
        260,
        1.0,
    ),
    (
        "堤口路雨污分流管网建设",
        "sewer",
        "DK-C10",
        None,
        1800,
        "2150.00",
        "分段开挖铺设雨污分流管网，改善积水和异味。",
        PIPES,
        150,
        0.34,
    ),
]


def _point_and_area(grid: Grid, offset: int) -> tuple[float, float, dict]:
    centre = shape(grid.geometry).representative_point()
    lng, lat = round(centre.x + offset * 0.0004, 6), round(centre.y - offset * 0.0003, 6)
    d = 0.0005
    ring = [[lng - d, lat - d], [lng + d, lat - d], [lng + d, lat + d], [lng - d, lat + d], [lng - d, lat - d]]
    return lng, lat, {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}


def _milestones(project: Project, plan: list, start_days_ago: int, done_share: float, today) -> None:
    total = sum(weight for _name, weight in plan)
    # A finished project ended a few weeks ago; an open one runs about two months past today.
    span = start_days_ago - 20 if done_share >= 1 else start_days_ago + 60
    cursor = today - timedelta(days=start_days_ago)
    done_weight = 0
    for order, (name, weight) in enumerate(plan):
        days = max(span * weight // total, 7)
        planned_end = cursor + timedelta(days=days - 1)
        done = done_weight + weight <= round(total * done_share) and planned_end < today
        actual_end = None
        if done:
            done_weight += weight
            # The second milestone of each project ran a little over; the rest finished on time.
            actual_end = min(planned_end + timedelta(days=9 if order == 1 else -2), today - timedelta(days=1))
        Milestone.objects.create(
            project=project,
            name=name,
            weight=weight,
            planned_start=cursor,
            planned_end=planned_end,
            actual_start=cursor if (done or cursor <= today) else None,
            actual_end=actual_end,
            order=order,
        )
        cursor = planned_end + timedelta(days=1)


def _photos(project: Project, admin: User, finished: bool) -> None:
    from cases.tests_support import demo_photo
    from projects.services import photos_add

    photos_add(actor=admin, project=project, phase=PhotoPhase.BEFORE, files=[demo_photo()], caption="改造前")
    if finished:
        photos_add(
            actor=admin, project=project, phase=PhotoPhase.AFTER, files=[demo_photo(after=True)], caption="改造后"
        )


def load(stdout=None) -> dict:
    from projects.services import project_save, task_force_save

    admin = User.objects.filter(username="admin", is_demo=True).first()
    if admin is None:
        return {"task_forces": 0, "projects": 0}
    units = {u.code: u for u in OrgUnit.objects.filter(code__startswith="DK-C")}
    grids = {g.org_unit.code: g for g in Grid.objects.filter(code__startswith="G-DK-C").select_related("org_unit")}
    users = {u.username: u for u in User.objects.filter(is_demo=True)}
    created = {"task_forces": 0, "projects": 0}
    forces = {}
    for name, code, leader, members, duty in TASK_FORCES:
        unit = units.get(code)
        if unit is None:
            continue
        force = TaskForce.objects.filter(org_unit=unit, name=name).first()
        if force is None:
            force = task_force_save(
                actor=admin,
                name=name,
                org_unit=unit,
                leader=users[leader],
                members=[users[m] for m in members if m in users],
                duty=duty,
            )
            TaskForce.objects.filter(pk=force.pk).update(is_demo=True)
            created["task_forces"] += 1
        forces[name] = force
    today = timezone.localdate()
    for offset, (name, kind, code, force, households, budget, summary, plan, ago, share) in enumerate(PROJECTS):
        unit, grid = units.get(code), grids.get(code)
        if unit is None or grid is None or Project.objects.filter(org_unit=unit, name=name).exists():
            continue
        lng, lat, area = _point_and_area(grid, offset % 3)
        project = project_save(
            actor=admin,
            name=name,
            kind=kind,
            org_unit=unit,
            task_force=forces.get(force),
            lng=lng,
            lat=lat,
            area=area if kind in ("old_compound", "key_project", "pocket_park") else None,
            address=name.replace("老旧小区改造", ""),
            households=households,
            budget=Decimal(budget),
            summary=summary,
        )
        Project.objects.filter(pk=project.pk).update(is_demo=True)
        _milestones(project, plan, ago, share, today)
        if kind == "old_compound":
            _photos(project, admin, finished=share >= 1)
        created["projects"] += 1
    return created


def load_case_links(stdout=None) -> dict:
    """Complaints during the works: each open project gets up to two demo cases of its community linked."""
    from cases.selectors import visible_cases
    from projects.services import case_link

    admin = User.objects.filter(username="admin", is_demo=True).first()
    if admin is None:
        return {"case_links": 0}
    made = 0
    for project in Project.objects.filter(is_demo=True, case_links__isnull=True).order_by("pk"):
        cases = visible_cases(admin).filter(scope_path__startswith=project.scope_path, number__isnull=False)
        for case in cases.order_by("pk")[:2]:
            case_link(actor=admin, project=project, number=case.number)
            made += 1
    return {"case_links": made}
