"""Pinyin search keys of the picker: full pinyin and initials per run of Chinese, computed once and shared."""

import pytest
from django.core.cache import cache

from cases.models import Category
from civicgrid import pinyin
from civicgrid.pinyin import keys_for, pinyin_keys


def test_a_class_name_gives_its_full_pinyin_and_its_initials():
    assert pinyin_keys("道路清扫") == "daoluqingsao dlqs"


def test_a_catalogue_entry_is_keyed_by_the_initials_of_its_class_and_of_its_condition(db):
    category = Category.objects.get(code="event-0102")
    condition = category.conditions.get(text="公共场所未倒入垃圾容器的生活垃圾")
    assert pinyin_keys(str(category)).split() == ["baolulaji", "bllj"]
    assert pinyin_keys(condition.text).startswith("gonggongchangsuo")
    assert "ggcswdrljrqdshlj" in pinyin_keys(condition.text).split()


def test_a_phrase_pypinyin_misreads_is_read_as_said():
    assert pinyin_keys("行道树") == "hangdaoshu hds"


def test_ü_is_typed_as_v_as_on_a_phone_keyboard():
    assert pinyin_keys("绿地") == "lvdi ld"


def test_each_run_of_chinese_has_its_own_keys_and_digits_add_none():
    assert pinyin_keys("部件 0101 上水井盖") == "bujian bj shangshuijinggai ssjg"
    assert pinyin_keys("0101 abc") == ""


@pytest.fixture
def fresh(monkeypatch):
    monkeypatch.setattr(pinyin, "_local", {})
    cache.clear()
    yield
    cache.clear()


def test_keys_are_computed_once_and_then_read_from_the_shared_cache(fresh, monkeypatch):
    assert keys_for(["道路清扫", ""]) == {"道路清扫": "daoluqingsao dlqs"}
    # Another process (an empty memory of its own) finds them in the shared cache without loading pypinyin.
    monkeypatch.setattr(pinyin, "_local", {})
    monkeypatch.setattr(pinyin, "pinyin_keys", lambda text: pytest.fail(f"computed again: {text}"))
    assert keys_for(["道路清扫"]) == {"道路清扫": "daoluqingsao dlqs"}
    cache.clear()
    assert keys_for(["道路清扫"]) == {"道路清扫": "daoluqingsao dlqs"}  # and then from its own memory
