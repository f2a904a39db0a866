import csv
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from cases.catalogue import (
    CATALOGUE_CSV,
    COLUMNS,
    DEFAULT_CONDITION,
    CatalogueError,
    ConditionSpec,
    parse_conditions,
    read_catalogue,
)
from cases.deadlines import DeadlineUnit

SHIPPED_CSV = Path(__file__).resolve().parents[1] / "data" / "case_categories.csv"
SHARED_REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference"
HEADER = ",".join(COLUMNS)
GOOD_ROW = "component,01,公用设施,0105,电力井盖,,,,,,test data"


@pytest.fixture(scope="module")
def catalogue():
    return read_catalogue(SHIPPED_CSV)


@pytest.fixture(scope="module")
def by_code(catalogue):
    return {(spec.kind, spec.minor_code or spec.major_code): spec for spec in catalogue}


def csv_text(*rows: str) -> str:
    return "\r\n".join((HEADER, *rows)) + "\r\n"


def test_the_module_reads_the_shipped_copy_by_default(catalogue):
    assert CATALOGUE_CSV == SHIPPED_CSV
    assert read_catalogue() == catalogue


@pytest.mark.skipif(not SHARED_REFERENCE.is_dir(), reason="shared/reference is not beside the repository")
def test_the_shipped_copy_is_the_shared_reference_unchanged():
    for name in ("case_categories.csv", "case_categories.README.md"):
        assert (SHIPPED_CSV.parent / name).read_bytes() == (SHARED_REFERENCE / name).read_bytes()


def test_catalogue_has_86_component_and_55_event_rows(catalogue):
    assert len(catalogue) == 141
    assert Counter(spec.kind for spec in catalogue) == {"component": 86, "event": 55}


def test_minor_counts_per_major_match_the_readme(catalogue):
    minors = Counter((spec.kind, spec.major_code) for spec in catalogue if spec.minor_code)
    assert minors == {
        ("component", "01"): 38,
        ("component", "02"): 17,
        ("component", "03"): 11,
        ("component", "04"): 10,
        ("component", "05"): 3,
        ("component", "06"): 6,
        ("event", "01"): 19,
        ("event", "02"): 5,
        ("event", "03"): 6,
        ("event", "04"): 10,
        ("event", "05"): 14,
    }


def test_each_kind_has_one_major_only_extension_row_with_the_default_condition(catalogue):
    extensions = [spec for spec in catalogue if not spec.minor_code]
    assert [(spec.kind, spec.major_code, spec.major_name, spec.minor_name) for spec in extensions] == [
        ("component", "21", "扩展部件", ""),
        ("event", "21", "扩展事件", ""),
    ]
    assert all(spec.conditions == (DEFAULT_CONDITION,) for spec in extensions)


def test_upper_water_manhole_cover_has_four_conditions_the_first_urgent_two_clock_hours(by_code):
    cover = by_code["component", "0101"]
    assert cover.minor_name == "上水井盖"
    assert len(cover.conditions) == 4
    assert cover.conditions[0] == ConditionSpec(
        text="缺失、移位、开裂，存在安全隐患的", limit=Decimal("2"), unit="hour", urgent=True, closing="恢复"
    )
    assert [(c.limit, c.unit, c.urgent) for c in cover.conditions[1:]] == [
        (Decimal("4"), "work_hour", False),
        (Decimal("2"), "work_day", False),
        (Decimal("5"), "work_day", False),
    ]
    assert cover.conditions[3].text == "井盖周边路面150cm×150cm范围内出现深陷、凸起或破损,井框与路面高低差大于2cm"


def test_a_row_without_conditions_gets_the_default_condition(by_code):
    power_cover = by_code["component", "0105"]
    assert power_cover.minor_name == "电力井盖"
    assert power_cover.conditions == (DEFAULT_CONDITION,)
    assert power_cover.uses_default_condition


def test_the_default_condition_is_two_working_days_not_urgent():
    default = DEFAULT_CONDITION
    assert (default.text, default.limit, default.unit, default.urgent, default.closing) == (
        "按一般问题立案",
        Decimal("2"),
        "work_day",
        False,
        "问题已处置",
    )


def test_62_rows_have_no_conditions_of_their_own(catalogue):
    assert sum(spec.uses_default_condition for spec in catalogue) == 62


def test_the_files_own_limit_columns_agree_with_the_parsed_conditions_on_every_row(by_code):
    with SHIPPED_CSV.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 141
    for row in rows:
        spec = by_code[row["kind"], row["minor_code"] or row["major_code"]]
        own = () if spec.uses_default_condition else spec.conditions
        first = next(((c.limit, c.unit) for c in own if not c.urgent), None)
        first_urgent = next(((c.limit, c.unit) for c in own if c.urgent), None)
        stated = (Decimal(row["dispose_limit"]), row["limit_unit"]) if row["dispose_limit"] else None
        stated_urgent = (Decimal(row["urgent_limit"]), row["urgent_unit"]) if row["urgent_limit"] else None
        assert (first, first_urgent) == (stated, stated_urgent), row["minor_code"]


def test_every_unit_in_the_catalogue_is_a_deadline_unit(catalogue):
    units = {condition.unit for spec in catalogue for condition in spec.conditions}
    assert units == {"work_hour", "work_day", "hour", "day"}
    assert units <= set(DeadlineUnit.values)


@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        ("4工作时", (Decimal("4"), "work_hour", False, "")),
        ("2工作日", (Decimal("2"), "work_day", False, "")),
        ("2紧急工作时", (Decimal("2"), "hour", True, "")),
        ("2紧急工作日", (Decimal("2"), "day", True, "")),
        ("4小时", (Decimal("4"), "work_hour", False, "")),
        ("15天", (Decimal("15"), "work_day", False, "")),
        ("0.5工作日", (Decimal("0.5"), "work_day", False, "")),
        ("种植季节15工作日", (Decimal("15"), "work_day", False, "种植季节")),
    ],
)
def test_each_limit_form_maps_to_its_unit(limit, expected):
    (condition,) = parse_conditions(f"破损 [{limit}; 结案:修复]")
    assert (condition.limit, condition.unit, condition.urgent, condition.limit_qualifier) == expected


def test_every_limit_form_in_the_file_is_one_the_parser_knows(catalogue):
    forms = {
        (c.limit_qualifier, c.unit, c.urgent)
        for spec in catalogue
        if not spec.uses_default_condition
        for c in spec.conditions
    }
    assert forms == {
        ("", "work_hour", False),
        ("", "work_day", False),
        ("", "hour", True),
        ("", "day", True),
        ("种植季节", "work_day", False),
    }


def test_urgent_days_come_from_illegal_building_in_progress(by_code):
    building, existing = by_code["event", "0101"].conditions
    assert (building.limit, building.unit, building.urgent) == (Decimal("2"), "day", True)
    assert (existing.limit, existing.unit, existing.closing) == (Decimal("15"), "work_day", "按法定程序实施、拆除")


def test_condition_text_keeps_its_commas_semicolons_and_brackets(by_code):
    (occupation,) = by_code["event", "0304"].conditions
    assert occupation.text.endswith("1、施工期间长期占道(无占道手续);2、有占道手续,管理不善影响环境。")
    conditions = parse_conditions("井盖[含箅子]缺失 | 移位 [2工作日; 结案:恢复] | 外观不洁 [1工作日; 结案:清洁、 恢复]")
    assert [(c.text, c.closing) for c in conditions] == [
        ("井盖[含箅子]缺失 | 移位", "恢复"),
        ("外观不洁", "清洁、 恢复"),
    ]


def test_full_width_separators_are_accepted():
    (condition,) = parse_conditions("破损 [4工作时； 结案：修复]")
    assert (condition.limit, condition.unit, condition.closing) == (Decimal("4"), "work_hour", "修复")


def test_an_empty_cell_has_no_conditions():
    assert parse_conditions("  ") == ()


@pytest.mark.parametrize(
    ("packed", "problem"),
    [
        ("破损 [3周; 结案:修复]", "cannot read the limit “3周”"),
        ("破损 [工作日; 结案:修复]", "cannot read the limit “工作日”"),
        ("破损 [紧急2工作时; 结案:修复]", "cannot read the limit “紧急2工作时”"),
        ("破损 [0工作日; 结案:修复]", "must be more than zero"),
        ("破损 [2工作日]", "missing the closing part"),
        ("破损 [2工作日; 修复]", "must read “结案:结案条件”, not “修复”"),
        ("破损 [2工作日; 结案:]", "must read “结案:结案条件”"),
        ("破损 [2工作日; 结案:修复", "unbalanced brackets"),
        ("破损 2工作日; 结案:修复]", "unbalanced brackets"),
        ("破损] [2工作日; 结案:修复]", "unbalanced brackets"),
        ("破损 [2工作日; 结案:修复] 另行处理", "unbalanced brackets"),
        ("破损", "missing the “[时限; 结案:结案条件]” part"),
        (" [2工作日; 结案:修复]", "text before “[” is empty"),
        ("破损 [2工作日; 结案:修复] | ", "empty condition"),
    ],
)
def test_a_bad_condition_raises_naming_the_line_and_the_problem(packed, problem):
    with pytest.raises(CatalogueError) as raised:
        parse_conditions(packed, line=7)
    assert str(raised.value).startswith("line 7: ")
    assert problem in str(raised.value)
    assert raised.value.line == 7


def test_a_bad_limit_in_the_file_names_its_csv_line_and_quotes_the_condition():
    text = csv_text(GOOD_ROW, "component,01,公用设施,0106,路灯井盖,破损超过25c㎡ [3周; 结案:更换或修复],,,,,test data")
    with pytest.raises(
        CatalogueError, match=r"^line 3: cannot read the limit “3周”.*“破损超过25c㎡ \[3周; 结案:更换或修复\]”"
    ):
        read_catalogue(text)


def test_the_line_number_counts_physical_lines_of_quoted_multiline_cells():
    multiline = 'component,01,公用设施,0106,路灯井盖,"缺失\n移位 [2工作日; 结案:恢复]",2,work_day,,,test data'
    bad = "component,01,公用设施,0107,通讯井盖,破损 [2工作日],,,,,test data"
    with pytest.raises(CatalogueError, match=r"^line 5: missing the closing part"):
        read_catalogue(csv_text(GOOD_ROW, multiline, bad))


def test_a_path_error_names_the_file(tmp_path):
    path = tmp_path / "categories.csv"
    path.write_text(csv_text("component,01,公用设施,0106,路灯井盖,破损 [2工作日; 结案:修复,,,,,x"), encoding="utf-8")
    with pytest.raises(CatalogueError, match=rf"^{re.escape(str(path))}, line 2: unbalanced brackets"):
        read_catalogue(path)


@pytest.mark.parametrize(
    ("columns", "problem"),
    [
        (
            "4,work_day,,",
            "dispose_limit,limit_unit = “4,work_day” but the first non-urgent condition “破损” gives 2 work_day",
        ),
        ("2,work_hour,,", "gives 2 work_day"),
        ("2,work_day,2,hour", "urgent_limit,urgent_unit = “2,hour” but filing_condition has no urgent condition"),
        (",,,", "dispose_limit,limit_unit = “,” but the first non-urgent condition"),
    ],
)
def test_limit_columns_that_disagree_with_the_conditions_raise(columns, problem):
    row = f"component,01,公用设施,0106,路灯井盖,破损 [2工作日; 结案:修复],{columns},test data"
    with pytest.raises(CatalogueError) as raised:
        read_catalogue(csv_text(row))
    assert str(raised.value).startswith("line 2: ")
    assert problem in str(raised.value)


def test_limit_columns_without_any_condition_raise():
    with pytest.raises(CatalogueError, match=r"^line 2: .*filing_condition has no non-urgent condition"):
        read_catalogue(csv_text("component,01,公用设施,0105,电力井盖,,2,work_day,,,test data"))


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("building,01,公用设施,0105,电力井盖,,,,,,x", "kind must be component or event, not “building”"),
        ("component,1,公用设施,0105,电力井盖,,,,,,x", "major_code must be 2 digits"),
        (
            "component,01,公用设施,0205,电力井盖,,,,,,x",
            "minor_code “0205” must be 4 digits starting with major_code 01",
        ),
        ("component,01,公用设施,0106,,,,,,,x", "go together"),
        ("component,01,公用设施,0106,路灯井盖,,,,,,", "the source is missing"),
        ("component,01,公用设施,0105,电力井盖,,,,,,x", "appears twice (first on line 2)"),
        ("component,01,公共设施,0106,路灯井盖,,,,,,x", "called “公共设施” here but “公用设施” above"),
        ("component,01,公用设施,0106,路灯井盖,,,,,x", "10 fields, the header has 11"),
    ],
)
def test_a_malformed_row_raises_naming_its_line(row, problem):
    with pytest.raises(CatalogueError) as raised:
        read_catalogue(csv_text(GOOD_ROW, row))
    assert str(raised.value).startswith("line 3: ")
    assert problem in str(raised.value)


def test_a_wrong_header_raises_on_line_1():
    with pytest.raises(CatalogueError, match=r"^line 1: the header must have the columns .*missing: \['source'\]"):
        read_catalogue(HEADER.removesuffix(",source") + "\n")


def test_a_file_without_data_rows_raises():
    with pytest.raises(CatalogueError, match="no data rows"):
        read_catalogue(csv_text())


def test_text_and_paths_with_or_without_bom_read_the_same(tmp_path, catalogue):
    text = SHIPPED_CSV.read_text(encoding="utf-8")
    with_bom = tmp_path / "with_bom.csv"
    with_bom.write_text("\ufeff" + text, encoding="utf-8")
    assert read_catalogue(text) == catalogue
    assert read_catalogue("\ufeff" + text) == catalogue
    assert read_catalogue(with_bom) == catalogue
    assert read_catalogue(str(with_bom)) == catalogue


def test_a_file_that_is_not_utf8_raises(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes(csv_text(GOOD_ROW).encode("gbk"))
    with pytest.raises(CatalogueError, match="not UTF-8 text"):
        read_catalogue(path)
