"""Staff pages of the 实事 register: list, register, one item with its status and the resident's feedback."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from civicgrid.forms import service_errors
from pledges import selectors, services
from pledges.forms import FeedbackForm, PledgeFilterForm, PledgeForm, StatusForm
from pledges.selectors import MANAGE_ROLES, PAGE_ROLES

PAGE_SIZE = 30


@role_required(*PAGE_ROLES)
def pledge_list(request):
    form = PledgeFilterForm(request.GET)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    page = Paginator(selectors.pledge_list(request.user, status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    can_add = request.user.has_role(*MANAGE_ROLES)
    return render(request, "pledges/list.html", {"page": page, "form": form, "can_add": can_add})


@role_required(*MANAGE_ROLES)
def pledge_new(request):
    form = PledgeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            pledge = services.pledge_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Practical thing registered."))
            return redirect("pledges:detail", pledge.pk)
    return render(request, "pledges/form.html", {"form": form}, status=400 if form.errors else 200)


def _pledge(request, pk: int):
    return get_object_or_404(selectors.visible_pledges(request.user).select_related("org_unit", "owner"), pk=pk)


@role_required(*PAGE_ROLES)
def pledge_detail(request, pk: int, *, status_form=None, feedback_form=None, status=200):
    pledge = _pledge(request, pk)
    context = {
        "pledge": pledge,
        "case": selectors.case_of(pledge, request.user),
        "request_text": selectors.shown_text(pledge.request, viewer=request.user),
        "feedback_text": selectors.shown_text(pledge.feedback_text, viewer=request.user),
        "may_update": selectors.may_update(request.user, pledge),
        "status_form": status_form or StatusForm(initial={"status": pledge.status, "done_on": pledge.done_on}),
        "feedback_form": feedback_form or FeedbackForm(initial={"feedback": pledge.feedback}),
    }
    return render(request, "pledges/detail.html", context, status=status)


@require_POST
@role_required(*PAGE_ROLES)
def pledge_status(request, pk: int):
    pledge = _pledge(request, pk)
    if not selectors.may_update(request.user, pledge):
        raise PermissionDenied
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.pledge_status(actor=request.user, pledge=pledge, **form.cleaned_data)
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Status saved."))
            return redirect("pledges:detail", pledge.pk)
    return pledge_detail(request, pk, status_form=form, status=400)


@require_POST
@role_required(*PAGE_ROLES)
def pledge_feedback(request, pk: int):
    pledge = _pledge(request, pk)
    if not selectors.may_update(request.user, pledge):
        raise PermissionDenied
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.pledge_feedback(actor=request.user, pledge=pledge, **form.cleaned_data)
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Feedback saved."))
            return redirect("pledges:detail", pledge.pk)
    return pledge_detail(request, pk, feedback_form=form, status=400)
