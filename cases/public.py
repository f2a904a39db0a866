"""随手拍: the public pages. Report without an account, then follow the case by its tracking code.

Nothing personal is shown here: no names, no phone numbers, no photos (they may show people or homes).
"""

import hashlib
import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cases import services
from cases.captcha import OneUseCaptchaField
from cases.forms import POSITION_REQUIRED, MultipleFileField, MultipleFileInput, without_silent_cut
from cases.models import Case, CaseFeedback, CaseSource, CaseState, Resolution, WorkflowSettings
from cases.ratelimit import allow, client_ip
from cases.workflow import TRANSITIONS
from grids.views import map_settings

# Residents see plain words for where their case is, not the office's state names. A step is reached when
# an event brought the case into its state, whichever action did it (filing directly or through the shift
# lead's approval, dispatch or redispatch), so the steps follow the workflow table.
PUBLIC_STEPS = [
    (CaseState.REPORTED, gettext_lazy("Received")),
    (CaseState.FILED, gettext_lazy("Accepted as a case")),
    (CaseState.DISPATCHED, gettext_lazy("Sent to the responsible department")),
    (CaseState.DISPOSED, gettext_lazy("Handled by the department")),
    (CaseState.VERIFIED, gettext_lazy("Checked on site")),
    (CaseState.CLOSED, gettext_lazy("Closed")),
]


def public_steps(actions: set[str]) -> list[tuple[str, bool]]:
    """The steps a resident sees, each with whether one of the case's events (their actions) reached it."""
    reached = {CaseState.REPORTED} | {TRANSITIONS[a].target for a in actions if a in TRANSITIONS}
    return [(label, state in reached) for state, label in PUBLIC_STEPS]


class CitizenReportForm(forms.Form):
    description = forms.CharField(
        label=gettext_lazy("What is the problem?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = MultipleFileField(
        label=gettext_lazy("Photo"),
        required=True,
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    lng = forms.FloatField(widget=forms.HiddenInput, error_messages=POSITION_REQUIRED)
    lat = forms.FloatField(widget=forms.HiddenInput, error_messages=POSITION_REQUIRED)
    address = forms.CharField(label=gettext_lazy("Where (optional)"), max_length=200, required=False)
    phone = forms.RegexField(
        label=gettext_lazy("Mobile phone (optional, for a call back)"),
        regex=r"^1[3-9]\d{9}$",
        required=False,
        error_messages={"invalid": gettext_lazy("Enter an 11-digit mobile number.")},
    )
    captcha = OneUseCaptchaField(label=gettext_lazy("Type the characters in the picture"))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        without_silent_cut(self.fields["description"])


DEVICE_COOKIE = "cg_device"
DEVICE_COOKIE_AGE = 365 * 24 * 3600


def _citizen_sender(request, phone: str) -> str | None:
    """Whose idempotency key a resident's report carries: their browser (a random id in a cookie) and phone.

    A resend of one submission comes from the same browser with the same form, so it finds its case; anyone
    else sending the same key makes a report of their own. None when there is neither (no cookies, no
    phone): the key then identifies no one and is not used."""
    device = request.COOKIES.get(DEVICE_COOKIE, "")[:64]
    if not device and not phone:
        return None
    return "citizen:" + hashlib.sha256(f"{device}|{phone}".encode()).hexdigest()[:40]


def _with_device_cookie(request, response):
    if not request.COOKIES.get(DEVICE_COOKIE):
        response.set_cookie(
            DEVICE_COOKIE,
            uuid.uuid4().hex,
            max_age=DEVICE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


@require_http_methods(["GET", "POST"])
def citizen_report(request):
    form = CitizenReportForm(request.POST or None, request.FILES or None)
    if not form.is_bound:
        form.initial["idempotency_key"] = uuid.uuid4().hex
    if request.method == "POST":
        ip = client_ip(request)
        if not allow(f"report-ip:{ip}", limit=settings.CITIZEN_REPORTS_PER_HOUR, window_seconds=3600):
            form.add_error(None, _("Too many reports from this network in the last hour. Please try again later."))
        elif form.is_valid():
            phone = form.cleaned_data["phone"]
            if phone and not allow(
                f"report-phone:{phone}", limit=settings.CITIZEN_REPORTS_PER_HOUR, window_seconds=3600
            ):
                form.add_error("phone", _("Too many reports from this phone number in the last hour."))
            else:
                sender = _citizen_sender(request, phone)
                try:
                    case, _created = services.case_report(
                        source=CaseSource.CITIZEN, description=form.cleaned_data["description"],
                        lng=form.cleaned_data["lng"], lat=form.cleaned_data["lat"], address=form.cleaned_data["address"],
                        reporter_phone=phone, idempotency_key=form.cleaned_data["idempotency_key"] if sender else None,
                        sender=sender or "", photos=form.cleaned_data["photos"],
                    )  # fmt: skip
                except ValidationError as exc:
                    for field, errors in exc.message_dict.items():
                        # A place outside the area is said next to the map, where the pin is.
                        field = "lng" if field == "position" else field
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    return redirect("public:track", code=case.tracking_code)
    # The captcha field draws a new picture each time the form is shown: a challenge is good for one attempt.
    context = {"form": form, "map_config": map_settings()}
    response = render(request, "public/report.html", context, status=400 if form.errors else 200)
    return _with_device_cookie(request, response)


def _public_case(code: str) -> Case:
    case = get_object_or_404(
        Case.objects.select_related("lead_department", "merged_into"), tracking_code=(code or "").upper()
    )
    # A merged report follows the case that was kept.
    return case.merged_into if case.merged_into_id else case


def track_lookup(request):
    code = (request.GET.get("code") or "").strip().upper()
    if code:
        if Case.objects.filter(tracking_code=code).exists():
            return redirect("public:track", code=code)
        return render(request, "public/lookup.html", {"code": code, "not_found": True}, status=404)
    return render(request, "public/lookup.html", {})


def track(request, code: str):
    case = _public_case(code)
    steps = public_steps(set(case.events.values_list("action", flat=True)))
    window = WorkflowSettings.current().reopen_days
    can_reopen = (
        case.state == CaseState.CLOSED
        and case.resolution in (Resolution.FIXED, Resolution.SELF_DISPOSED)
        and case.closed_at
        and (timezone.now() - case.closed_at).days < window
    )
    context = {
        "case": case,
        "code": code.upper(),
        "steps": steps,
        "feedback": CaseFeedback.objects.filter(case=case).first(),
        "can_rate": case.state == CaseState.CLOSED,
        "can_reopen": can_reopen,
        "reopen_days": window,
    }
    return render(request, "public/track.html", context)


@require_POST
def track_feedback(request, code: str):
    case = _public_case(code)
    try:
        rating = int(request.POST.get("rating", ""))
    except ValueError:
        rating = 0
    if case.state == CaseState.CLOSED and 1 <= rating <= 5:
        CaseFeedback.objects.get_or_create(
            case=case, defaults={"rating": rating, "comment": (request.POST.get("comment") or "")[:500]}
        )
    return redirect("public:track", code=code)


@require_POST
def track_reopen(request, code: str):
    case = _public_case(code)
    reason = (request.POST.get("reason") or "").strip() or _("The resident says it is not fixed.")
    try:
        services.transition(case=case, action="reopen", actor=services.CitizenActor(case.tracking_code), reason=reason)
    except services.CaseError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Thank you. The case is open again and will be handled."))
    return redirect("public:track", code=code)


def service_area(request):
    """The outlines of the community grids, so a resident sees where reports are taken (no personal data)."""
    from django.http import JsonResponse

    from grids.models import Grid

    features = [
        {"type": "Feature", "properties": {"name": name}, "geometry": geometry}
        for name, geometry in Grid.objects.filter(is_active=True, kind="community").values_list("name", "geometry")[
            :2000
        ]
    ]
    response = JsonResponse(
        {"type": "FeatureCollection", "features": features}, json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "public, max-age=600"
    return response


# Each new picture is a challenge row; a client that asks for more than this many in ten minutes is told to wait.
CAPTCHA_REFRESHES = 30


def captcha_refresh(request):
    """django-simple-captcha's refresh, limited per client address (the package's own view has no limit)."""
    from captcha.views import captcha_refresh as draw_another
    from django.http import JsonResponse

    if not allow(f"captcha-refresh:{client_ip(request)}", limit=CAPTCHA_REFRESHES, window_seconds=600):
        return JsonResponse({"error": _("Too many new pictures; wait a few minutes.")}, status=429)
    return draw_another(request)
