import io

from django.test import Client
from openpyxl import load_workbook

from accounts.models import User


def exported(world):
    client = Client()
    client.force_login(User.objects.get(username="commander"))
    response = client.get(f"/surveys/{world.survey.pk}/export.xlsx")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def test_the_export_has_the_answers_and_never_a_phone_an_address_or_a_key(world):
    world.answer("知道", "支持", "5", key="p:" + "a" * 64)
    world.answer("基本知道", "支持", "4", mode="door")  # address 堤口庄1号楼
    cells = [str(c) for row in exported(world).iter_rows(values_only=True) for c in row if c is not None]
    assert "知道" in cells and "基本知道" in cells
    assert not [c for c in cells if "1号楼" in c or "aaaa" in c or c.startswith(("138", "139"))]


def test_a_text_answer_that_looks_like_a_formula_is_exported_as_text(world):
    world.answer(q4='=HYPERLINK("http://x","y")')
    sheet = exported(world)
    cells = [cell for row in sheet.iter_rows() for cell in row if str(cell.value).startswith("=HYPERLINK")]
    assert len(cells) == 1 and cells[0].data_type == "s"
