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
