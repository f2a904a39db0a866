"""Excel export of a survey's answers: no personal data at all (no phone, no respondent key, no household
address, no collector), formula-safe cells, rows streamed from the database into a write-only workbook."""

import tempfile

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from civicgrid.spreadsheets import safe_row
from surveys.models import ResponseMode
from surveys.selectors import export_rows


def export_answers(*, survey, responses) -> tempfile.SpooledTemporaryFile:
    modes = dict(ResponseMode.choices)
    codes, rows = export_rows(survey=survey, responses=responses)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Answers"))
    sheet.append([_("No."), _("Submitted"), _("Version"), _("Mode"), _("Community"), _("Grid"), _("Flag"), *codes])
    for number, (response, answers) in enumerate(rows, start=1):
        flags = [
            str(label)
            for on, label in (
                (response.outside_area, _("outside the area")),
                (response.over_quota, _("beyond the quota")),
            )
            if on
        ]
        values = [
            number,
            timezone.localtime(response.submitted_at).replace(tzinfo=None),
            response.version.number,
            str(modes.get(response.mode, response.mode)),
            response.community.name if response.community else "",
            response.grid.name if response.grid else "",
            "、".join(flags),
            *("、".join(answers.get(code, [])) for code in codes),
        ]
        sheet.append(safe_row(sheet, values))
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    workbook.save(handle)
    handle.seek(0)
    return handle
