"""Cells of the workbooks the app writes (case export, reports): text is never taken for a formula.

A case description, an address or a person's name comes from users; if it starts with `=`, `+`, `-`, `@`, a
tab or a carriage return, Excel or WPS may run it as a formula (`=HYPERLINK(...)`, DDE `=cmd|...`) when the
workbook is opened. Such text is written as an explicit string cell: shown exactly as typed, never evaluated.
We do not prefix a quote, which would change what the reader sees.
"""

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def text_cell(sheet, value: str) -> WriteOnlyCell:
    """A write-only string cell; openpyxl would otherwise store a value starting with "=" as a formula."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def safe_row(sheet, values) -> list:
    """`values` for `sheet.append()`, with every risky text as a string cell."""
    return [text_cell(sheet, value) if is_risky(value) else value for value in values]
