"""Forms of the case pages: the report form and one form per workflow action (built from the table)."""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department
from cases.deadlines import DeadlineUnit
from cases.models import CaseSource, CaseState, Category, FilingCondition
from cases.selectors import staff_sources
from civicgrid.picker import PickerSelect


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several photos in one field; validation by content happens in the service (cases.media)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,video/*"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = [item for item in data if item] if isinstance(data, list | tuple) else [data] if data else []
        if not items and self.required:  # FileField's own check never sees an empty list
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


def without_silent_cut(field: forms.CharField) -> forms.CharField:
    """No maxlength in the page: the browser would cut a pasted text without a word; the form says it is too long."""
    field.widget.attrs.pop("maxlength", None)
    return field


POSITION_REQUIRED = {"required": _("Mark the place on the map.")}


def category_path(category: Category) -> str:
    """部件/事件 › 大类 › 小类, with codes: 部件 0101 and 事件 0101 are different classes, so the kind comes first."""
    parts = [str(category.get_kind_display()), f"{category.major_code} {category.major_name}"]
    if category.minor_code:
        parts.append(f"{category.minor_code} {category.minor_name}")
    return " › ".join(parts)


def condition_choices() -> list:
    """Filing conditions grouped by their class path, for one select: choosing a condition chooses its category.
    Each option names its class too, so a condition text shared by several classes is told apart when searched
    (civicgrid/static/js/picker.js) or read alone."""
    groups: dict[str, list] = {}
    conditions = FilingCondition.objects.filter(is_active=True, category__is_active=True).select_related("category")
    for condition in conditions.order_by("category__kind", "category__major_code", "category__minor_code", "position"):
        category = condition.category
        label = f"{category} · {condition.text} · {condition.limit.normalize()}{condition.get_unit_display()}"
        groups.setdefault(category_path(category), []).append((condition.pk, label))
    return [("", "—"), *groups.items()]


def category_choices(*, value: str = "pk") -> list:
    """Active categories grouped by 部件/事件 and 大类, for the report forms' picker; the phone posts the code."""
    groups: dict[str, list] = {}
    for category in Category.objects.filter(is_active=True).order_by("kind", "major_code", "minor_code"):
        group = f"{category.get_kind_display()} › {category.major_code} {category.major_name}"
        label = f"{category.get_kind_display()} {category}"
        groups.setdefault(group, []).append((getattr(category, value), label))
    return [("", "—"), *groups.items()]


class PhoneReportForm(forms.Form):
    """Only to draw the phone report's category picker: the page posts to the API (cases.api), which validates."""

    category = forms.ChoiceField(
        label=_("3. Category"),
        required=False,
        widget=PickerSelect(recent_key="recent-categories-phone", attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices(value="code")


class ReportForm(forms.Form):
    """Staff report (patroller, operator taking a phone call): lands in `reported`."""

    description = forms.CharField(label=_("Description"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        widget=PickerSelect(recent_key="recent-categories-staff"),
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    lng = forms.FloatField(label=_("Longitude"), widget=forms.HiddenInput, error_messages=POSITION_REQUIRED)
    lat = forms.FloatField(label=_("Latitude"), widget=forms.HiddenInput, error_messages=POSITION_REQUIRED)
    crs = forms.CharField(widget=forms.HiddenInput, initial="wgs84", required=False)
    source = forms.ChoiceField(label=_("Source"), choices=CaseSource.choices, initial=CaseSource.PATROL)
    photos = MultipleFileField(label=_("Photos"))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        without_silent_cut(self.fields["description"])
        self.fields["category"].choices = category_choices()
        sources = dict(CaseSource.choices)
        self.fields["source"].choices = [(source, sources[source]) for source in staff_sources(user)]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


ACTION_FIELDS = {
    "file": ["condition", "note"],
    "void": ["reason"],
    "request_file": ["condition", "note"],
    "request_void": ["reason"],
    "approve_file": ["note"],
    "approve_void": ["note"],
    "reject_request": ["reason"],
    "merge": ["survivor", "note"],
    "self_dispose": ["photos_before", "photos_after", "note"],
    "dispatch": ["department", "assists", "instructions"],
    "redispatch": ["department", "assists", "instructions"],
    "return_": ["reason"],
    "accept": ["note"],
    "assist_feedback": ["feedback", "photos"],
    "dispose": ["feedback", "photos_after"],
    "request_postpone": ["amount", "unit", "reason"],
    "approve_postpone": ["note"],
    "reject_postpone": ["reason"],
    "verify_ok": ["photos", "note"],
    "verify_fail": ["reason", "photos"],
    "close": ["note"],
    "close_transferred": ["reason"],
    "shelve": ["reason", "review_date"],
    "unshelve": ["note"],
    "supervise": ["message"],
    "reopen": ["reason"],
}


def _field(name: str, case) -> forms.Field:
    text = {"rows": 2}
    fields = {
        "condition": lambda: forms.TypedChoiceField(
            label=_("Filing condition"), choices=condition_choices(), coerce=int,
            widget=PickerSelect(recent_key="recent-conditions"),
        ),
        "note": lambda: forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs=text)),
        "reason": lambda: forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs=text)),
        "feedback": lambda: forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs=text)),
        "message": lambda: forms.CharField(label=_("Supervision message"), widget=forms.Textarea(attrs=text)),
        "instructions": lambda: forms.CharField(label=_("Instructions"), required=False, widget=forms.Textarea(attrs=text)),
        "survivor": lambda: forms.CharField(label=_("Number of the case to keep"), max_length=24),
        "department": lambda: forms.ModelChoiceField(label=_("Lead department"), queryset=Department.objects.filter(is_active=True)),
        "assists": lambda: forms.ModelMultipleChoiceField(
            label=_("Assisting departments"), queryset=Department.objects.filter(is_active=True), required=False,
            widget=forms.SelectMultiple(attrs={"size": 4}),
        ),
        "amount": lambda: forms.DecimalField(label=_("Extend by"), min_value=0.5, max_value=1000, decimal_places=1),
        "unit": lambda: forms.ChoiceField(label=_("Unit"), choices=DeadlineUnit.choices, initial=DeadlineUnit.WORK_DAY),
        "review_date": lambda: forms.DateField(label=_("Review on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), initial=timezone.localdate),
        "photos": lambda: MultipleFileField(label=_("Photos")),
        "photos_before": lambda: MultipleFileField(label=_("Photos before"), required=True),
        "photos_after": lambda: MultipleFileField(label=_("Photos after"), required=True),
    }  # fmt: skip
    return fields[name]()


def action_form(action: str, case, data=None, files=None) -> forms.Form:
    form = forms.Form(data, files, prefix=action)
    for name in ACTION_FIELDS[action]:
        form.fields[name] = _field(name, case)
    if "department" in form.fields and case.category_id and case.category.default_department_id:
        form.fields["department"].initial = case.category.default_department_id
    if "condition" in form.fields and case.condition_id:
        form.fields["condition"].initial = case.condition_id
    form.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, initial=case.version)
    return form


def transition_fields(action: str, cleaned: dict) -> dict:
    """Form data → the keyword arguments of cases.services.transition()."""
    fields = {key: value for key, value in cleaned.items() if key != "version"}
    if action in ("file", "request_file") and cleaned.get("condition"):
        condition = FilingCondition.objects.select_related("category").filter(pk=cleaned["condition"]).first()
        fields["condition"] = condition
        fields["category"] = condition.category if condition else None
    if action == "merge":
        from cases.models import Case

        fields["survivor"] = Case.objects.filter(number=cleaned.get("survivor", "").strip()).first() or 0
    return fields


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All states")), *CaseState.choices])
    source = forms.ChoiceField(label=_("Source"), required=False, choices=[("", _("All sources")), *CaseSource.choices])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
