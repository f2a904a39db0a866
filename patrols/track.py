"""Track geometry: distance, speeds, honesty checks and coverage. Pure functions on numpy and shapely.

Positions are WGS-84 lng/lat. Metric work uses a local equirectangular projection around the
area of interest (the same one grids.geometry.area_m2 uses): at the scale of a grid (a few km)
its error is far below GPS noise.
"""

import hashlib
import math
from dataclasses import dataclass, field

import numpy
import shapely

EARTH_RADIUS = 6371008.8
METRES_PER_DEGREE = EARTH_RADIUS * math.pi / 180


def projector(lng0: float, lat0: float):
    """lng/lat arrays → metres east/north of (lng0, lat0)."""
    cos0 = math.cos(math.radians(lat0))

    def project(coords: numpy.ndarray) -> numpy.ndarray:
        x = (coords[:, 0] - lng0) * METRES_PER_DEGREE * cos0
        y = (coords[:, 1] - lat0) * METRES_PER_DEGREE
        return numpy.column_stack([x, y])

    return project


@dataclass
class Limits:
    speed_limit_kmh: float = 25
    too_fast_share: float = 0.2
    jump_m: float = 300
    outside_share: float = 0.5
    buffer_m: float = 30


@dataclass
class TrackSummary:
    distance_m: float = 0.0
    duration_s: int = 0
    max_speed_kmh: float = 0.0
    outside_share: float = 0.0
    flags: list[str] = field(default_factory=list)
    details: dict = field(default_factory=dict)
    track_hash: str = ""
    track_wkb: bytes | None = None


def segment_lengths(lngs: numpy.ndarray, lats: numpy.ndarray) -> numpy.ndarray:
    """Length in metres of each step between consecutive positions."""
    if len(lngs) < 2:
        return numpy.zeros(0)
    project = projector(float(lngs.mean()), float(lats.mean()))
    xy = project(numpy.column_stack([lngs, lats]))
    return numpy.hypot(numpy.diff(xy[:, 0]), numpy.diff(xy[:, 1]))


def track_hash(lngs: numpy.ndarray, lats: numpy.ndarray) -> str:
    """The path's shape at ~10 m resolution, without times: the same walk replayed on another day hashes equal.

    Fewer than 10 distinct cells (standing still, a very short walk) give "" and are never compared.
    """
    cells = numpy.column_stack([numpy.round(lngs, 4), numpy.round(lats, 4)])
    if len(cells) == 0:
        return ""
    keep = numpy.ones(len(cells), dtype=bool)
    keep[1:] = numpy.any(cells[1:] != cells[:-1], axis=1)
    cells = cells[keep]
    if len(cells) < 10:
        return ""
    return hashlib.sha256(cells.tobytes()).hexdigest()


def summarise(
    seconds: numpy.ndarray,
    lngs: numpy.ndarray,
    lats: numpy.ndarray,
    *,
    grid: shapely.Geometry | None,
    limits: Limits,
) -> TrackSummary:
    """Distance, duration, top speed and the honesty flags of one ordered track (times in epoch seconds)."""
    summary = TrackSummary()
    if len(seconds) == 0:
        return summary
    steps = segment_lengths(lngs, lats)
    dts = numpy.diff(seconds).astype(float)
    summary.distance_m = float(steps.sum())
    summary.duration_s = int(seconds[-1] - seconds[0])
    if len(steps):
        speeds = steps / numpy.maximum(dts, 1.0) * 3.6  # km/h; capture times are unique, at least 1 s apart
        summary.max_speed_kmh = float(speeds.max())
        fast = speeds > limits.speed_limit_kmh
        fast_share = float(steps[fast].sum() / summary.distance_m) if summary.distance_m else 0.0
        jumps = fast & (steps > limits.jump_m)
        if jumps.any():
            summary.flags.append("jump")
            summary.details["jumps"] = int(jumps.sum())
            summary.details["longest_jump_m"] = round(float(steps[jumps].max()))
        if fast_share > limits.too_fast_share:
            summary.flags.append("too_fast")
            summary.details["too_fast_share"] = round(fast_share, 3)
    if grid is not None:
        area = grid.buffer(limits.buffer_m / METRES_PER_DEGREE)  # streets on the border count as inside
        inside = shapely.contains_xy(area, lngs, lats)
        summary.outside_share = float(1 - inside.mean())
        if summary.outside_share > limits.outside_share:
            summary.flags.append("outside_grid")
            summary.details["outside_share"] = round(summary.outside_share, 3)
    summary.track_hash = track_hash(lngs, lats)
    if len(lngs) >= 2:
        line = shapely.LineString(numpy.column_stack([lngs, lats]))
        summary.track_wkb = shapely.to_wkb(line.simplify(2 / METRES_PER_DEGREE, preserve_topology=False))
    return summary


def covered_share(grid: shapely.Geometry, tracks: list[shapely.Geometry], *, buffer_m: float) -> float:
    """Share (0..1) of the grid's area within `buffer_m` of any of the tracks."""
    tracks = [t for t in tracks if t is not None and not t.is_empty]
    if not tracks or grid.is_empty:
        return 0.0
    centroid = grid.centroid
    project = projector(centroid.x, centroid.y)
    grid_m = shapely.transform(grid, project)
    lines = shapely.transform(numpy.array(tracks, dtype=object), project)
    lines = shapely.simplify(lines, 2.0)
    buffered = shapely.union_all(shapely.buffer(lines, buffer_m, quad_segs=4))
    grid_area = grid_m.area
    if grid_area <= 0:
        return 0.0
    return min(1.0, float(shapely.intersection(buffered, grid_m).area / grid_area))


def point_distance_m(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    project = projector(lng1, lat1)
    x, y = project(numpy.array([[lng2, lat2]]))[0]
    return float(math.hypot(x, y))
