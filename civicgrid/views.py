from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.selectors import visible_departments, visible_org_units, visible_users
from civicgrid.health import health_report
from civicgrid.home import panels_for


@login_required
def home(request):
    user = request.user
    context = {
        "panels": panels_for(user),
        "scope": {
            "units": visible_org_units(user).count(),
            "departments": visible_departments(user).count(),
            "users": visible_users(user).count(),
        },
    }
    return render(request, "civicgrid/home.html", context)


@never_cache
@require_GET
def healthz(request):
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)
