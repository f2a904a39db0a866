"""The residents' pages of an election, on a phone: the ballot, nominating, the honour roll, the photos.

Nothing personal is shown here: no phone numbers, no nominators, no counts per voter. A voter is a phone
verified by a code (verification app); the session then keeps only the phone's keyed hashes, for two hours.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from civicgrid.forms import service_errors
from civicgrid.personal import lookup_hash
from civicgrid.ratelimit import client_ip
from elections import selectors, services
from elections.forms import ResidentNominationForm, VerifyForm, VoteForm
from elections.models import Campaign

DEVICE_COOKIE = "cg_device"  # the same browser id as the 随手拍 pages
DEVICE_COOKIE_AGE = 365 * 24 * 3600
VOTER_HOURS = 2
BALLOT_PAGE = 30  # nominees per page of the ballot, in category order


def _device(request) -> str:
    return request.COOKIES.get(DEVICE_COOKIE, "")[:64]


def _with_device_cookie(request, response):
    if not _device(request):
        response.set_cookie(
            DEVICE_COOKIE,
            uuid.uuid4().hex,
            max_age=DEVICE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def _session_key(campaign: Campaign) -> str:
    return f"elections:voter:{campaign.pk}"


def _voter(request, campaign: Campaign) -> dict | None:
    """The verified voter of this browser ({"voter", "block"} hashes), or None."""
    entry = request.session.get(_session_key(campaign))
    if not entry or entry.get("until", 0) < timezone.now().timestamp():
        return None
    return entry


def _ballot_page(request, campaign, *, verify_form=None, status=200):
    voter = _voter(request, campaign)
    day = services.china_day()
    page = Paginator(selectors.ballot(campaign), BALLOT_PAGE).get_page(request.GET.get("page"))
    groups = {}
    for nomination in page.object_list:
        groups.setdefault(nomination.category, []).append(nomination)
    context = {
        "campaign": campaign,
        "groups": groups.items(),
        "page": page,
        "voter": voter,
        "voting_open": services.voting_open(campaign),
        "votes_left": selectors.votes_left(campaign=campaign, voter=voter["voter"], day=day) if voter else 0,
        "voted": selectors.voted_today(campaign=campaign, voter=voter["voter"], day=day) if voter else set(),
        "verify_form": verify_form,
        "purpose": f"vote:{campaign.pk}",
    }
    return _with_device_cookie(request, render(request, "elections/public/ballot.html", context, status=status))


def ballot(request, pk: int):
    return _ballot_page(request, get_object_or_404(Campaign, pk=pk))


@require_POST
def verify(request, pk: int):
    from verification.services import VerificationError, code_check, normalize_phone

    campaign = get_object_or_404(Campaign, pk=pk)
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            phone = normalize_phone(form.cleaned_data["phone"])
            voter = code_check(phone=phone, purpose=f"vote:{campaign.pk}", code=form.cleaned_data["code"].strip())
        except VerificationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            return _ballot_page(request, campaign, verify_form=form, status=exc.status)
        else:
            until = (timezone.now() + timedelta(hours=VOTER_HOURS)).timestamp()
            request.session[_session_key(campaign)] = {
                "voter": voter,
                "block": services.phone_block(phone),
                "until": until,
            }
            messages.success(request, _("Your phone is verified. You may vote now."))
            return redirect("elections_public:ballot", pk=campaign.pk)
    return _ballot_page(request, campaign, verify_form=form, status=400)


@require_POST
def vote(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    voter = _voter(request, campaign)
    form = VoteForm(request.POST)
    if voter is None:
        messages.error(request, _("Verify your phone first."))
        return _ballot_page(request, campaign, status=403)
    nomination = (
        selectors.ballot(campaign).filter(pk=form.cleaned_data["nomination"]).first() if form.is_valid() else None
    )
    if nomination is None:
        messages.error(request, _("This nominee is not on the ballot."))
        return _ballot_page(request, campaign, status=400)
    try:
        _vote, created = services.vote_cast(
            campaign=campaign,
            nomination=nomination,
            voter=voter["voter"],
            block=voter["block"],
            ip=client_ip(request),
            device=_device(request),
        )
    except services.VoteRefused as exc:
        messages.error(request, exc.message)
        return _ballot_page(request, campaign, status=exc.status)
    if created:
        messages.success(
            request, _("Thank you: your vote for %(name)s is counted.") % {"name": nomination.nominee_name}
        )
    else:
        messages.info(request, _("You have voted for %(name)s today already.") % {"name": nomination.nominee_name})
    return redirect("elections_public:ballot", pk=campaign.pk)


@require_http_methods(["GET", "POST"])
def nominate(request, pk: int):
    from verification.services import VerificationError, code_check, normalize_phone

    campaign = get_object_or_404(Campaign, pk=pk)
    categories = selectors.categories(campaign)
    communities = selectors.campaign_communities(campaign)
    form = ResidentNominationForm(
        request.POST or None,
        request.FILES or None,
        categories=categories,
        communities=communities,
        initial={"idempotency_key": uuid.uuid4().hex},
    )
    purpose = f"nominate:{campaign.pk}"
    if request.method == "POST" and campaign.nomination_open and form.is_valid():
        data = form.cleaned_data
        try:
            phone = normalize_phone(data["phone"])
            code_check(phone=phone, purpose=purpose, code=data["code"].strip())
        except VerificationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            try:
                services.nomination_create(
                    campaign=campaign,
                    category=categories.get(pk=data["category"]),
                    nominee_name=data["nominee_name"],
                    community=communities.get(pk=data["community"]),
                    summary=data["summary"],
                    story=data["story"],
                    nominator_name=data["nominator_name"],
                    nominator_phone=phone,
                    photos=data["photos"],
                    idempotency_key=lookup_hash(f"resident:{phone}:{data['idempotency_key']}", purpose="nominate"),
                )
            except ValidationError as exc:
                service_errors(form, exc)
            else:
                return render(request, "elections/public/nominated.html", {"campaign": campaign})
    context = {"campaign": campaign, "form": form, "purpose": purpose}
    response = render(request, "elections/public/nominate.html", context, status=400 if form.errors else 200)
    return _with_device_cookie(request, response)


def honours(request, pk: int):
    campaign = get_object_or_404(Campaign, pk=pk)
    groups = {}
    if campaign.published_at:
        for nomination in selectors.honour_roll(campaign):
            groups.setdefault(nomination.category, []).append(nomination)
    return render(request, "elections/public/honours.html", {"campaign": campaign, "groups": groups.items()})


def photo(request, pk: int):
    """A photo of a nomination approved for the vote: public like the ballot that shows it."""
    found = selectors.public_photo(pk)
    if found is None:
        raise Http404
    thumb = request.GET.get("size") == "thumb" and found.thumbnail
    name = found.thumbnail.name if thumb else found.file.name
    try:
        response = FileResponse(
            default_storage.open(name, "rb"), content_type="image/jpeg" if thumb else found.content_type
        )
    except FileNotFoundError:
        raise Http404 from None
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
