from openpyxl import Workbook

from civicgrid.spreadsheets import safe_row


def test_only_text_starting_like_a_formula_becomes_a_string_cell():
    sheet = Workbook(write_only=True).create_sheet()
    row = safe_row(sheet, ["=cmd|' /C calc'!A0", "@x", "路灯 -1", -1, None, "\rx"])
    assert [getattr(value, "data_type", None) for value in row] == ["s", "s", None, None, None, "s"]
    assert row[2] == "路灯 -1" and row[3] == -1
