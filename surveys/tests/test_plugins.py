from django.core.cache import cache

from accounts.models import OrgUnit
from civicgrid.plugins import collect
from command.selectors import Period, today


def test_the_screen_tiles_show_the_newest_surveys_rates(world):
    world.answer("知道", "支持", "5")
    world.answer("不知道", "", "2")
    cache.clear()
    tiles = {tile.key: tile for tile in collect("screen", "TILES")}
    unit = OrgUnit.objects.get(code="370105-DK")
    assert tiles["survey-awareness"].value(world.assessor, unit) == "50.0%"
    assert tiles["survey-support"].value(world.assessor, unit) == "100.0%"


def test_the_kpi_panel_and_the_report_count_the_answers_of_the_period(world):
    world.answer("知道", "支持", "5")
    world.answer("知道", "支持", "4", mode="door")
    unit = OrgUnit.objects.get(code="370105-DK")
    period = Period(today(), today())
    panel = next(p for p in collect("kpis", "PANELS") if p.key == "surveys")
    rows = panel.figures(world.assessor, unit, period)["rows"]
    mine = next(row for row in rows if row["survey"] == world.survey)
    assert (mine["public"], mine["door"], mine["rates"]["awareness"].value) == (1, 1, 100.0)
    section = next(s for s in collect("reports", "SECTIONS") if s.key == "surveys")
    table = section.tables(unit, period)[0]
    assert [world.survey.title, 1, 1, 100.0, 100.0, 100.0] in table.rows


def test_the_kpi_panel_is_not_shown_to_a_role_that_does_not_read_surveys(world):
    from accounts.models import User

    panel = next(p for p in collect("kpis", "PANELS") if p.key == "surveys")
    unit = OrgUnit.objects.get(code="370105-DK")
    assert panel.figures(User.objects.get(username="dispatcher"), unit, Period(today(), today())) is None
