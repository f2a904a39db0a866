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


def load(stdout=None) -> dict:
    departments = {d.code: d for d in Department.objects.filter(code__in=set(DEFAULT_DEPARTMENTS.values()))}
    updated = 0
    for (kind, major), code in DEFAULT_DEPARTMENTS.items():
        department = departments.get(code)
        if department is None:
            continue
        updated += Category.objects.filter(kind=kind, major_code=major, default_department__isnull=True).update(
            default_department=department
        )
    return {"category_departments": updated}
