"""The default schemes come from the reference checklists, with documented default weights."""

from decimal import Decimal

from assessment.models import CheckItem, LocationType
from assessment.selectors import active_scheme


def test_civilization_scheme_has_the_reference_items_over_thirteen_location_types(db):
    scheme = active_scheme("civilization")
    items = scheme.items.all()
    assert items.count() == 113  # 115 rows less the two that describe how assessors sample
    assert items.values("location_type").distinct().count() == 13 == LocationType.objects.count()
    assert sum(i.full_marks for i in scheme.indicators.all()) == scheme.full_marks == Decimal("100")
    assert not items.filter(category__isnull=True).exists()
    assert set(items.values_list("points", flat=True)) == {Decimal("0.10")}


def test_dust_scheme_checks_construction_sites_restaurants_and_coal(db):
    scheme = active_scheme("dust")
    names = set(scheme.indicators.values_list("name", flat=True))
    assert {"六个百分之百", "四个一律", "餐饮油烟", "民用燃煤清洁化"} <= names
    site_items = set(scheme.items.filter(location_type__code="site").values_list("name", flat=True))
    assert "施工工地100%围挡" in site_items and "出入车辆100%冲洗" in site_items
    assert sum(i.full_marks for i in scheme.indicators.all()) == Decimal("100")


def test_failures_map_to_the_case_categories_they_describe(db):
    scheme = active_scheme("civilization")
    by_name = {i.name: i.category.code for i in CheckItem.objects.filter(scheme=scheme).select_related("category")}
    assert by_name["占道经营"] == "event-0504"
    assert by_name["油烟净化设施"] == "event-0116"
