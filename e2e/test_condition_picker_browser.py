"""The filing-condition and category picker: searchable by code, class name or text, 部件/事件 told apart."""

import pytest
from django.core.management import call_command

from cases.models import Category
from e2e.test_login_browser import login


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", without_cases=True, verbosity=0)


def test_the_staff_form_finds_a_category_by_name_and_keeps_the_two_0101_classes_apart(page, demo):
    login(page, "operator")
    page.wait_for_url("**/")
    page.goto("/cases/new/")
    page.wait_for_selector("select[name=category][data-picker-ready]")
    page.fill("[data-testid=picker-search]", "暴露垃圾")
    assert page.inner_text("[data-testid=picker-count]") == "找到 1 项"
    assert page.input_value("select[name=category]") == str(Category.objects.get(code="event-0102").pk)
    groups = page.eval_on_selector_all("select[name=category] optgroup", "gs => gs.map((g) => g.label)")
    assert any(label.startswith("部件 › 01 ") for label in groups)
    assert any(label.startswith("事件 › 01 ") for label in groups)
    page.fill("[data-testid=picker-search]", "0101")
    labels = page.locator("[data-testid=picker-option]:visible").all_inner_texts()
    assert len(labels) == 2 and {label.split()[0] for label in labels} == {"部件", "事件"}


def test_the_case_page_condition_picker_searches_condition_texts_with_their_class(page, demo, screenshot):
    from accounts.models import User
    from cases.services import case_report
    from grids.models import Grid

    grid = Grid.objects.get(code="G-DK-C01")
    case, _ = case_report(
        source="patrol", description="垃圾", lng=grid.min_lng + 0.002, lat=grid.min_lat + 0.002,
        actor=User.objects.get(username="patroller"),
    )  # fmt: skip
    login(page, "operator")
    page.wait_for_url("**/")
    page.goto(f"/cases/{case.pk}/")
    action = page.locator("[data-testid^=action-][data-testid$=file]").first
    name = action.get_attribute("data-testid").removeprefix("action-")
    action.click()
    page.wait_for_selector(f"#act-{name}.show:not(.collapsing)")
    page.locator(f"#act-{name} [data-testid=picker-search]").fill("事件 暴露垃圾")
    shown = page.locator(f"#act-{name} [data-testid=picker-option]:visible").all_inner_texts()
    assert shown and all("0102 暴露垃圾" in text for text in shown)
    # By the initials of the class and of the condition text (公共场所未倒入垃圾容器的生活垃圾).
    page.locator(f"#act-{name} [data-testid=picker-search]").fill("bllj ggcs")
    shown = page.locator(f"#act-{name} [data-testid=picker-option]:visible").all_inner_texts()
    assert len(shown) == 1 and "公共场所未倒入垃圾容器的生活垃圾" in shown[0]
    page.locator(f"#act-{name} [data-testid=picker-search]").fill("bllj")
    screenshot("picker-case-page-1366")
    page.set_viewport_size({"width": 360, "height": 780})
    screenshot("picker-case-page-360")
