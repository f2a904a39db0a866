"""The public list of 实事 done, per community: the public title, the date and whether the resident was
satisfied. Never the request's text, the feedback's words, the owner or the case."""

from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.models import OrgUnit
from pledges import selectors

PAGE_SIZE = 30


def done_list(request):
    code = request.GET.get("community", "")
    community = OrgUnit.objects.filter(code=code).first() if code and len(code) <= 32 else None
    page = Paginator(selectors.public_done(community=community), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "community": community, "communities": selectors.public_communities()}
    return render(request, "pledges/public_list.html", context)
