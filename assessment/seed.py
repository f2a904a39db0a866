"""The default schemes, seeded from the reference checklists shipped in assessment/data/.

The sources give requirements but no points (data/README.md). The defaults below are ours, chosen so that the
battle cry holds — one failure costs 0.1 of 100 marks — and every number is an admin setting afterwards:

- civilization scheme: 100 marks over the areas (公益宣传, 市容秩序 …), each area's share proportional to its
  number of items; a failure costs 0.10, at most 0.30 at one place (three instances or more);
- dust scheme: 100 marks over its rule groups (六个百分之百, 四个一律, 油烟, 燃煤 …); a failure costs 1.00;
- assessors' sample per location type: the 2016 Jinan field visit (10 communities, main and back streets,
  markets, sites, schools, squares, bus lines), scaled to one subdistrict;
- construction sites are due for a dust check every 7 days, restaurants every 14.

Works with the historical models of a migration (pass `apps`) and with the real ones.
"""

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

# (code, name, assessors' sample, check every N days)
LOCATION_TYPES = [
    ("compound", "居民小区", 10, None),
    ("main_street", "主次干道", 4, None),
    ("back_street", "背街小巷", 4, None),
    ("market", "农贸市场", 2, None),
    ("site", "建筑工地", 2, 7),
    ("restaurant", "餐饮单位", 3, 14),
    ("toilet", "公共厕所", 3, None),
    ("park", "公园广场", 2, None),
    ("bus_stop", "公交站点", 4, None),
    ("school", "学校周边", 2, None),
    ("practice_station", "新时代文明实践站", 2, None),
    ("service_centre", "社区综合服务中心", 3, None),
    ("street_office", "街道办事处", 1, None),
]
# Location types as the reference file spells some of them.
TYPE_ALIASES = {
    "居民小区(含老旧小区)": "居民小区",
    "次干道/商业大街": "主次干道",
    "交通路口": "主次干道",
    "公交线路": "公交站点",
}
NOT_CHECKABLE_AREAS = {"考察方法"}  # how assessors sample, not something a place passes or fails

# The case category a failure becomes: the first keyword found in the item and its requirement, else the
# area's default, else 其他市容环境问题.
CATEGORY_KEYWORDS = [
    ("小广告", "event-0201"),
    ("乱贴", "event-0201"),
    ("张贴", "event-0201"),
    ("条幅", "event-0202"),
    ("广告招牌", "event-0205"),
    ("油烟", "event-0116"),
    ("烧烤", "event-0510"),
    ("扬尘", "event-0302"),
    ("围挡", "event-0302"),
    ("渣土", "event-0303"),
    ("占道", "event-0504"),
    ("出店", "event-0504"),
    ("摆摊", "event-0501"),
    ("游商", "event-0501"),
    ("晾晒", "event-0511"),
    ("乱牵乱挂", "event-0511"),
    ("乱堆", "event-0507"),
    ("堆放", "event-0507"),
    ("私搭乱建", "event-0101"),
    ("乱搭建", "event-0101"),
    ("停放", "event-0506"),
    ("流浪乞讨", "event-0502"),
    ("公厕", "component-0301"),
    ("照明", "component-0118"),
    ("盲道", "event-0110"),
    ("路面", "event-0110"),
    ("暴露垃圾", "event-0102"),
    ("垃圾", "event-0102"),
]
AREA_CATEGORIES = {
    "公益宣传": "component-0501",
    "环境卫生": "event-0102",
    "垃圾分类": "component-0305",
    "市容秩序": "event-0599",
    "公共秩序": "event-0599",
    "扬尘": "event-0302",
    "餐饮油烟": "event-0116",
}
FALLBACK_CATEGORY = "event-0199"

# Dust and air: the checkable lines of dust_control.csv, grouped, with the type of place they are checked at.
# The other lines (penalties, who is responsible, other cities' variants) stay in the file as background.
DUST_GROUPS = [
    ("D1", "六个百分之百", "site", [("六个百分之百(济南口径)", None)]),
    ("D2", "四个一律", "site", [("四个一律(济南口径)", ["裸露渣土一律覆盖", "运输道路一律硬化"])]),
    (
        "D3",
        "扬尘监测与公示",
        "site",
        [
            ("济南扬尘在线监测", ["安装数量"]),
            ("济南扬尘在线监测(2019)", ["视频覆盖"]),
            ("大气污染防治法", ["信息公示", "易扬尘物料贮存"]),
        ],
    ),
    (
        "D4",
        "餐饮油烟",
        "restaurant",
        [("餐饮油烟", ["净化设施", "禁排下水道", "露天烧烤"]), ("餐饮油烟(街道检查实践)", ["检查要点"])],
    ),
    ("D5", "民用燃煤清洁化", "compound", [("民用燃煤清洁化", ["民用散煤质量", "济南散煤管理"])]),
]


def _rows(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def category_code(area: str, item: str, requirement: str) -> str:
    text = f"{item} {requirement}"
    for keyword, code in CATEGORY_KEYWORDS:
        if keyword in text:
            return code
    return AREA_CATEGORIES.get(area, FALLBACK_CATEGORY)


def _shares(counts: dict[str, int], total: Decimal) -> dict[str, Decimal]:
    """Split `total` over the keys in proportion to their counts, in steps of 0.5, adding up exactly."""
    whole = sum(counts.values())
    shares = {
        key: (total * count / whole * 2).quantize(Decimal("1"), ROUND_HALF_UP) / 2 for key, count in counts.items()
    }
    biggest = max(counts, key=counts.get)
    shares[biggest] += total - sum(shares.values())
    return shares


def seed(apps) -> dict[str, int]:
    """The location types and the two default schemes, if there are none yet. Returns what was created."""
    LocationType = apps.get_model("assessment", "LocationType")
    Scheme = apps.get_model("assessment", "Scheme")
    created = {"location_types": 0, "schemes": 0, "items": 0}
    types = {}
    for order, (code, name, sample, every) in enumerate(LOCATION_TYPES):
        types[name], new = LocationType.objects.get_or_create(
            code=code, defaults={"name": name, "sample_size": sample, "check_every_days": every, "order": order}
        )
        created["location_types"] += new
    if not Scheme.objects.filter(kind="civilization").exists():
        created["items"] += _civilization(apps, types)
        created["schemes"] += 1
    if not Scheme.objects.filter(kind="dust").exists():
        created["items"] += _dust(apps, {t.code: t for t in types.values()})
        created["schemes"] += 1
    return created


def _civilization(apps, types) -> int:
    Scheme = apps.get_model("assessment", "Scheme")
    Indicator = apps.get_model("assessment", "Indicator")
    CheckItem = apps.get_model("assessment", "CheckItem")
    categories = dict(apps.get_model("cases", "Category").objects.values_list("code", "pk"))
    rows = [row for row in _rows("field_check_items.csv") if row["area"] not in NOT_CHECKABLE_AREAS]
    scheme = Scheme.objects.create(
        kind="civilization",
        name="全国文明城市测评（本地口径）",
        version=1,
        status="active",
        full_marks=Decimal("100"),
        note="由 field_check_items.csv 生成：分值为本平台默认值，可由管理员调整。",
    )
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["area"]] = counts.get(row["area"], 0) + 1
    indicators = {}
    for order, (area, marks) in enumerate(_shares(counts, scheme.full_marks).items()):
        indicators[area] = Indicator.objects.create(
            scheme=scheme, code=f"A{order + 1:02d}", name=area, full_marks=marks, order=order
        )
    numbers: dict[str, int] = {}
    for order, row in enumerate(rows):
        kind = types[TYPE_ALIASES.get(row["location_type"], row["location_type"])]
        numbers[kind.code] = numbers.get(kind.code, 0) + 1
        CheckItem.objects.create(
            scheme=scheme,
            indicator=indicators[row["area"]],
            location_type=kind,
            code=f"{kind.code}-{numbers[kind.code]:02d}",
            name=row["item"][:100],
            requirement=row["requirement"],
            points=Decimal("0.10"),
            cap_per_place=Decimal("0.30"),
            category_id=categories[category_code(row["area"], row["item"], row["requirement"])],
            source=row["source"],
            order=order,
        )
    return len(rows)


def _dust(apps, types) -> int:
    Scheme = apps.get_model("assessment", "Scheme")
    Indicator = apps.get_model("assessment", "Indicator")
    CheckItem = apps.get_model("assessment", "CheckItem")
    categories = dict(apps.get_model("cases", "Category").objects.values_list("code", "pk"))
    rows = _rows("dust_control.csv")
    scheme = Scheme.objects.create(
        kind="dust",
        name="扬尘治理与大气污染防治检查（济南口径）",
        version=1,
        status="active",
        full_marks=Decimal("100"),
        note="由 dust_control.csv 中可检查的条目生成（见 assessment/seed.py DUST_GROUPS）。",
    )
    picked = []
    for code, name, type_code, selectors in DUST_GROUPS:
        for rule_set, items in selectors:
            for row in rows:
                if row["rule_set"] == rule_set and (items is None or row["item"] in items):
                    picked.append((code, name, type_code, row))
    counts: dict[str, int] = {}
    for code, _name, _type, _row in picked:
        counts[code] = counts.get(code, 0) + 1
    shares = _shares(counts, scheme.full_marks)
    indicators = {}
    for order, (code, name, _type, _selectors) in enumerate(DUST_GROUPS):
        indicators[code] = Indicator.objects.create(
            scheme=scheme, code=code, name=name, full_marks=shares[code], order=order
        )
    for order, (code, _name, type_code, row) in enumerate(picked):
        CheckItem.objects.create(
            scheme=scheme,
            indicator=indicators[code],
            location_type=types[type_code],
            code=f"{code}-{order + 1:02d}",
            name=row["item"][:100],
            requirement=row["requirement"],
            points=Decimal("1.00"),
            cap_per_place=Decimal("1.00"),
            category_id=categories[
                category_code("扬尘" if type_code == "site" else "餐饮油烟", row["item"], row["requirement"])
            ]
            if type_code != "compound"
            else categories["event-0115"],
            source=row["source"],
            order=order,
        )
    return len(picked)
