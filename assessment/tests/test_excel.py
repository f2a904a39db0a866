"""A scheme goes out to Excel and comes back as the next draft version; a bad workbook says where it is wrong."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from assessment import services
from assessment.excel import export_scheme
from assessment.models import Scheme, SchemeStatus
from assessment.selectors import active_scheme


def test_export_then_import_gives_the_same_scheme_as_a_new_draft(db):
    scheme = active_scheme("civilization")
    draft = services.scheme_import(actor=None, kind="civilization", name=scheme.name, data=export_scheme(scheme))
    assert draft.status == SchemeStatus.DRAFT and draft.version == scheme.version + 1
    assert draft.full_marks == scheme.full_marks
    fields = ("code", "name", "requirement", "points", "cap_per_place", "category_id", "location_type_id")
    assert list(draft.items.order_by("code").values_list(*fields)) == list(
        scheme.items.order_by("code").values_list(*fields)
    )
    assert list(draft.items.order_by("code").values_list("indicator__code", flat=True)) == list(
        scheme.items.order_by("code").values_list("indicator__code", flat=True)
    )


def edited(scheme, change) -> bytes:
    book = load_workbook(io.BytesIO(export_scheme(scheme)))
    change(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_bad_row_names_sheet_row_and_column_and_nothing_is_imported(db):
    scheme = active_scheme("dust")

    def spoil(book):
        items = book["检查项"]
        items["F2"] = "lots"  # points
        items["B3"] = "spaceship"  # location type
        items["H4"] = "event-9999"  # category

    before = Scheme.objects.count()
    with pytest.raises(services.SchemeImportError) as error:
        services.scheme_import(actor=None, kind="dust", name="x", data=edited(scheme, spoil))
    where = {(row.sheet, row.row, row.column) for row in error.value.rows}
    assert where == {("检查项", 2, "每处扣分"), ("检查项", 3, "点位类型"), ("检查项", 4, "案卷类别编码")}
    assert Scheme.objects.count() == before


def test_formulas_are_written_as_text(db):
    scheme = active_scheme("dust")
    item = scheme.items.first()
    item.requirement = '=HYPERLINK("http://x","y")'
    item.save()
    sheet = load_workbook(io.BytesIO(export_scheme(scheme)))["检查项"]
    values = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://x","y")' in values


def test_not_a_workbook_is_one_clear_error(db):
    with pytest.raises(services.SchemeImportError) as error:
        services.scheme_import(actor=None, kind="dust", name="x", data=b"PK\x03\x04 not really")
    assert "xlsx" in error.value.rows[0].message


def test_the_admin_imports_through_the_page_and_sees_row_errors(admin_client, db):
    scheme = active_scheme("dust")
    upload = io.BytesIO(edited(scheme, lambda book: book["检查项"].__setitem__("F2", "-1")))
    upload.name = "dust.xlsx"
    response = admin_client.post(
        reverse("assessment:scheme_import"), {"kind": "dust", "name": "新口径", "file": upload}
    )
    assert response.status_code == 200 and 'data-testid="import-errors"' in response.content.decode()
    upload = io.BytesIO(export_scheme(scheme))
    upload.name = "dust.xlsx"
    response = admin_client.post(
        reverse("assessment:scheme_import"), {"kind": "dust", "name": "新口径", "file": upload}
    )
    assert response.status_code == 302
    assert Scheme.objects.get(name="新口径").items.count() == scheme.items.count()
    assert admin_client.get(reverse("assessment:scheme_export", args=[scheme.pk])).status_code == 200


def test_the_command_reports_row_errors(db, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(edited(active_scheme("dust"), lambda book: book["指标"].__setitem__("D2", "x")))
    with pytest.raises(CommandError):
        call_command("import_scheme", str(path), "--kind", "dust", "--name", "x")
    good = tmp_path / "good.xlsx"
    good.write_bytes(export_scheme(active_scheme("dust")))
    call_command("import_scheme", str(good), "--kind", "dust", "--name", "y")
    assert Scheme.objects.get(name="y").full_marks == Decimal("100")
