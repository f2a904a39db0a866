"""The picker's options carry pinyin keys from the server (staff form, case page, phone), so the browser does none."""

import re

from cases.forms import ReportForm, condition_choices
from cases.models import Category


def option(html: str, value: str) -> str:
    found = re.search(rf'<option value="{re.escape(value)}"[^>]*>', html)
    assert found, f"no option {value}"
    return found.group(0)


def pinyin_of(tag: str) -> list[str]:
    return re.search(r'data-pinyin="([^"]*)"', tag).group(1).split()


def test_the_staff_forms_category_options_carry_the_pinyin_of_their_class_and_group(world):
    html = str(ReportForm(user=world.operator)["category"])
    keys = pinyin_of(option(html, str(world.category.pk)))
    assert {"bllj", "baolulaji", "srhj", "shijian"} <= set(keys)  # 暴露垃圾, under 事件 › 01 市容环境
    assert 'data-recent-key="recent-categories-staff"' in html and "data-text-search=" in html


def test_the_case_pages_condition_options_carry_the_pinyin_of_the_condition_text(client, world):
    from cases.services import case_report

    lng, lat = world.point()
    case, _ = case_report(source="patrol", description="垃圾", lng=lng, lat=lat, actor=world.patroller)
    client.force_login(world.operator)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    keys = pinyin_of(option(html, str(world.condition.pk)))
    assert "bllj" in keys and "ggcswdrljrqdshlj" in keys
    assert len(condition_choices()) > 100  # the whole catalogue, each with its keys


def test_the_phone_report_picks_a_category_by_code_with_its_pinyin(client, world):
    client.force_login(world.patroller)
    html = client.get("/cases/m/report/").content.decode()
    assert "<datalist" not in html
    assert 'name="category"' in html and 'data-recent-key="recent-categories-phone"' in html
    street_trees = Category.objects.get(minor_name="行道树")
    assert "hds" in pinyin_of(option(html, street_trees.code))
    assert "搜索编号、名称、拼音首字母" in html
