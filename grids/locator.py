"""Point → grid: which grid of each kind contains a position.

All active outlines live in one shapely STRtree per process (prepared
geometries), rebuilt when any outline changes: at once in the process that
made the change, and within CHECK_SECONDS elsewhere (each process compares the
GridIndexStamp token now and then). No database query per lookup.

Borders: a point on the shared edge of two grids of one kind belongs to
exactly one of them: a grid containing it in its interior wins over one that
only touches it; among equals the smallest area wins, then the lowest code.
"""

import threading
import time
import uuid
from dataclasses import dataclass, field

import numpy
import shapely
from django.db import transaction
from django.utils.translation import gettext as _

from grids.coords import to_wgs84
from grids.models import Grid, GridIndexStamp

CHECK_SECONDS = 2.0


@dataclass(frozen=True)
class GridHit:
    id: int
    code: str
    name: str
    kind: str


@dataclass(frozen=True)
class Location:
    lng: float
    lat: float
    grids: dict[str, GridHit] = field(default_factory=dict)

    @property
    def inside(self) -> bool:
        return bool(self.grids)

    @property
    def message(self) -> str:
        if self.inside:
            return ""
        return _("This position is outside the service area.")

    def grid_of(self, kind: str) -> GridHit | None:
        return self.grids.get(kind)


class GridIndex:
    def __init__(self, rows: list[tuple[int, str, str, str, bytes, float]]):
        self.hits = [GridHit(id=row[0], code=row[1], name=row[2], kind=row[3]) for row in rows]
        self.areas = numpy.array([row[5] for row in rows], dtype=float)
        geometries = shapely.from_wkb([bytes(row[4]) for row in rows]) if rows else numpy.array([], dtype=object)
        shapely.prepare(geometries)
        self.geometries = geometries
        self.tree = shapely.STRtree(geometries)

    def __len__(self) -> int:
        return len(self.hits)

    def _resolve(self, candidates, lng: float, lat: float) -> dict[str, GridHit]:
        if len(candidates) == 1:
            hit = self.hits[candidates[0]]
            return {hit.kind: hit}
        by_kind: dict[str, list[int]] = {}
        for index in candidates:
            by_kind.setdefault(self.hits[index].kind, []).append(int(index))
        result = {}
        for kind, indices in by_kind.items():
            if len(indices) > 1:
                interior = dict(zip(indices, shapely.contains_xy(self.geometries[indices], lng, lat), strict=True))
                indices = sorted(indices, key=lambda i: (not interior[i], self.areas[i], self.hits[i].code))
            result[kind] = self.hits[indices[0]]
        return result

    def locate(self, lng: float, lat: float) -> dict[str, GridHit]:
        candidates = self.tree.query(shapely.points(lng, lat), predicate="intersects")
        if len(candidates) == 0:
            return {}
        return self._resolve(candidates, lng, lat)

    def locate_many(self, lngs, lats) -> list[dict[str, GridHit]]:
        """Vectorised lookup for imports and batch jobs: one tree query for all points."""
        points = shapely.points(numpy.asarray(lngs, dtype=float), numpy.asarray(lats, dtype=float))
        point_index, grid_index = self.tree.query(points, predicate="intersects")
        results: list[dict[str, GridHit]] = [{} for _ in range(len(points))]
        if len(point_index) == 0:
            return results
        order = numpy.argsort(point_index, kind="stable")
        point_index, grid_index = point_index[order], grid_index[order]
        bounds = numpy.flatnonzero(numpy.diff(point_index)) + 1
        for group_points, group_grids in zip(
            numpy.split(point_index, bounds), numpy.split(grid_index, bounds), strict=True
        ):
            p = int(group_points[0])
            results[p] = self._resolve(group_grids, float(lngs[p]), float(lats[p]))
        return results


_lock = threading.Lock()
_state: dict = {"index": None, "token": None, "checked": 0.0}


def _current_token() -> str:
    stamp = GridIndexStamp.objects.filter(pk=1).values_list("token", flat=True).first()
    return stamp or ""


def build_index() -> GridIndex:
    rows = list(
        Grid.objects.filter(is_active=True).order_by("id").values_list("id", "code", "name", "kind", "wkb", "area_m2")
    )
    return GridIndex(rows)


def get_index() -> GridIndex:
    now = time.monotonic()
    index = _state["index"]
    if index is not None and now - _state["checked"] < CHECK_SECONDS:
        return index
    with _lock:
        token = _current_token()
        if _state["index"] is None or token != _state["token"]:
            _state["index"] = build_index()
            _state["token"] = token
        _state["checked"] = now
        return _state["index"]


def reset_index() -> None:
    """Drop this process's index; the next lookup rebuilds it."""
    with _lock:
        _state.update(index=None, token=None, checked=0.0)


def mark_grids_changed() -> None:
    """Called by every service that changes an outline, inside its transaction.

    A fresh random token (not a counter) so that a rolled-back change can never
    leave another process holding an index whose token matches the database.
    """
    updated = GridIndexStamp.objects.filter(pk=1).update(token=uuid.uuid4().hex)
    if not updated:
        GridIndexStamp.objects.create(pk=1, token=uuid.uuid4().hex)
    reset_index()
    transaction.on_commit(reset_index)


def locate_point(lng: float, lat: float, *, crs: str = "wgs84") -> Location:
    """The grids containing a position given in `crs`; converted to WGS-84 first."""
    wgs_lng, wgs_lat = to_wgs84(float(lng), float(lat), crs)
    return Location(lng=wgs_lng, lat=wgs_lat, grids=get_index().locate(wgs_lng, wgs_lat))
