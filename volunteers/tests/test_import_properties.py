"""Property-based fuzzing of the volunteer import: hostile workbooks (built with openpyxl from hypothesis strategies)
are imported whole or answered with row-level errors on the page, never a server error. Derandomized and bounded."""

from collections import Counter
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accounts.models import User
from civicgrid.tests.workbooks import CELL, header, rows, workbook
from volunteers.excel import COLUMNS
from volunteers.models import Volunteer
from volunteers.tests.conftest import id_number

TRIED: Counter = Counter()
# Each column: a value that passes, or anything a spreadsheet can hold.
REALISTIC = {
    "姓名": st.sampled_from(["张三", "李四", "王五"]),
    "证件类型": st.sampled_from(["居民身份证", "身份证", "护照", "resident", ""]),
    "证件号码": st.builds(
        lambda born, seq: id_number(born, seq), st.dates(date(1940, 1, 1), date(2012, 12, 31)), st.integers(0, 999)
    ),
    "手机号": st.integers(13_000_000_000, 19_999_999_999).map(str),
    "居住社区": st.sampled_from(["堤口庄社区", "化纤厂路社区", "无此社区"]),
    "技能": st.sampled_from(["", "急救", "摄影"]),
    "服务时间": st.sampled_from(["", "周末"]),
    "监护人": st.sampled_from(["", "张父"]),
    "监护人同意": st.sampled_from(["", "是", "否"]),
    "已签署个人信息告知同意书": st.sampled_from(["是", "否", "yes", ""]),
}
BOOK = st.one_of(
    st.tuples(
        st.just(list(COLUMNS)),
        st.lists(st.tuples(*REALISTIC.values()).map(list), min_size=1, max_size=3, unique_by=lambda row: row[2]),
    ),  # well-formed rows: some register, some are refused (a minor without consent, an unknown community)
    st.tuples(st.just(list(COLUMNS)), rows([st.one_of(REALISTIC[name], CELL) for name in COLUMNS])),
    st.tuples(header(list(COLUMNS)), rows([CELL] * len(COLUMNS))),
).map(lambda sheet: workbook({"志愿者": sheet}))


@pytest.fixture(autouse=True, scope="module")
def _say_how_many():
    yield
    print(f"\nvolunteer import, tried: {dict(TRIED)}")


@example(
    data=workbook(
        {
            "志愿者": (
                list(COLUMNS),
                [["张三", "", id_number(date(1980, 1, 1)), "13912345678", "堤口庄社区", "", "", "", "", "是"]],
            )
        }
    )
)
@settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.one_of(BOOK, st.binary(max_size=200), st.binary(max_size=60).map(lambda tail: b"PK\x03\x04" + tail)))
def test_any_workbook_is_imported_or_answered_with_row_errors(station, data):
    TRIED["workbooks"] += 1
    before = Volunteer.objects.count()
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="volunteer_admin"))
    response = client.post("/volunteers/people/import/", {"file": SimpleUploadedFile("v.xlsx", data)})
    assert response.status_code == 200
    result = response.context["result"]
    if result is not None:
        created = Volunteer.objects.count() - before
        assert created == result.created and (created == 0 or not result.errors)  # all rows or none
        TRIED["registered"] += created
        TRIED["row errors"] += len(result.errors)
