import shapely

from grids import services
from grids.geometry import to_geojson


def square(x0: float, y0: float, size: float = 0.01) -> dict:
    return to_geojson(shapely.box(x0, y0, x0 + size, y0 + size))


def make_grid(code: str, *, x0: float = 116.96, y0: float = 36.67, size: float = 0.01, kind="community", **extra):
    return services.grid_create(
        actor=None, code=code, name=extra.pop("name", f"网格{code}"), kind=kind, geometry=square(x0, y0, size), **extra
    )
