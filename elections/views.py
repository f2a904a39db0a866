"""The staff pages of the elections: campaigns, nominations and their review, flagged votes, the honour roll."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.models import OrgUnit
from accounts.selectors import may_see_personal_data, scope_path
from civicgrid.forms import service_errors
from civicgrid.masking import mask_phone
from civicgrid.personal import lookup_hash
from elections import selectors, services
from elections.forms import CampaignForm, NominationForm, ReviewForm, VoidForm
from elections.models import Stage
from elections.selectors import MANAGE_ROLES, NOMINATE_ROLES, VIEW_ROLES

PAGE_SIZE = 30


def _campaign(request, pk: int):
    return get_object_or_404(selectors.visible_campaigns(request.user).select_related("org_unit"), pk=pk)


def _managed(request, pk: int):
    """The campaign, for its organisers only (settings, voids, publishing)."""
    campaign = _campaign(request, pk)
    if not selectors.may_manage(request.user, campaign):
        raise PermissionDenied
    return campaign


@role_required(*VIEW_ROLES)
def campaign_list(request):
    campaigns = selectors.visible_campaigns(request.user).select_related("org_unit").order_by("-created_at")
    page = Paginator(campaigns, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "elections/campaign_list.html", {"page": page, "can_add": request.user.has_role(*MANAGE_ROLES)}
    )


@role_required(*MANAGE_ROLES)
def campaign_new(request):
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unit = _organiser(request.user)
        data = dict(form.cleaned_data)
        try:
            campaign = services.campaign_create(actor=request.user, org_unit=unit, **data)
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Campaign created with its five categories."))
            return redirect("elections:campaign", pk=campaign.pk)
    return render(request, "elections/campaign_form.html", {"form": form, "campaign": None})


def _organiser(user) -> OrgUnit:
    path = scope_path(user)
    return user.org_unit or OrgUnit.objects.filter(path__startswith=path or "").order_by("depth", "path").first()


@role_required(*MANAGE_ROLES)
def campaign_edit(request, pk: int):
    campaign = _managed(request, pk)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "title"}
        try:
            services.campaign_update(actor=request.user, campaign=campaign, **data)
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("elections:campaign", pk=campaign.pk)
    return render(request, "elections/campaign_form.html", {"form": form, "campaign": campaign})


@role_required(*VIEW_ROLES)
def campaign_detail(request, pk: int):
    campaign = _campaign(request, pk)
    stage = request.GET.get("stage", "")
    stage = stage if stage in Stage.values else ""
    try:
        category = int(request.GET.get("category") or 0) or None
    except ValueError:
        category = None
    nominations = selectors.nomination_list(user=request.user, campaign=campaign, stage=stage, category=category)
    context = {
        "campaign": campaign,
        "page": Paginator(nominations, PAGE_SIZE).get_page(request.GET.get("page")),
        "stage": stage,
        "category": category,
        "stages": Stage.choices,
        "counts": selectors.stage_counts(user=request.user, campaign=campaign),
        "categories": selectors.categories(campaign),
        "votes": selectors.vote_summary(campaign),
        "voting_open": services.voting_open(campaign),
        "can_manage": selectors.may_manage(request.user, campaign),
        "can_nominate": request.user.has_role(*NOMINATE_ROLES),
    }
    return render(request, "elections/campaign_detail.html", context)


@role_required(*NOMINATE_ROLES)
def nominate(request, pk: int):
    campaign = _campaign(request, pk)
    form = NominationForm(
        request.POST or None,
        request.FILES or None,
        categories=selectors.categories(campaign),
        communities=selectors.campaign_communities(campaign).filter(path__startswith=scope_path(request.user) or ""),
        initial={"nominator_name": str(request.user), "idempotency_key": uuid.uuid4().hex},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination, _created = services.nomination_create(
                campaign=campaign,
                category=selectors.categories(campaign).get(pk=data["category"]),
                nominee_name=data["nominee_name"],
                community=selectors.campaign_communities(campaign).get(pk=data["community"]),
                summary=data["summary"],
                story=data["story"],
                nominator_name=data["nominator_name"],
                nominator_user=request.user,
                photos=data["photos"],
                idempotency_key=lookup_hash(f"staff:{request.user.pk}:{data['idempotency_key']}", purpose="nominate"),
            )
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Nomination saved; it now awaits the community review."))
            return redirect("elections:nomination", pk=nomination.pk)
    status = 400 if form.errors else 200
    return render(request, "elections/nominate.html", {"form": form, "campaign": campaign}, status=status)


@role_required(*VIEW_ROLES)
def nomination_detail(request, pk: int):
    nomination = get_object_or_404(
        selectors.visible_nominations(request.user).select_related("campaign__org_unit", "category", "community"),
        pk=pk,
    )
    return _nomination_page(request, nomination, ReviewForm())


def _nomination_page(request, nomination, form, status=200):
    phone = nomination.nominator_phone
    context = {
        "nomination": nomination,
        "campaign": nomination.campaign,
        "photos": nomination.photos.all(),
        "reviews": nomination.reviews.select_related("actor"),
        "phone": phone if may_see_personal_data(viewer=request.user) else mask_phone(phone),
        "form": form,
        "can_review": selectors.may_review(request.user, nomination),
    }
    return render(request, "elections/nomination_detail.html", context, status=status)


@require_POST
@role_required(*MANAGE_ROLES)
def nomination_review(request, pk: int):
    nomination = get_object_or_404(
        selectors.visible_nominations(request.user).select_related("campaign__org_unit", "category", "community"),
        pk=pk,
    )
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.nomination_review(
                actor=request.user,
                nomination=nomination,
                approved=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("elections:nomination", pk=nomination.pk)
    return _nomination_page(request, nomination, form, status=400)


@role_required(*MANAGE_ROLES)
def vote_list(request, pk: int):
    campaign = _managed(request, pk)
    return _vote_page(request, campaign, VoidForm())


def _vote_page(request, campaign, form, status=200):
    show_voided = request.GET.get("voided") == "1"
    votes = selectors.flagged_votes(campaign, include_voided=show_voided)
    context = {
        "campaign": campaign,
        "page": Paginator(votes, 100).get_page(request.GET.get("page")),
        "form": form,
        "show_voided": show_voided,
        "summary": selectors.vote_summary(campaign),
    }
    return render(request, "elections/votes.html", context, status=status)


@require_POST
@role_required(*MANAGE_ROLES)
def vote_void(request, pk: int):
    campaign = _managed(request, pk)
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            count = services.votes_void(
                actor=request.user,
                campaign=campaign,
                vote_ids=form.cleaned_data["votes"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("%(count)d votes voided.") % {"count": count})
            return redirect("elections:votes", pk=campaign.pk)
    return _vote_page(request, campaign, form, status=400)


@require_POST
@role_required(*MANAGE_ROLES)
def campaign_publish(request, pk: int):
    campaign = _managed(request, pk)
    services.campaign_publish(actor=request.user, campaign=campaign)
    messages.success(request, _("The honour roll is published and the vote is closed."))
    return redirect("elections:campaign", pk=campaign.pk)
