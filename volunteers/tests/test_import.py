import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from accounts.models import User
from volunteers.models import Volunteer
from volunteers.tests.conftest import adult_born, id_number

HEADER = [
    "姓名",
    "证件类型",
    "证件号码",
    "手机号",
    "居住社区",
    "技能",
    "服务时间",
    "监护人",
    "监护人同意",
    "已签署个人信息告知同意书",
]


def _file(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("v.xlsx", buffer.getvalue())


def _post(upload):
    client = Client()
    client.force_login(User.objects.get(username="volunteer_admin"))
    return client.post("/volunteers/people/import/", {"file": upload})


def test_an_import_of_good_rows_registers_everyone(station):
    before = Volunteer.objects.count()
    rows = [
        [
            "王五",
            "居民身份证",
            id_number(adult_born(40), 901),
            "13912340001",
            "堤口庄社区",
            "急救",
            "周末",
            "",
            "",
            "是",
        ],
        ["赵六", "护照", "E12345678", "13912340002", "化纤厂路社区", "", "", "", "", "是"],
    ]
    response = _post(_file(rows))
    assert response.status_code == 200 and "import-done" in response.content.decode()
    assert Volunteer.objects.count() == before + 2


def test_a_bad_row_is_reported_by_row_and_nothing_is_imported(station):
    before = Volunteer.objects.count()
    good = id_number(adult_born(40), 902)
    rows = [
        ["王五", "居民身份证", good, "13912340001", "堤口庄社区", "", "", "", "", "是"],
        [
            "钱七",
            "居民身份证",
            good[:-1] + ("0" if good[-1] != "0" else "1"),
            "13912340003",
            "堤口庄社区",
            "",
            "",
            "",
            "",
            "是",
        ],
        ["孙八", "居民身份证", good, "13912340004", "火星社区", "", "", "", "", "否"],
    ]
    html = _post(_file(rows)).content.decode()
    assert Volunteer.objects.count() == before
    assert "<td>3</td>" in html and "<td>4</td>" in html and "<td>2</td>" not in html
    assert good not in html


def test_a_file_that_is_not_excel_is_reported(station):
    html = _post(SimpleUploadedFile("v.xlsx", b"not a workbook")).content.decode()
    assert "import-errors" in html
