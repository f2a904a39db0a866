"""Pages of the weekly/monthly reports: the list with a request form, row status for htmx, downloads."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import role_required
from accounts.selectors import visible_org_units
from civicgrid.dates import DayField
from command import services
from command.models import ReportKind
from command.reports import download_name, last_week, period_containing
from command.selectors import REPORT_ROLES, today, visible_reports


class ReportRequestForm(forms.Form):
    org_unit = forms.ModelChoiceField(label=gettext_lazy("Org unit"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ReportKind.choices)
    day = DayField(
        label=gettext_lazy("A day of the period"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("The report covers the whole week or month of this day."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = visible_org_units(user).order_by("path")

    def clean(self):
        data = super().clean()
        if data.get("kind") and data.get("day"):
            data["period"] = period_containing(data["kind"], data["day"])
        return data


@require_http_methods(["GET", "POST"])
@role_required(*REPORT_ROLES)
def report_list(request):
    initial = {"org_unit": request.user.org_unit_id, "kind": ReportKind.WEEKLY, "day": last_week(today()).start}
    form = ReportRequestForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        period = form.cleaned_data["period"]
        try:
            report = services.report_request(
                actor=request.user,
                org_unit=form.cleaned_data["org_unit"],
                kind=form.cleaned_data["kind"],
                start=period.start,
                end=period.end,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(
                    "day" if field in ("start", "end") else (field if field in form.fields else None), errors
                )
        else:
            messages.success(request, _("%(report)s was requested.") % {"report": report})
            return redirect("command:report_list")
    reports = visible_reports(request.user)[:50]
    return render(
        request, "command/reports/list.html", {"form": form, "reports": reports}, status=400 if form.errors else 200
    )


@require_GET
@role_required(*REPORT_ROLES)
def report_row(request, pk: int):
    """One row of the list, polled by htmx while the report is being generated."""
    report = get_object_or_404(visible_reports(request.user), pk=pk)
    return render(request, "command/reports/_row.html", {"report": report})


@require_GET
@role_required(*REPORT_ROLES)
def report_download(request, pk: int, fmt: str):
    report = get_object_or_404(visible_reports(request.user), pk=pk)
    field = {"xlsx": report.xlsx, "pdf": report.pdf}.get(fmt)
    if field is None or not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=download_name(report, fmt))
