"""Demo check sites for the 11 communities, and a few weeks of field checks whose failures became cases."""

import random
from datetime import timedelta

from django.utils import timezone
from shapely.geometry import Point, shape

from accounts.models import User
from assessment import services
from assessment.models import FieldCheck, LocationType, Outcome, Site
from assessment.selectors import active_scheme
from grids.models import Grid

# (community grid, name, location type, old compound)
SITES = [
    ("G-DK-C01", "堤口庄小区（示例）", "compound", False),
    ("G-DK-C01", "堤口庄农贸市场（示例）", "market", False),
    ("G-DK-C01", "堤口庄北街（示例）", "back_street", False),
    ("G-DK-C01", "济齐路安置房工地（示例）", "site", False),
    ("G-DK-C02", "化纤厂家属院（示例）", "compound", True),
    ("G-DK-C02", "化纤厂路早市（示例）", "market", False),
    ("G-DK-C02", "化纤厂路公厕（示例）", "toilet", False),
    ("G-DK-C03", "交校路10号院（示例）", "compound", True),
    ("G-DK-C03", "交校西片区改造工地（示例）", "site", False),
    ("G-DK-C03", "交通技工学校周边（示例）", "school", False),
    ("G-DK-C03", "交校路公交站（示例）", "bus_stop", False),
    ("G-DK-C04", "济齐路（示例）", "main_street", False),
    ("G-DK-C04", "济齐路西片区工地（示例）", "site", False),
    ("G-DK-C04", "济齐路把子肉馆（示例）", "restaurant", False),
    ("G-DK-C05", "无影山西路9号院（示例）", "compound", True),
    ("G-DK-C05", "市直机关宿舍大院（示例）", "compound", False),
    ("G-DK-C05", "无影山西路新时代文明实践站（示例）", "practice_station", False),
    ("G-DK-C06", "汽车厂东路（示例）", "main_street", False),
    ("G-DK-C06", "汽车厂东路社区综合服务中心（示例）", "service_centre", False),
    ("G-DK-C06", "汽车厂东路烧烤店（示例）", "restaurant", False),
    ("G-DK-C07", "堤口路（示例）", "main_street", False),
    ("G-DK-C07", "堤口路街道办事处（示例）", "street_office", False),
    ("G-DK-C07", "堤口路北游园（示例）", "park", False),
    ("G-DK-C08", "教委宿舍（示例）", "compound", True),
    ("G-DK-C08", "南辛庄西路背街（示例）", "back_street", False),
    ("G-DK-C09", "7422宿舍（示例）", "compound", True),
    ("G-DK-C09", "标山南路小学周边（示例）", "school", False),
    ("G-DK-C10", "西工商河游园（示例）", "park", False),
    ("G-DK-C10", "西工商河公交站（示例）", "bus_stop", False),
    ("G-DK-C11", "七里河路菜市场（示例）", "market", False),
    ("G-DK-C11", "七里河路快餐店（示例）", "restaurant", False),
    ("G-DK-C11", "七里河路公厕（示例）", "toilet", False),
]


# (name, indicator names it targets, [(task, days from its start to due, done)])
ACTIONS = [
    (
        "市容环境整治攻坚行动（示例）",
        ["市容秩序", "环境卫生"],
        [("背街小巷乱堆乱放清理", 10, True), ("占道经营集中整治", 20, False), ("飞线充电排查", 25, False)],
    ),
    (
        "公益广告提升攻坚行动（示例）",
        ["公益宣传"],
        [("小区公益广告全覆盖", 14, True), ("工地围挡公益广告达标", 28, False)],
    ),
    (
        "老旧小区环境提升攻坚行动（示例）",
        ["公共设施", "垃圾分类"],
        [("无影山西路9号院路面修复", 30, False), ("分类投放点规范", 12, True)],
    ),
]


def _inside(grid: Grid, rng: random.Random) -> tuple[float, float]:
    """A position well inside the grid's outline."""
    outline = shape(grid.geometry).buffer(-0.0004)
    if outline.is_empty:
        outline = shape(grid.geometry)
    minx, miny, maxx, maxy = outline.bounds
    for _ in range(200):
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if outline.contains(Point(x, y)):
            return round(x, 6), round(y, 6)
    point = outline.representative_point()
    return point.x, point.y


def _actions(street, commander, today) -> int:
    from assessment.models import ActionTask, CampaignAction
    from assessment.selectors import active_scheme

    scheme = active_scheme("civilization")
    if scheme is None:
        return 0
    codes = dict(scheme.indicators.values_list("name", "code"))
    made = 0
    for number, (name, indicators, tasks) in enumerate(ACTIONS):
        if CampaignAction.objects.filter(name=name).exists():
            continue
        start = today - timedelta(days=21 - number * 3)
        action = CampaignAction.objects.create(
            name=name,
            indicator_codes=[codes[n] for n in indicators if n in codes],
            org_unit=street,
            owner=commander,
            starts_on=start,
            ends_on=start + timedelta(days=45),
            is_demo=True,
        )
        for order, (title, due, done) in enumerate(tasks):
            ActionTask.objects.create(
                action=action,
                title=title,
                owner=commander,
                due_on=start + timedelta(days=due),
                done_at=timezone.now() if done else None,
                order=order,
            )
        made += 1
    return made


def load(stdout=None) -> dict:
    from django.apps import apps

    from assessment.seed import seed

    # The schemes come with the migrations; a database emptied since (a flushing test) gets them back here.
    seeded = seed(apps)
    created = {"schemes": seeded["schemes"], "sites": 0}
    grids = {g.code: g for g in Grid.objects.filter(code__startswith="G-DK-C")}
    admin = User.objects.filter(username="admin", is_demo=True).first()
    assessor = User.objects.filter(username="assessor", is_demo=True).first()
    if admin is None or not grids:
        return created  # the organisation and grid demos come first
    types = {t.code: t for t in LocationType.objects.all()}
    rng = random.Random(17)
    for code, name, type_code, old in SITES:
        if code not in grids:
            continue
        position = _inside(grids[code], rng)  # drawn for every site so positions do not move between runs
        if Site.objects.filter(name=name).exists():
            continue
        services.site_create(
            actor=admin,
            name=name,
            location_type=types[type_code],
            lng=position[0],
            lat=position[1],
            address=name.removesuffix("（示例）"),
            contact_name="王经理" if type_code in ("site", "restaurant", "market") else "",
            contact_phone="13900001234" if type_code in ("site", "restaurant", "market") else "",
            is_old_compound=old,
            inspector=assessor if type_code in ("site", "restaurant") else None,
            is_demo=True,
        )
        created["sites"] += 1
    street = admin.org_unit
    commander = User.objects.filter(username="commander", is_demo=True).first()
    if street is not None:
        created["actions"] = _actions(street, commander, timezone.localdate())
    return created


def _file_and_dispatch(case, users, when) -> None:
    """Filed (through the shift lead's approval, as the demo's workflow settings ask) and sent to the category's
    department: the case then runs against its disposal deadline, and may be supervised from the assessment."""
    from cases.services import CaseError, transition

    category = case.category
    if category is None or not category.default_department_id:
        return
    condition = category.conditions.filter(urgent=False).first() or category.conditions.first()
    plan = [
        ("request_file", "operator", {"category": category, "condition": condition}),
        ("approve_file", "shift_lead", {}),
        ("dispatch", "dispatcher", {"department": category.default_department}),
    ]
    for minutes, (action, username, fields) in zip((20, 40, 60), plan, strict=True):
        try:
            case = transition(case=case, action=action, actor=users[username], now=when + timedelta(minutes=minutes),
                              **fields)  # fmt: skip
        except CaseError:
            return


def load_checks(stdout=None, *, days: int = 21, seed: int = 11) -> dict:
    """Self-checks of every demo site over the last weeks; a failure becomes a deduction and a case, some of
    which the departments have fixed since (idempotent: checks are keyed)."""
    from cases.demo import advance
    from cases.tests_support import demo_photo

    created = {"checks": 0}
    assessor = User.objects.filter(username="assessor", is_demo=True).first()
    users = {u.username: u for u in User.objects.filter(is_demo=True)}
    if assessor is None or FieldCheck.objects.filter(is_demo=True).exists():
        return created
    rng = random.Random(seed)
    now = timezone.now()
    for kind, rounds in (("civilization", 2), ("dust", 3)):
        scheme = active_scheme(kind)
        if scheme is None:
            continue
        for site in Site.objects.filter(is_demo=True).select_related("location_type").order_by("pk"):
            items = list(scheme.items.filter(location_type=site.location_type))
            if not items:
                continue
            for round_ in range(rounds):
                when = now - timedelta(
                    days=days - round_ * (days // rounds) - rng.randint(0, 3), hours=rng.randint(0, 6)
                )
                answers = []
                for item in items:
                    failed = rng.random() < 0.12
                    answers.append(
                        services.Answer(
                            item_id=item.pk,
                            outcome=Outcome.FAIL
                            if failed
                            else (Outcome.PASS if rng.random() < 0.95 else Outcome.NOT_APPLICABLE),
                            count=rng.randint(1, 3) if failed else 1,
                            photos=[demo_photo(rng)] if failed else [],
                        )
                    )
                check, new = services.field_check_submit(
                    actor=assessor,
                    site=site,
                    scheme=scheme,
                    client_id=f"demo-{kind}-{site.pk}-{round_}",
                    answers=answers,
                    now=when,
                    is_demo=True,
                )
                created["checks"] += int(new)
                for result in check.results.filter(outcome=Outcome.FAIL).select_related("deduction__case"):
                    case = result.deduction.case
                    if case.state != "reported":
                        continue
                    if rng.random() < 0.6:
                        advance(case, result.item.category, users, rng, when)
                    elif rng.random() < 0.7:
                        _file_and_dispatch(case, users, when)
    # The worker brings deductions in step with their cases as events are delivered; the demo shows it at once.
    services.deductions_reconcile()
    return created
