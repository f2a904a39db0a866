"""Demo organisation: a Dikou-like subdistrict. Every row is marked is_demo.

The names are realistic but invented for the demo (the road names are real
Jinan roads; the community list is not the official one).
"""

from accounts import services
from accounts.models import Department, OrgUnit, OrgUnitKind, User

DEMO_PASSWORD = "Demo@2026"

DISTRICT = ("370105", "天桥区（示例）")
SUBDISTRICT = ("370105-DK", "堤口路街道（示例）", "济南市天桥区堤口路 88 号", "0531-85951234")

ZONES = [
    ("DK-Z1", "第一片区 济齐路沿线"),
    ("DK-Z2", "第二片区 堤口路沿线"),
    ("DK-Z3", "第三片区 无影山西路沿线"),
    ("DK-Z4", "第四片区 交校路—化纤厂路"),
]

COMMUNITIES = [
    ("DK-C01", "堤口庄社区"),
    ("DK-C02", "化纤厂路社区"),
    ("DK-C03", "交校路社区"),
    ("DK-C04", "济齐路社区"),
    ("DK-C05", "无影山西路社区"),
    ("DK-C06", "汽车厂东路社区"),
    ("DK-C07", "堤口路北社区"),
    ("DK-C08", "南辛庄西路社区"),
    ("DK-C09", "标山南路社区"),
    ("DK-C10", "西工商河社区"),
    ("DK-C11", "七里河路社区"),
]

# (code, name, serves: "district" | "subdistrict" | None, duties)
DEPARTMENTS = [
    ("DEP-CG", "城管执法中队", "subdistrict", "占道经营、违规广告、私搭乱建、渣土车辆等市容秩序问题"),
    ("DEP-HW", "环卫所", "subdistrict", "道路清扫保洁、暴露垃圾、垃圾桶和公厕管理"),
    ("DEP-ZJ", "住建办（物业办）", "subdistrict", "老旧小区、物业管理、建筑工地扬尘"),
    ("DEP-SZ", "区市政工程服务中心", "district", "道路、井盖、路灯、雨污管网"),
    ("DEP-YL", "区园林绿化服务中心", "district", "行道树、绿地、公园设施"),
    ("DEP-SCJG", "市场监管所", "district", "农贸市场、餐饮单位、油烟净化"),
    ("DEP-HB", "生态环境分局", "district", "大气污染、餐饮油烟、燃煤治理"),
    ("DEP-SW", "供水公司天桥营业所", None, "供水管道、消防栓、水表井"),
]

# (username, name, roles, unit: "subdistrict" | community code, department code, phone)
USERS = [
    ("admin", "系统管理员", ["admin"], "subdistrict", None, "13800000001"),
    ("commander", "王建国", ["commander"], "subdistrict", None, "13800000002"),
    ("operator", "李晓燕", ["operator"], "subdistrict", None, "13800000003"),
    ("shift_lead", "赵立军", ["shift_lead"], "subdistrict", None, "13800000004"),
    ("dispatcher", "陈静", ["dispatcher"], "subdistrict", None, "13800000005"),
    ("handler", "刘海涛", ["handler"], "subdistrict", "DEP-HW", "13800000006"),
    ("handler_sz", "马建军", ["handler"], "subdistrict", "DEP-SZ", "13800000012"),
    ("handler_yl", "何秀兰", ["handler"], "subdistrict", "DEP-YL", "13800000013"),
    ("handler_cg", "高志刚", ["handler"], "subdistrict", "DEP-CG", "13800000014"),
    ("handler_zj", "罗文静", ["handler"], "subdistrict", "DEP-ZJ", "13800000015"),
    ("patroller", "张伟", ["patroller"], "DK-C01", None, "13800000007"),
    ("assessor", "孙丽", ["assessor"], "subdistrict", None, "13800000008"),
    ("volunteer_admin", "周敏", ["volunteer_admin"], "subdistrict", None, "13800000009"),
    ("volunteer", "吴磊", ["volunteer"], "DK-C01", None, "13800000010"),
    ("patroller2", "郑强", ["patroller"], "DK-C02", None, "13800000011"),
]


def _unit(code: str, *, parent: OrgUnit | None, name: str, kind: str, **extra) -> OrgUnit:
    existing = OrgUnit.objects.filter(code=code).first()
    if existing:
        return existing
    return services.org_unit_create(actor=None, parent=parent, code=code, name=name, kind=kind, is_demo=True, **extra)


def load(stdout=None) -> dict:
    """Create what is missing; leave what exists untouched (so running twice changes nothing)."""
    created = {"org_units": 0, "departments": 0, "users": 0}
    before = OrgUnit.objects.count()
    district = _unit(DISTRICT[0], parent=None, name=DISTRICT[1], kind=OrgUnitKind.DISTRICT)
    code, name, address, phone = SUBDISTRICT
    subdistrict = _unit(code, parent=district, name=name, kind=OrgUnitKind.SUBDISTRICT, address=address, phone=phone)
    units = {"district": district, "subdistrict": subdistrict}
    for code, name in ZONES:
        units[code] = _unit(code, parent=subdistrict, name=name, kind=OrgUnitKind.ZONE)
    for code, name in COMMUNITIES:
        units[code] = _unit(code, parent=subdistrict, name=name, kind=OrgUnitKind.COMMUNITY)
    created["org_units"] = OrgUnit.objects.count() - before

    departments = {}
    for code, name, serves, duties in DEPARTMENTS:
        department = Department.objects.filter(code=code).first()
        if department is None:
            department = services.department_create(
                actor=None,
                code=code,
                name=name,
                org_unit=units[serves] if serves else None,
                duties=duties,
                is_demo=True,
            )
            created["departments"] += 1
        departments[code] = department
    for code, name in COMMUNITIES:
        dep_code = f"DEP-{code}"
        department = Department.objects.filter(code=dep_code).first()
        if department is None:
            department = services.department_create(
                actor=None,
                code=dep_code,
                name=f"{name}居委会",
                org_unit=units[code],
                duties="社区环境、楼道堆物、居民矛盾调解",
                is_demo=True,
            )
            created["departments"] += 1
        departments[dep_code] = department

    for username, name, roles, unit, dep_code, phone in USERS:
        if User.objects.filter(username=username).exists():
            continue
        user = services.user_create(
            actor=None,
            username=username,
            name=name,
            org_unit=units[unit],
            roles=roles,
            department=departments[dep_code] if dep_code else None,
            phone=phone,
            password=DEMO_PASSWORD,
            validate=False,
            is_demo=True,
        )
        if "admin" in roles:
            User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
        created["users"] += 1
    return created
