"""Demo wiring of the catalogue: each major class gets the demo department that handles it."""

from accounts.models import Department
from cases.models import Category

# (kind, major code) → demo department code (accounts.demo.DEPARTMENTS).
DEFAULT_DEPARTMENTS = {
    ("component", "01"): "DEP-SZ",
    ("component", "02"): "DEP-SZ",
    ("component", "03"): "DEP-HW",
    ("component", "04"): "DEP-YL",
    ("component", "05"): "DEP-ZJ",
    ("component", "06"): "DEP-CG",
    ("component", "21"): "DEP-CG",
    ("event", "01"): "DEP-HW",
    ("event", "02"): "DEP-CG",
    ("event", "03"): "DEP-ZJ",
    ("event", "04"): "DEP-CG",
    ("event", "05"): "DEP-CG",
    ("event", "21"): "DEP-CG",
}


def ensure_reference_data() -> dict:
    """The rows migrations seed (catalogue, stage limits, settings, work calendar), put back if missing.

    A database restored from an old dump, or flushed by a test run, may lack them; every function here adds
    only what is missing.
    """
    from decimal import Decimal

    from cases.calendar_import import calendar_import, calendar_rows_from_package
    from cases.catalogue import read_catalogue
    from cases.catalogue_load import load_specs
    from cases.models import CalendarYear, FilingCondition, StageLimit, WorkflowSettings

    created, _kept = load_specs(read_catalogue(), Category=Category, FilingCondition=FilingCondition)
    for stage, amount in (("filing", "1"), ("dispatch", "1"), ("verification", "4"), ("closing", "2")):
        StageLimit.objects.get_or_create(stage=stage, defaults={"amount": Decimal(amount), "unit": "work_hour"})
    if not WorkflowSettings.objects.exists():
        WorkflowSettings.objects.create()
    calendar_years = 0
    if not CalendarYear.objects.filter(status="published").exists():
        calendar_years = len(calendar_import(actor=None, rows=calendar_rows_from_package()))
    return {"categories": created, "calendar_years": calendar_years}


def load(stdout=None) -> dict:
    reference = ensure_reference_data()
    departments = {d.code: d for d in Department.objects.filter(code__in=set(DEFAULT_DEPARTMENTS.values()))}
    updated = 0
    for (kind, major), code in DEFAULT_DEPARTMENTS.items():
        department = departments.get(code)
        if department is None:
            continue
        updated += Category.objects.filter(kind=kind, major_code=major, default_department__isnull=True).update(
            default_department=department
        )
    return {**reference, "category_departments": updated}


# --- A month of demo cases --------------------------------------------------------------

DEMO_CATEGORIES = [
    "event-0102",
    "event-0104",
    "component-0101",
    "component-0305",
    "event-0501",
    "event-0201",
    "component-0402",
    "event-0110",
]
DESCRIPTIONS = {
    "event-0102": ["路口有暴露垃圾", "绿化带内堆放生活垃圾", "小区门口垃圾未入桶"],
    "event-0104": ["路面有油污和泥土", "人行道不洁，散落杂物"],
    "component-0101": ["上水井盖缺失", "井盖破损松动"],
    "component-0305": ["垃圾箱破损", "垃圾箱满溢未清运"],
    "event-0501": ["流动摊贩占道经营", "无照游商在路口经营"],
    "event-0201": ["墙面有非法小广告", "电线杆上张贴小广告"],
    "component-0402": ["行道树倒伏", "行道树枯死"],
    "event-0110": ["人行道地砖破损", "路面出现坑洼"],
}


def load_cases(stdout=None, *, days: int = 30, per_day: int = 8, seed: int = 7) -> dict:
    """About a month of cases through the real workflow (transition() with past times), idempotently."""
    import random
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import User
    from cases.models import Case
    from cases.services import case_report
    from cases.tests_support import demo_photo
    from grids.models import Grid

    if Case.objects.filter(idempotency_key__startswith="demo-").exists():
        return {"cases": 0}
    users = {u.username: u for u in User.objects.filter(is_demo=True)}
    if not {"operator", "dispatcher", "handler", "patroller", "shift_lead"} <= set(users):
        return {"cases": 0}
    # The demo shows the shift lead's approval of filing and voiding (off by default; an admin may turn it off).
    from cases.models import WorkflowSettings
    from civicgrid.config_cache import forget

    WorkflowSettings.objects.update(intake_approval=True)
    forget()
    categories = {
        c.code: c for c in Category.objects.filter(code__in=DEMO_CATEGORIES).select_related("default_department")
    }
    grids = list(Grid.objects.filter(kind="community").order_by("code"))
    rng = random.Random(seed)
    today = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    created = 0
    for day in range(days, -1, -1):
        start = today - timedelta(days=day)
        if start.weekday() >= 5 and rng.random() < 0.6:
            continue
        for number in range(rng.randint(per_day - 3, per_day + 3)):
            code = rng.choice(DEMO_CATEGORIES)
            category = categories.get(code)
            grid = rng.choice(grids)
            when = start + timedelta(minutes=rng.randint(0, 420))
            if when > timezone.now():
                continue
            x = grid.min_lng + (grid.max_lng - grid.min_lng) * rng.uniform(0.3, 0.7)
            y = grid.min_lat + (grid.max_lat - grid.min_lat) * rng.uniform(0.3, 0.7)
            try:
                case, _created = case_report(
                    source=rng.choice(["patrol", "patrol", "citizen", "hotline"]), description=rng.choice(DESCRIPTIONS[code]),
                    lng=x, lat=y, actor=users["patroller"] if rng.random() < 0.5 else None, category=category,
                    idempotency_key=f"demo-{day}-{number}", photos=[demo_photo(rng)], now=when,
                )  # fmt: skip
            except Exception:  # a position on no grid's responsible unit: skip it, the demo goes on
                continue
            created += 1
            advance(case, category, users, rng, when)
    return {"cases": created}


def advance(case, category, users, rng, when):
    """Walk a demo case some steps through the workflow (all of them once it is a few days old)."""
    from datetime import timedelta

    from django.utils import timezone

    from cases.services import CaseError, transition
    from cases.tests_support import demo_photo

    handlers = {u.department_id: u for u in users.values() if u.department_id and u.has_role("handler")}
    age_days = (timezone.now() - when).days
    steps = 8 if age_days > 3 else rng.randint(0, 7)
    if category is None or not category.default_department_id:
        return
    condition = category.conditions.filter(urgent=False).first() or category.conditions.first()
    t = when
    plan = [
        ("request_file", "operator", {"category": category, "condition": condition}),
        ("approve_file", "shift_lead", {}),
        ("dispatch", "dispatcher", {"department": category.default_department}),
        ("accept", "handler", {}),
        ("dispose", "handler", {"feedback": "已处置完毕", "photos_after": [demo_photo(rng, after=True)]}),
        ("verify_ok", "operator", {}),
        ("close", "shift_lead", {}),
    ]
    for action, username, fields in plan[:steps]:
        t += timedelta(minutes=rng.randint(10, 240 if action == "dispose" else 60))
        if t > timezone.now():
            return
        actor = users[username]
        if username == "handler":
            actor = handlers.get(category.default_department_id)
            if actor is None:
                return
        try:
            case = transition(case=case, action=action, actor=actor, now=t, **fields)
        except CaseError:
            return
