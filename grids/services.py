"""Every write to grids: one function per business action, audited, index kept fresh."""

from collections.abc import Callable
from dataclasses import dataclass, field

import shapely
import shapely.geometry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import OrgUnit
from audit.services import audit_record
from grids.geometry import GeometryError, area_m2, parse_polygon, to_geojson
from grids.locator import mark_grids_changed
from grids.models import Grid, GridGeometryVersion, GridKind, GridMember, PartnerUnit

# Two grids of one kind may share edges; overlapping by more than this share
# of the smaller one is a drawing mistake.
OVERLAP_TOLERANCE = 0.005


def _geometry_fields(geometry: shapely.Geometry) -> dict:
    # Store exactly what the GeoJSON says (rounded to ~1 cm), so WKB, bbox, area
    # and an exported file all describe the same outline.
    geojson = to_geojson(geometry)
    geometry = shapely.geometry.shape(geojson)
    min_lng, min_lat, max_lng, max_lat = geometry.bounds
    return {
        "geometry": geojson,
        "wkb": shapely.to_wkb(geometry),
        "min_lng": min_lng,
        "min_lat": min_lat,
        "max_lng": max_lng,
        "max_lat": max_lat,
        "area_m2": area_m2(geometry),
    }


def _parse(geojson: dict, crs: str) -> shapely.Geometry:
    try:
        return parse_polygon(geojson, crs=crs)
    except GeometryError as exc:
        raise ValidationError({"geometry": str(exc)}) from exc


def grid_create(
    *,
    actor,
    code: str,
    name: str,
    kind: str,
    geometry: dict,
    crs: str = "wgs84",
    parent: Grid | None = None,
    org_unit: OrgUnit | None = None,
    population: int = 0,
    households: int = 0,
    is_demo: bool = False,
) -> Grid:
    if kind not in GridKind.values:
        raise ValidationError({"kind": _("Unknown grid kind.")})
    if Grid.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A grid with this code already exists.")})
    shape = _parse(geometry, crs)
    overlaps = _overlapping(kind, {code: shape}, exclude=set())
    if overlaps:
        raise ValidationError({"geometry": overlaps[code]})
    with transaction.atomic():
        grid = Grid.objects.create(
            code=code,
            name=name,
            kind=kind,
            parent=parent,
            org_unit=org_unit,
            population=population,
            households=households,
            is_demo=is_demo,
            **_geometry_fields(shape),
        )
        GridGeometryVersion.objects.create(
            grid=grid,
            version=1,
            geometry=grid.geometry,
            area_m2=grid.area_m2,
            changed_by=_user(actor),
            note=_("first outline"),
        )
        audit_record(actor=actor, action="grid.create", target=grid, summary=name, data={"kind": kind})
        mark_grids_changed()
    return grid


def grid_update_geometry(*, actor, grid: Grid, geometry: dict, crs: str = "wgs84", note: str = "") -> Grid:
    shape = _parse(geometry, crs)
    overlaps = _overlapping(grid.kind, {grid.code: shape}, exclude={grid.code})
    if overlaps:
        raise ValidationError({"geometry": overlaps[grid.code]})
    with transaction.atomic():
        grid = Grid.objects.select_for_update().get(pk=grid.pk)
        for key, value in _geometry_fields(shape).items():
            setattr(grid, key, value)
        grid.geometry_version += 1
        grid.save()
        GridGeometryVersion.objects.create(
            grid=grid,
            version=grid.geometry_version,
            geometry=grid.geometry,
            area_m2=grid.area_m2,
            changed_by=_user(actor),
            note=note[:200],
        )
        audit_record(
            actor=actor,
            action="grid.update_geometry",
            target=grid,
            summary=grid.name,
            data={"version": grid.geometry_version, "note": note},
        )
        mark_grids_changed()
    return grid


def grid_member_add(
    *,
    actor,
    grid: Grid,
    duty: str,
    name: str,
    phone: str = "",
    user=None,
    partner_unit: PartnerUnit | None = None,
    is_demo: bool = False,
) -> GridMember:
    if GridMember.objects.filter(grid=grid, duty=duty, name=name).exists():
        raise ValidationError({"name": _("This person already has this duty in the grid.")})
    with transaction.atomic():
        member = GridMember.objects.create(
            grid=grid, duty=duty, name=name, phone=phone, user=user, partner_unit=partner_unit, is_demo=is_demo
        )
        audit_record(actor=actor, action="grid.member_add", target=grid, summary=name, data={"duty": duty})
    return member


def grid_member_remove(*, actor, member: GridMember) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="grid.member_remove",
            target=member.grid,
            summary=member.name,
            data={"duty": member.duty},
        )
        member.delete()


def partner_unit_create(
    *, actor, name: str, kind: str, address: str = "", grids=(), is_demo: bool = False
) -> PartnerUnit:
    with transaction.atomic():
        unit = PartnerUnit.objects.create(name=name, kind=kind, address=address, is_demo=is_demo)
        unit.grids.set(grids)
        audit_record(actor=actor, action="partner_unit.create", target=unit, summary=name)
    return unit


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _overlapping(kind: str, shapes: dict[str, shapely.Geometry], exclude: set[str]) -> dict[str, str]:
    """Codes in `shapes` that overlap another grid of `kind` (in the database or in `shapes`)."""
    others = [
        (code, shapely.from_wkb(bytes(wkb)))
        for code, wkb in Grid.objects.filter(kind=kind, is_active=True)
        .exclude(code__in=exclude | set(shapes))
        .values_list("code", "wkb")
    ]
    others += list(shapes.items())
    if len(others) < 2:
        return {}
    codes = [code for code, _geometry in others]
    geometries = [geometry for _code, geometry in others]
    tree = shapely.STRtree(geometries)
    problems = {}
    for code, geometry in shapes.items():
        for index in tree.query(geometry, predicate="intersects"):
            other = codes[index]
            if other == code:
                continue
            overlap = shapely.area(shapely.intersection(geometry, geometries[index]))
            smaller = min(geometry.area, geometries[index].area)
            if smaller and overlap / smaller > OVERLAP_TOLERANCE:
                problems[code] = _("Overlaps grid %(other)s of the same kind.") % {"other": other}
                break
    return problems


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[dict] = field(default_factory=list)

    def add(self, row: int, code: str, field_name: str, message: str) -> None:
        self.errors.append({"row": row, "code": code, "field": field_name, "message": str(message)})


class GridImportRejected(Exception):
    def __init__(self, report: ImportReport):
        super().__init__(f"{len(report.errors)} errors")
        self.report = report


def grids_import(
    *,
    actor,
    features: list[dict],
    crs: str = "wgs84",
    progress: Callable[[int, int], None] | None = None,
    is_demo: bool = False,
) -> ImportReport:
    """Create or update grids from GeoJSON features, all or nothing.

    Each feature has properties code, name, kind and optionally parent_code,
    org_unit_code, population, households. Every problem in every row is
    collected; if there is any, nothing is written and GridImportRejected
    carries the row-level report.
    """
    report = ImportReport()
    total = len(features)
    if not total:
        report.add(0, "", "file", _("The file contains no grids."))
        raise GridImportRejected(report)
    rows: list[dict] = []
    seen: dict[str, int] = {}
    existing = dict(Grid.objects.values_list("code", "kind"))
    units = dict(OrgUnit.objects.values_list("code", "id"))
    for number, feature in enumerate(features, start=1):
        rows.append(_check_feature(number, feature, crs, seen, report))
        if progress and (number % 200 == 0 or number == total):
            progress(number, total)
    file_codes = {row["code"] for row in rows if row}
    for row in rows:
        if not row:
            continue
        parent = row["parent_code"]
        if parent and parent not in file_codes and parent not in existing:
            report.add(row["row"], row["code"], "parent_code", _("Unknown parent grid %(code)s.") % {"code": parent})
        if parent == row["code"]:
            report.add(row["row"], row["code"], "parent_code", _("A grid cannot be its own parent."))
        if row["org_unit_code"] and row["org_unit_code"] not in units:
            report.add(
                row["row"],
                row["code"],
                "org_unit_code",
                _("Unknown org unit %(code)s.") % {"code": row["org_unit_code"]},
            )
    valid = [row for row in rows if row and "shape" in row]
    for kind in GridKind.values:
        shapes = {row["code"]: row["shape"] for row in valid if row["kind"] == kind}
        if shapes:
            for code, message in _overlapping(kind, shapes, exclude=set()).items():
                report.add(next(r["row"] for r in valid if r["code"] == code), code, "geometry", message)
    if report.errors:
        report.errors.sort(key=lambda error: error["row"])
        raise GridImportRejected(report)
    _write_import(actor=actor, rows=valid, units=units, report=report, is_demo=is_demo)
    return report


# The columns' limits, checked here: SQLite would store a longer code, PostgreSQL would refuse the whole import.
MAX_CODE = Grid._meta.get_field("code").max_length
MAX_NAME = Grid._meta.get_field("name").max_length
MAX_COUNT = 2_147_483_647  # a PositiveIntegerField on every database


def _check_feature(number: int, feature: dict, crs: str, seen: dict[str, int], report: ImportReport) -> dict:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        report.add(number, "", "feature", _("Not a GeoJSON Feature."))
        return {}
    props = feature.get("properties") or {}
    if not isinstance(props, dict):
        report.add(number, "", "properties", _("The feature's properties must be an object."))
        props = {}
    code = str(props.get("code") or "").strip()
    row = {
        "row": number,
        "code": code,
        "name": str(props.get("name") or "").strip(),
        "kind": str(props.get("kind") or "").strip(),
        "parent_code": str(props.get("parent_code") or "").strip(),
        "org_unit_code": str(props.get("org_unit_code") or "").strip(),
    }
    if not code:
        report.add(number, "", "code", _("The grid code is missing."))
    elif len(code) > MAX_CODE:
        report.add(number, code[:MAX_CODE], "code", _("At most %(n)d characters.") % {"n": MAX_CODE})
    elif code in seen:
        report.add(number, code, "code", _("Code %(code)s repeats row %(row)d.") % {"code": code, "row": seen[code]})
    else:
        seen[code] = number
    if not row["name"]:
        report.add(number, code, "name", _("The grid name is missing."))
    elif len(row["name"]) > MAX_NAME:
        report.add(number, code, "name", _("At most %(n)d characters.") % {"n": MAX_NAME})
    if row["kind"] not in GridKind.values:
        report.add(number, code, "kind", _("Kind must be one of: road, community, unit."))
    for key in ("population", "households"):
        value = props.get(key) or 0
        try:
            row[key] = int(value)
            if not 0 <= row[key] <= MAX_COUNT:
                raise ValueError
        except (TypeError, ValueError, OverflowError):  # OverflowError: int(inf)
            report.add(number, code, key, _("Must be a whole number of 0 or more."))
    try:
        row["shape"] = parse_polygon(feature.get("geometry"), crs=crs)
    except GeometryError as exc:
        report.add(number, code, "geometry", str(exc))
    return row


def _write_import(*, actor, rows: list[dict], units: dict[str, int], report: ImportReport, is_demo: bool) -> None:
    user = _user(actor)
    with transaction.atomic():
        by_code = {
            grid.code: grid for grid in Grid.objects.select_for_update().filter(code__in=[r["code"] for r in rows])
        }
        versions = []
        for row in rows:
            fields = {
                "name": row["name"],
                "kind": row["kind"],
                "population": row["population"],
                "households": row["households"],
                "org_unit_id": units.get(row["org_unit_code"]),
                **_geometry_fields(row["shape"]),
            }
            grid = by_code.get(row["code"])
            if grid is None:
                grid = Grid.objects.create(code=row["code"], is_demo=is_demo, **fields)
                report.created += 1
            else:
                changed = bytes(grid.wkb) != fields["wkb"]
                for key, value in fields.items():
                    setattr(grid, key, value)
                if changed:
                    grid.geometry_version += 1
                grid.save()
                report.updated += 1
                if not changed:
                    continue
            by_code[row["code"]] = grid
            versions.append(
                GridGeometryVersion(
                    grid=grid,
                    version=grid.geometry_version,
                    geometry=grid.geometry,
                    area_m2=grid.area_m2,
                    changed_by=user,
                    note=_("imported"),
                )
            )
        GridGeometryVersion.objects.bulk_create(versions, batch_size=500)
        # Parents last: a parent may come later in the file than its children.
        outside = {row["parent_code"] for row in rows} - set(by_code) - {""}
        parent_ids = dict(Grid.objects.filter(code__in=outside).values_list("code", "id"))
        parent_ids.update({code: grid.pk for code, grid in by_code.items()})
        children = []
        for row in rows:
            grid = by_code[row["code"]]
            grid.parent_id = parent_ids.get(row["parent_code"]) if row["parent_code"] else None
            children.append(grid)
        Grid.objects.bulk_update(children, ["parent"], batch_size=500)
        audit_record(
            actor=actor,
            action="grid.import",
            target=by_code[rows[0]["code"]],
            summary=_("%(created)d created, %(updated)d updated")
            % {"created": report.created, "updated": report.updated},
            data={"created": report.created, "updated": report.updated, "codes": [r["code"] for r in rows][:1000]},
        )
        mark_grids_changed()
