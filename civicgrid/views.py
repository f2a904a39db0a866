import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.selectors import visible_departments, visible_org_units, visible_users
from audit.services import audit_access
from civicgrid.health import health_report
from civicgrid.home import panels_for
from civicgrid.uploads import clean_name, may_read


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


@require_GET
def favicon(request):
    # Browsers ask for /favicon.ico on pages that are not HTML (a photo opened on its own): no 404 in their log.
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


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
    """Uploads in the embedded install, to those who may see what they belong to (civicgrid.uploads); else 404.

    404 rather than 403, so that a guessed name does not tell whether a file exists. With
    MEDIA_X_ACCEL_REDIRECT set (e.g. "/protected-media/", an nginx `internal` location on MEDIA_ROOT), nginx
    sends the bytes after this check; otherwise the app streams the file itself.
    """
    if not may_read(request.user, path):
        raise Http404
    name = clean_name(path)
    prefix = getattr(settings, "MEDIA_X_ACCEL_REDIRECT", "")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if prefix:
        if not default_storage.exists(name):
            raise Http404
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
    else:
        try:
            response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
        except FileNotFoundError:
            raise Http404 from None
    # One row per file sent (photos of a case page included): uploads show people and addresses.
    audit_access(actor=request.user, action="media.download", target_type="file", target_id=name[:64], summary=name)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
