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


@login_required
def protected_media(request, path: str):
    """Uploads in the embedded install, for signed-in staff only (a reverse proxy or S3 serves them when scaled out).

    Case photos may show people and homes; grid import files are admin-only.
    """
    from django.conf import settings
    from django.core.exceptions import PermissionDenied
    from django.views.static import serve

    from accounts.models import RoleCode

    if path.startswith("grid-imports/") and not request.user.has_role(RoleCode.ADMIN):
        raise PermissionDenied
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
