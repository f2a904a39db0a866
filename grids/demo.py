"""Demo grids: 4 road zones and 11 community grids around the real Dikou area.

The outlines are drawn by rule, not surveyed: a lattice over 36.67–36.70 N,
116.96–117.00 E whose inner corners and edge midpoints are nudged so the
shapes look like city blocks. Neighbours share their edge vertices exactly, so
grids of one kind adjoin without gaps or overlaps.
"""

import hashlib

import shapely

from accounts.models import OrgUnit, User
from grids import services
from grids.geometry import to_geojson
from grids.models import Grid, GridKind, MemberDuty, PartnerUnit, PartnerUnitKind

WEST, EAST, SOUTH, NORTH = 116.96, 117.00, 36.67, 36.70

# (org unit code, population). The grid code is "G-" + the org unit code.
COMMUNITY_CELLS = [
    ("DK-C01", 11800),
    ("DK-C02", 9600),
    ("DK-C03", 12400),
    ("DK-C04", 8700),
    ("DK-C05", 10300),
    ("DK-C06", 7900),
    ("DK-C07", 13100),
    ("DK-C08", 9200),
    ("DK-C09", 8400),
    ("DK-C10", 10900),
    ("DK-C11", 14600),
]
ZONE_CODES = ["DK-Z1", "DK-Z2", "DK-Z3", "DK-Z4"]

PARTNERS = [
    ("济南重型机械厂（示例）", PartnerUnitKind.FACTORY, "DK-C01"),
    ("省交通科学研究所（示例）", PartnerUnitKind.INSTITUTE, "DK-C03"),
    ("市直机关宿舍大院（示例）", PartnerUnitKind.COMPOUND, "DK-C05"),
    ("济南交通高级技工学校（示例）", PartnerUnitKind.SCHOOL, "DK-C03"),
    ("化纤厂家属院（示例）", PartnerUnitKind.COMPOUND, "DK-C02"),
]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建华", "秀英", "志强", "丽娟", "海燕", "国庆", "红梅", "立新", "春生", "玉兰", "文杰", "桂芳"]


def _jitter(key: str, scale: float) -> tuple[float, float]:
    digest = hashlib.sha256(key.encode()).digest()
    return ((digest[0] / 255) - 0.5) * scale, ((digest[1] / 255) - 0.5) * scale


def _lattice(columns: int, rows: int, scale: float) -> list[list[tuple[float, float]]]:
    """Vertex (i, j) for i in 0..columns, j in 0..rows; the outer boundary stays straight."""
    vertices = []
    for i in range(columns + 1):
        column = []
        for j in range(rows + 1):
            x = WEST + (EAST - WEST) * i / columns
            y = SOUTH + (NORTH - SOUTH) * j / rows
            if 0 < i < columns and 0 < j < rows:
                dx, dy = _jitter(f"v{columns}{rows}{i}{j}", scale)
                x, y = x + dx, y + dy
            column.append((round(x, 6), round(y, 6)))
        vertices.append(column)
    return vertices


def _edge_mid(a: tuple[float, float], b: tuple[float, float], scale: float, straight: bool) -> tuple[float, float]:
    x, y = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    if not straight:
        dx, dy = _jitter("e" + repr(sorted([a, b])), scale)
        x, y = x + dx, y + dy
    return round(x, 6), round(y, 6)


def _cell(vertices, i: int, j: int, columns: int, rows: int, scale: float) -> shapely.Polygon:
    corners = [vertices[i][j], vertices[i + 1][j], vertices[i + 1][j + 1], vertices[i][j + 1]]
    on_border = [j == 0, i + 1 == columns, j + 1 == rows, i == 0]  # south, east, north, west
    ring = []
    for side in range(4):
        a, b = corners[side], corners[(side + 1) % 4]
        ring += [a, _edge_mid(a, b, scale, straight=on_border[side])]
    return shapely.Polygon(ring)


def community_outlines() -> list[shapely.Geometry]:
    columns, rows, scale = 4, 3, 0.003
    vertices = _lattice(columns, rows, scale)
    cells = [_cell(vertices, i, j, columns, rows, scale / 2) for j in range(rows) for i in range(columns)]
    # 12 cells, 11 communities: the two north-east cells form one large community.
    merged = shapely.union(cells[10], cells[11])
    return [*cells[:10], shapely.normalize(merged)]


def zone_outlines() -> list[shapely.Geometry]:
    columns, rows, scale = 2, 2, 0.004
    vertices = _lattice(columns, rows, scale)
    return [_cell(vertices, i, j, columns, rows, scale / 2) for j in range(rows) for i in range(columns)]


def _person(index: int) -> tuple[str, str]:
    name = SURNAMES[index * 7 % len(SURNAMES)] + GIVEN[index * 5 % len(GIVEN)]
    return name, f"1390531{index:04d}"


def load(stdout=None) -> dict:
    created = {"grids": 0, "members": 0, "partner_units": 0}
    units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=ZONE_CODES + [c for c, _p in COMMUNITY_CELLS])}
    if len(units) < len(ZONE_CODES) + len(COMMUNITY_CELLS):
        return created  # the organisation demo comes first
    plans = [
        (f"G-{code}", units[code], GridKind.ROAD, outline, 0)
        for code, outline in zip(ZONE_CODES, zone_outlines(), strict=True)
    ] + [
        (f"G-{code}", units[code], GridKind.COMMUNITY, outline, population)
        for (code, population), outline in zip(COMMUNITY_CELLS, community_outlines(), strict=True)
    ]
    grids = {}
    person = 0
    patrollers = {
        user.org_unit.code: user
        for user in User.objects.filter(roles__code="patroller", is_demo=True).select_related("org_unit")
    }
    for code, unit, kind, outline, population in plans:
        grid = Grid.objects.filter(code=code).first()
        if grid is None:
            grid = services.grid_create(
                actor=None,
                code=code,
                name=unit.name.split(" ")[0] if kind == GridKind.ROAD else unit.name,
                kind=kind,
                geometry=to_geojson(outline),
                org_unit=unit,
                population=population,
                households=round(population / 2.6),
                is_demo=True,
            )
            created["grids"] += 1
            duties = [MemberDuty.CHIEF, MemberDuty.WORKER, MemberDuty.PATROLLER, MemberDuty.PATROLLER]
            for duty in duties:
                person += 1
                user = patrollers.get(unit.code) if duty == MemberDuty.WORKER else None
                name, phone = (str(user), user.phone) if user else _person(person + len(code))
                services.grid_member_add(
                    actor=None, grid=grid, duty=duty, name=name, phone=phone, user=user, is_demo=True
                )
                created["members"] += 1
        grids[unit.code] = grid
    for name, kind, community in PARTNERS:
        if PartnerUnit.objects.filter(name=name).exists():
            continue
        partner = services.partner_unit_create(actor=None, name=name, kind=kind, grids=[grids[community]], is_demo=True)
        contact, phone = _person(len(name) * 3)
        services.grid_member_add(
            actor=None,
            grid=grids[community],
            duty=MemberDuty.PARTNER_CONTACT,
            name=contact,
            phone=phone,
            partner_unit=partner,
            is_demo=True,
        )
        created["partner_units"] += 1
    return created
