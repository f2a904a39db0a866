"""Property-based fuzzing of the scheme import: hostile workbooks (built with openpyxl from hypothesis strategies)
become a draft scheme or row-level errors on the page, never a server error; derandomized and bounded for CI."""

from collections import Counter
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from assessment.excel import INDICATOR_COLUMNS, INDICATOR_SHEET, ITEM_COLUMNS, ITEM_SHEET
from assessment.models import LocationType, Scheme
from cases.models import Category
from civicgrid.tests.workbooks import CELL, header, rows, workbook

TRIED: Counter = Counter()
# Numbers at and past the edges of the columns (points: 5 digits, 2 decimals) as numbers and as text.
POINTS = st.one_of(
    st.sampled_from([0, 0.01, 0.1, 1, 2.5, 999.99, 1000, 1000.01, -1, 1e-9, 123.456, "0.5", " 2 ", "1e3", "NaN"]),
    st.decimals(min_value=0, max_value=2000, places=3).map(str),
    CELL,
)
CODE = st.sampled_from(["A", "A1", "B", "X" * 25, ""])
# Placeholders for codes the database holds, put in when the test runs (strategies are built before any database).
TYPE, CATEGORY = st.sampled_from(["<type0>", "<type1>", "nope"]), st.sampled_from(["<category0>", "nope", ""])
INDICATOR_ROW = [CODE, st.sampled_from(["卫生", "秩序", ""]), st.sampled_from(["", "A"]), POINTS, POINTS, CELL]
ITEM_ROW = [
    st.sampled_from(["I1", "I2", "I3", ""]), TYPE, CODE, st.sampled_from(["垃圾", ""]), st.sampled_from(["无垃圾"]),
    POINTS, POINTS, CATEGORY, st.sampled_from(["是", "否", None]), st.sampled_from(["", "测评体系"]),
]  # fmt: skip


def sheet(columns, row_cells):
    return st.one_of(
        st.tuples(st.just(list(columns)), rows([st.one_of(cell, CELL) for cell in row_cells], max_rows=4)),
        st.tuples(st.just(list(columns)), rows(row_cells, max_rows=4)),
        st.tuples(header(list(columns)), rows([CELL] * len(columns))),
    )


SHEETS = st.fixed_dictionaries(
    {},
    optional={
        INDICATOR_SHEET: sheet(INDICATOR_COLUMNS, INDICATOR_ROW),
        ITEM_SHEET: sheet(ITEM_COLUMNS, ITEM_ROW),
        "其他": sheet(ITEM_COLUMNS, [CELL] * 3),
    },
)

# Well-formed books whose numbers are drawn: they get as far as writing the draft, with values at the columns' edges.
NUMBER = st.one_of(
    st.sampled_from([0.01, 1, 99999.99, 999.99, 1000, "1000", 1000.005, 0.001]), st.decimals(0, 1000, places=2)
)
NEAR_VALID = st.fixed_dictionaries(
    {
        INDICATOR_SHEET: st.tuples(
            st.just(INDICATOR_COLUMNS),
            st.tuples(NUMBER, st.one_of(st.none(), NUMBER), st.integers(-5, 2**40)).map(
                lambda n: [["A", "卫生", "", n[0], n[1], n[2]]]
            ),
        ),
        ITEM_SHEET: st.tuples(
            st.just(ITEM_COLUMNS),
            st.lists(
                st.tuples(NUMBER, st.one_of(st.none(), NUMBER)).map(
                    lambda n: ["I", "<type0>", "A", "垃圾", "无垃圾", n[0], n[1], "<category0>", "是", ""]
                ),
                min_size=1,
                max_size=3,
            ).map(lambda items: [[f"I{i}", *row[1:]] for i, row in enumerate(items)]),
        ),
    }
)


def with_codes(sheets: dict) -> dict:
    types = list(LocationType.objects.order_by("pk").values_list("code", flat=True)[:2])
    category = Category.objects.filter(is_active=True).order_by("pk").values_list("code", flat=True).first()
    codes = {"<type0>": types[0], "<type1>": types[-1], "<category0>": category}
    return {
        title: (head, [[codes.get(cell, cell) if isinstance(cell, str) else cell for cell in row] for row in body])
        for title, (head, body) in sheets.items()
    }


@pytest.fixture(autouse=True, scope="module")
def _say_how_many():
    yield
    print(f"\nscheme import, tried: {dict(TRIED)}")


@settings(max_examples=50, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(sheets=st.one_of(NEAR_VALID, SHEETS), raw=st.one_of(st.none(), st.binary(max_size=100)))
def test_any_workbook_becomes_a_draft_or_row_errors(db, sheets, raw):
    TRIED["workbooks"] += 1
    data = raw if raw is not None else workbook(with_codes(sheets))
    before = Scheme.objects.count()
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="admin"))
    upload = SimpleUploadedFile("scheme.xlsx", data)
    response = client.post("/assessment/schemes/import/", {"kind": "dust", "name": "导入口径", "file": upload})
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        TRIED["drafts"] += 1
        scheme = Scheme.objects.order_by("-pk").first()
        assert Scheme.objects.count() == before + 1 and scheme.items.exists()
        assert all(Decimal("0.01") <= item.points <= Decimal("999.99") for item in scheme.items.all())
    else:
        TRIED["refused"] += 1
        assert Scheme.objects.count() == before


@pytest.mark.parametrize(("points", "order"), [(1000, 1), (999.99, 2**40)])
def test_points_or_an_order_past_their_columns_are_row_errors_found_by_the_fuzz(db, points, order):
    from assessment.services import SchemeImportError, scheme_import

    sheets = {
        INDICATOR_SHEET: (INDICATOR_COLUMNS, [["A", "卫生", "", 10, None, order]]),
        ITEM_SHEET: (ITEM_COLUMNS, [["I1", "<type0>", "A", "垃圾", "无垃圾", points, None, "<category0>", "是", ""]]),
    }
    with pytest.raises(SchemeImportError) as error:
        scheme_import(actor=None, kind="dust", name="x", data=workbook(with_codes(sheets)))
    assert {row.column for row in error.value.rows} <= {"每处扣分", "排序"}
