"""Bulk import of volunteers from Excel (all rows or none, with a report of every bad row) and the export of the
register (no ID numbers, masked phones)."""

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from audit.services import audit_access
from civicgrid.masking import mask_phone
from civicgrid.spreadsheets import safe_row
from volunteers import services
from volunteers.models import IdType

MAX_ROWS = 5000
COLUMNS = {
    "姓名": "name",
    "证件类型": "id_type",
    "证件号码": "id_number",
    "手机号": "phone",
    "居住社区": "community",
    "技能": "skills",
    "服务时间": "availability",
    "监护人": "guardian_name",
    "监护人同意": "guardian_consent",
    "已签署个人信息告知同意书": "consent",
}
REQUIRED = ("name", "id_number", "phone", "community", "consent")
YES = {"是", "yes", "y", "1", "true", "✓"}
# The import files are Chinese whatever the user's language: the document names as printed, or our codes.
ID_TYPES = {
    "居民身份证": "resident",
    "身份证": "resident",
    "护照": "passport",
    "港澳居民来往内地通行证": "hk_macao",
    "台湾居民来往大陆通行证": "taiwan",
    "外国人永久居留身份证": "foreign",
} | {value: value for value in IdType.values}


@dataclass
class ImportResult:
    created: int = 0
    errors: list = field(default_factory=list)  # (row number, column, message)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _rows(upload) -> tuple[dict, list]:
    book = load_workbook(upload, read_only=True, data_only=True)
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_text(h) for h in next(rows, ())]
    positions = {COLUMNS[h]: i for i, h in enumerate(header) if h in COLUMNS}
    return positions, list(rows)[: MAX_ROWS + 1]


def import_volunteers(*, actor, upload, units) -> ImportResult:
    result = ImportResult()
    try:
        positions, rows = _rows(upload)
    except Exception:
        result.errors.append((1, "", _("This is not an Excel (.xlsx) file.")))
        return result
    missing = [name for name, key in COLUMNS.items() if key in REQUIRED and key not in positions]
    if missing:
        result.errors.append((1, "", _("Columns missing: %(names)s") % {"names": "、".join(missing)}))
        return result
    if len(rows) > MAX_ROWS:
        result.errors.append((1, "", _("At most %(n)s rows per file.") % {"n": MAX_ROWS}))
        return result
    communities = {u.name: u for u in units.filter(kind="community")}
    planned, seen = [], {}
    for number, row in enumerate(rows, start=2):
        values = {key: _text(row[i]) if i < len(row) else "" for key, i in positions.items()}
        if not any(values.values()):
            continue
        problems = []
        community = communities.get(values.get("community", ""))
        if community is None:
            problems.append(("居住社区", _("Unknown community (give its name as in the system).")))
        id_type = ID_TYPES.get(values.get("id_type") or "居民身份证")
        if id_type is None:
            problems.append(("证件类型", _("Unknown ID document type.")))
        data = services.Registration(
            name=values.get("name", ""),
            id_type=id_type or "resident",
            id_number=values.get("id_number", ""),
            phone=values.get("phone", ""),
            community=community,
            skills=values.get("skills", ""),
            availability=values.get("availability", ""),
            consent=values.get("consent", "").lower() in YES,
            guardian_name=values.get("guardian_name", ""),
            guardian_consent=values.get("guardian_consent", "").lower() in YES,
        )
        try:
            fields = services.registration_fields(data, today=timezone.localdate())
        except ValidationError as exc:
            labels = {v: k for k, v in COLUMNS.items()}
            for key, messages in exc.message_dict.items():
                if key == "community" and community is None:
                    continue
                problems.extend((labels.get(key, key), m) for m in messages)
        else:
            if fields["id_hash"] in seen:
                problems.append(
                    ("证件号码", _("The same ID number as row %(row)s.") % {"row": seen[fields["id_hash"]]})
                )
            seen[fields["id_hash"]] = number
        if problems:
            result.errors.extend((number, column, message) for column, message in problems)
        else:
            planned.append((number, data))
    if result.errors:
        return result
    with transaction.atomic():
        for number, data in planned:
            try:
                services.volunteer_register(actor=actor, data=data, source="import")
            except ValidationError as exc:
                result.errors.extend((number, "证件号码", m) for m in exc.messages)
        if result.errors:
            transaction.set_rollback(True)
            return result
    result.created = len(planned)
    return result


EXPORT_COLUMNS = [
    "姓名",
    "证件类型",
    "手机号",
    "居住社区",
    "技能",
    "累计服务时长(小时)",
    "星级",
    "最近服务日期",
    "注册时间",
]


def export_response(*, actor, volunteers) -> HttpResponse:
    """The register as a workbook: never an ID number, phones masked. Streams rows through a write-only book."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("志愿者")
    sheet.append(EXPORT_COLUMNS)
    count = 0
    labels = dict(IdType.choices)
    for v in volunteers.order_by("scope_path", "pk").iterator(chunk_size=2000):
        sheet.append(
            safe_row(
                sheet,
                [
                    v.name,
                    str(labels.get(v.id_type, "")),
                    mask_phone(v.phone),
                    v.community.name,
                    v.skills,
                    float(v.hours),
                    v.stars,
                    v.last_service_on,
                    timezone.localtime(v.registered_at).strftime("%Y-%m-%d %H:%M"),
                ],
            )
        )
        count += 1
    audit_access(actor=actor, action="volunteer.export", target_type="volunteers.volunteer", data={"rows": count})
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="volunteers.xlsx"'
    return response
