"""The volunteer's own phone pages: register, sign in with a code sent to his phone, sign up, check in and out,
his hours and stars, his certificate.

Who is the volunteer: a volunteer needs no staff account. Registering or signing in proves the phone with a
verification code (the `verification` app, purpose "volunteer"); the session then carries his volunteer id
(SESSION_KEY). A staff user linked to a volunteer record (Volunteer.user: a patrol member, the demo user
`volunteer`) is that volunteer without a code.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.forms import service_errors
from volunteers import certificate, selectors, services
from volunteers.forms import PhoneLoginForm, RegistrationForm
from volunteers.models import Activity, Volunteer, VolunteerSettings, VolunteerStatus

SESSION_KEY = "volunteer_id"
PURPOSE = "volunteer"


def current_volunteer(request) -> Volunteer | None:
    volunteer_id = request.session.get(SESSION_KEY)
    if volunteer_id:
        # With the community: every phone page names it.
        found = (
            Volunteer.objects.select_related("community").filter(pk=volunteer_id, status=VolunteerStatus.ACTIVE).first()
        )
        if found:
            return found
    if request.user.is_authenticated:
        return (
            Volunteer.objects.select_related("community")
            .filter(user=request.user, status=VolunteerStatus.ACTIVE)
            .first()
        )
    return None


def volunteer_required(view):
    def wrapper(request, *args, **kwargs):
        volunteer = current_volunteer(request)
        if volunteer is None:
            return redirect(f"{_url('volunteers:start')}?{urlencode({'next': request.get_full_path()})}")
        request.volunteer = volunteer
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _url(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


def _phone_checked(request, form) -> tuple[str, str] | None:
    """The phone's look-up hash once its code is right, or None with the error on the form."""
    from verification.services import VerificationError, code_check, normalize_phone

    try:
        phone = normalize_phone(request.POST.get("phone", ""))
        return phone, code_check(phone=phone, purpose=PURPOSE, code=request.POST.get("code", "").strip())
    except VerificationError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None


def _safe_next(request) -> str:
    target = request.GET.get("next", "")
    return target if target.startswith("/volunteers/m/") else _url("volunteers:me")


def start(request):
    if current_volunteer(request):
        return redirect(_safe_next(request))
    form = PhoneLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        checked = _phone_checked(request, form)
        if checked:
            _phone, phone_hash = checked
            volunteer = Volunteer.objects.filter(phone_hash=phone_hash, status=VolunteerStatus.ACTIVE).first()
            if volunteer is None:
                form.add_error("phone", _("No volunteer is registered with this phone: register first."))
            else:
                request.session.cycle_key()
                request.session[SESSION_KEY] = volunteer.pk
                return redirect(_safe_next(request))
    return render(
        request,
        "volunteers/m_start.html",
        {"form": form, "purpose": PURPOSE, "phone": request.POST.get("phone", "")[:20]},
    )


def register(request):
    """Every field is checked before the code is: a typo in the ID number does not use up the code."""
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "code"}
        data = services.Registration(**fields)
        try:
            services.registration_fields(data, today=timezone.localdate())
            services.registration_duplicate_check(data)
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            checked = _phone_checked(request, form)
            if checked:
                try:
                    volunteer = services.volunteer_register(actor=None, data=data)
                except ValidationError as exc:
                    service_errors(form, exc)
                else:
                    request.session.cycle_key()
                    request.session[SESSION_KEY] = volunteer.pk
                    messages.success(request, _("Welcome! You are a registered volunteer."))
                    return redirect("volunteers:me")
    return render(
        request,
        "volunteers/m_register.html",
        {
            "form": form,
            "purpose": PURPOSE,
            "phone": request.POST.get("phone", "")[:20],
            "consent_version": VolunteerSettings.current().consent_version,
        },
    )


@require_POST
def sign_out(request):
    request.session.pop(SESSION_KEY, None)
    return redirect("volunteers:start")


@volunteer_required
def me(request):
    volunteer = request.volunteer
    activities = list(selectors.open_activities(volunteer=volunteer)[:20])
    signups = selectors.signups_of(volunteer, [a.pk for a in activities])
    return render(
        request,
        "volunteers/m_me.html",
        {
            "volunteer": volunteer,
            "masked": selectors.masked(volunteer),
            "next_star": selectors.next_star(volunteer),
            "history": selectors.history(volunteer, limit=30),
            "activities": [(a, signups.get(a.pk)) for a in activities],
        },
    )


@volunteer_required
def activity(request, pk):
    item = get_object_or_404(Activity, pk=pk)
    signup = selectors.signups_of(request.volunteer, [item.pk]).get(item.pk)
    record = item.records.filter(volunteer=request.volunteer).first()
    confirmed, waiting = selectors.places_taken(item)
    return render(
        request,
        "volunteers/m_activity.html",
        {
            "activity": item,
            "signup": signup,
            "record": record,
            "confirmed": confirmed,
            "waiting": waiting,
            "code": request.GET.get("c", "")[:64],
        },
    )


@require_POST
@volunteer_required
def activity_action(request, pk, action):
    item = get_object_or_404(Activity, pk=pk)
    volunteer = request.volunteer
    now = timezone.now()
    try:
        if action == "signup":
            entry = services.signup(volunteer=volunteer, activity=item, now=now)
            messages.success(
                request,
                _("You are signed up.")
                if entry.status == "confirmed"
                else _("The places are taken: you are on the waiting list."),
            )
        elif action == "cancel":
            services.signup_cancel(volunteer=volunteer, activity=item, now=now)
            messages.success(request, _("Your sign-up is cancelled."))
        elif action in ("in", "out"):
            method = request.POST.get("method", "")
            position = {}
            if method == "position":
                try:
                    position = {"lng": float(request.POST["lng"]), "lat": float(request.POST["lat"])}
                except (KeyError, ValueError):
                    position = {"lng": None, "lat": None}
            step = services.check_in if action == "in" else services.check_out
            record = step(
                volunteer=volunteer,
                activity=item,
                method=method,
                code=request.POST.get("code", "")[:64],
                now=now,
                **position,
            )
            if action == "in":
                messages.success(request, _("Checked in. Check out when you leave."))
            else:
                messages.success(
                    request,
                    _("Checked out: %(hours)s hours, to be confirmed by the organiser.") % {"hours": record.hours},
                )
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("volunteers:m_activity", pk=item.pk)


def scan(request, pk):
    """Where the QR code at the place leads: the activity page carrying the code, for a check-in or out."""
    return redirect(f"{_url('volunteers:m_activity', pk)}?c={request.GET.get('c', '')[:64]}")


@volunteer_required
def certificate_pdf(request):
    volunteer = request.volunteer
    pdf = certificate.render_pdf(volunteer=volunteer, masked=selectors.masked(volunteer))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="volunteer-certificate.pdf"'
    return response
