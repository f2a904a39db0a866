"""The patroller's phone pages (H5): today's work, report in three taps, verification tasks, my reports."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from accounts.models import RoleCode
from cases.forms import PhoneReportForm
from cases.queues import QUEUES_BY_KEY
from cases.selectors import allowed_transitions
from grids.views import map_settings


def _patroller(request):
    if not request.user.has_role(RoleCode.PATROLLER):
        raise PermissionDenied
    return request.user


@login_required
def mobile_home(request):
    user = _patroller(request)
    grids = list(user.grid_memberships.select_related("grid").values_list("grid__name", flat=True).distinct())
    verify = QUEUES_BY_KEY["verify"].cases(user)
    mine = QUEUES_BY_KEY["mine"].cases(user)
    today = timezone.localdate()
    context = {
        "grids": grids,
        "verify_count": verify.count(),
        "reported_today": mine.filter(reported_at__date=today).count(),
        "open_mine": mine.exclude(state__in=["closed", "voided"]).count(),
    }
    return render(request, "mobile/home.html", context)


@login_required
def mobile_report(request):
    _patroller(request)
    return render(request, "mobile/report.html", {"form": PhoneReportForm(), "map_config": map_settings()})


@login_required
def mobile_list(request, key: str):
    user = _patroller(request)
    queue = QUEUES_BY_KEY["verify" if key == "verify" else "mine"]
    cases = list(queue.cases(user).select_related("category").order_by("-reported_at")[:50])
    for case in cases:
        # The actions a patroller takes on the spot, right from the list (the same table decides as everywhere).
        case.phone_actions = [t for t in allowed_transitions(case, user) if t.action in PHONE_ACTIONS]
    return render(request, "mobile/list.html", {"cases": cases, "queue": queue})


PHONE_ACTIONS = ("self_dispose", "verify_ok", "verify_fail")
