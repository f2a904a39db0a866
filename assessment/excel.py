"""A scheme as an Excel workbook and back: two sheets, 指标 (indicators) and 检查项 (check items).

The same columns go out and come in, so an office exports the scheme in use, edits the points in Excel and
imports it as the next draft version. Import is all or nothing, with an error per row and column.
"""

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from assessment.models import Scheme

INDICATOR_SHEET = "指标"
ITEM_SHEET = "检查项"
INDICATOR_COLUMNS = ["编码", "名称", "上级编码", "满分", "最多扣分", "排序"]
ITEM_COLUMNS = [
    "编码",
    "点位类型",
    "指标编码",
    "检查项",
    "标准要求",
    "每处扣分",
    "单点最多扣分",
    "案卷类别编码",
    "须拍照",
    "出处",
]
MAX_ROWS = 5000
# The columns' limits: an item's points have 5 digits (999.99), an order is a positive integer column.
MAX_ITEM_POINTS = Decimal("999.99")
MAX_ORDER = 1_000_000


def _text(value) -> str:
    """A cell Excel shows as text, never runs as a formula (CSV/Excel injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_scheme(scheme: Scheme) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(INDICATOR_SHEET)
    sheet.append(INDICATOR_COLUMNS)
    for indicator in scheme.indicators.select_related("parent").order_by("order", "code"):
        sheet.append(
            [
                _text(indicator.code),
                _text(indicator.name),
                _text(indicator.parent.code if indicator.parent else ""),
                float(indicator.full_marks),
                float(indicator.cap) if indicator.cap is not None else None,
                indicator.order,
            ]
        )
    sheet = book.create_sheet(ITEM_SHEET)
    sheet.append(ITEM_COLUMNS)
    items = scheme.items.select_related("location_type", "indicator", "category").order_by("order", "code")
    for item in items:
        sheet.append(
            [
                _text(item.code),
                _text(item.location_type.code),
                _text(item.indicator.code),
                _text(item.name),
                _text(item.requirement),
                float(item.points),
                float(item.cap_per_place) if item.cap_per_place is not None else None,
                _text(item.category.code),
                "是" if item.photo_required else "否",
                _text(item.source),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    message: str


@dataclass
class ParsedScheme:
    indicators: list[dict]
    items: list[dict]


def _clean(value) -> str:
    text = "" if value is None else str(value).strip()
    return text[1:] if text.startswith("'") else text


def _decimal(value, *, allow_empty=False, maximum=Decimal(1000)) -> Decimal | None:
    text = _clean(value)
    if not text and allow_empty:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("Enter a number.")) from None
    if not number.is_finite() or number < 0 or number > maximum:
        raise ValueError(_("Enter a number from 0 to %(max)s.") % {"max": maximum})
    return number.quantize(Decimal("0.01"))


def read_scheme(data: bytes) -> tuple[ParsedScheme | None, list[RowError]]:
    """The rows of an exported-format workbook, or the errors that keep it from being imported."""
    errors: list[RowError] = []
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a file that is not a workbook
        return None, [RowError("", 0, "", _("This is not an Excel workbook (.xlsx)."))]
    for name, columns in ((INDICATOR_SHEET, INDICATOR_COLUMNS), (ITEM_SHEET, ITEM_COLUMNS)):
        if name not in book.sheetnames:
            errors.append(RowError(name, 0, "", _("The sheet “%(sheet)s” is missing.") % {"sheet": name}))
            continue
        header = [_clean(v) for v in next(book[name].iter_rows(max_row=1, values_only=True), ())]
        if header[: len(columns)] != columns:
            errors.append(
                RowError(name, 1, "", _("The first row must be: %(columns)s") % {"columns": "、".join(columns)})
            )
    if errors:
        return None, errors
    indicators, items = [], []
    for number, row in enumerate(book[INDICATOR_SHEET].iter_rows(min_row=2, values_only=True), start=2):
        if number > MAX_ROWS:
            errors.append(RowError(INDICATOR_SHEET, number, "", _("Too many rows.")))
            break
        if not any(_clean(v) for v in row):
            continue
        row = list(row) + [None] * len(INDICATOR_COLUMNS)
        code, name = _clean(row[0])[:20], _clean(row[1])[:100]
        if not code:
            errors.append(RowError(INDICATOR_SHEET, number, "编码", _("This field is required.")))
        if not name:
            errors.append(RowError(INDICATOR_SHEET, number, "名称", _("This field is required.")))
        values = {}
        for column, index, empty in (("满分", 3, False), ("最多扣分", 4, True)):
            try:
                values[column] = _decimal(row[index], allow_empty=empty)
            except ValueError as exc:
                errors.append(RowError(INDICATOR_SHEET, number, column, str(exc)))
        try:
            order = int(_clean(row[5]) or 0)
        except ValueError:
            order = 0
        if order > MAX_ORDER:
            errors.append(
                RowError(
                    INDICATOR_SHEET, number, "排序", _("Enter a whole number from 0 to %(max)s.") % {"max": MAX_ORDER}
                )
            )
        indicators.append(
            {
                "row": number,
                "code": code,
                "name": name,
                "parent": _clean(row[2])[:20],
                "full_marks": values.get("满分"),
                "cap": values.get("最多扣分"),
                "order": max(order, 0),
            }
        )
    for number, row in enumerate(book[ITEM_SHEET].iter_rows(min_row=2, values_only=True), start=2):
        if number > MAX_ROWS:
            errors.append(RowError(ITEM_SHEET, number, "", _("Too many rows.")))
            break
        if not any(_clean(v) for v in row):
            continue
        row = list(row) + [None] * len(ITEM_COLUMNS)
        item = {
            "row": number,
            "code": _clean(row[0])[:20],
            "location_type": _clean(row[1]),
            "indicator": _clean(row[2]),
            "name": _clean(row[3])[:100],
            "requirement": _clean(row[4]),
            "category": _clean(row[7]),
            "photo_required": _clean(row[8]) not in ("否", "no", "No", "0", "false", "False"),
            "source": _clean(row[9]),
        }
        for column, key in (("编码", "code"), ("点位类型", "location_type"), ("指标编码", "indicator")):
            if not item[key]:
                errors.append(RowError(ITEM_SHEET, number, column, _("This field is required.")))
        for column, key in (("检查项", "name"), ("标准要求", "requirement"), ("案卷类别编码", "category")):
            if not item[key]:
                errors.append(RowError(ITEM_SHEET, number, column, _("This field is required.")))
        for column, index, key, empty in (("每处扣分", 5, "points", False), ("单点最多扣分", 6, "cap_per_place", True)):
            try:
                item[key] = _decimal(row[index], allow_empty=empty, maximum=MAX_ITEM_POINTS)
            except ValueError as exc:
                errors.append(RowError(ITEM_SHEET, number, column, str(exc)))
        if item.get("points") is not None and item["points"] <= 0:
            errors.append(RowError(ITEM_SHEET, number, "每处扣分", _("A failure must cost more than 0 points.")))
        items.append(item)
    return ParsedScheme(indicators, items), errors
