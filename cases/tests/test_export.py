import io

from openpyxl import load_workbook


def test_export_of_the_current_filter_opens_in_excel(client, world):
    for _ in range(3):
        world.filed_case()
    client.force_login(world.dispatcher)
    response = client.get("/cases/export.xlsx?queue=dispatch&state=filed")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="cases-dispatch-')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "案卷编号" and len(rows) == 4
    assert rows[1][1] == "已立案"


def test_export_respects_data_scope(client, world):
    world.filed_case()
    client.force_login(world.patroller2)
    response = client.get("/cases/export.xlsx?queue=all")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 1  # the header only


HOSTILE = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _export_cells(client, world):
    from cases.models import Case

    for text in HOSTILE:
        Case.objects.filter(pk=world.filed_case().pk).update(description=text, address=text)
    client.force_login(world.dispatcher)
    content = b"".join(client.get("/cases/export.xlsx?queue=all").streaming_content)
    return content, load_workbook(io.BytesIO(content)).active


def test_text_that_looks_like_a_formula_is_exported_as_plain_text(client, world):
    _content, sheet = _export_cells(client, world)
    descriptions = [row[3] for row in sheet.iter_rows(min_row=2)]
    # XML reads a carriage return back as a line feed.
    assert sorted(cell.value for cell in descriptions) == sorted(text.replace("\r", "\n") for text in HOSTILE)
    assert {cell.data_type for cell in descriptions} == {"s"}


def test_the_exported_workbook_holds_no_formula(client, world):
    import zipfile

    content, _sheet = _export_cells(client, world)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml


def test_an_export_leaves_an_audit_row_with_its_filter(client, world):
    from audit.models import AuditEntry

    client.force_login(world.dispatcher)
    client.get("/cases/export.xlsx?queue=dispatch&state=filed")
    entry = AuditEntry.objects.get(action="cases.export")
    assert entry.actor == world.dispatcher
    assert entry.data == {"queue": ["dispatch"], "state": ["filed"]}
