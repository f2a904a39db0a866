from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from cases.public import captcha_refresh
from civicgrid import views
from civicgrid.metrics import metrics

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("metrics", metrics, name="metrics"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("grids/", include("grids.urls")),
    path("cases/", include("cases.urls")),
    path("inbox/", include("notifications.urls")),
    path("patrols/", include("patrols.urls")),
    path("command/", include("command.urls")),
    path("assessment/", include("assessment.urls")),
    path("verification/", include("verification.urls")),
    path("elections/", include("elections.urls")),
    path("privacy/", include("privacy.urls")),
    path("archive/", include("archive.urls")),
    path("surveys/", include("surveys.urls")),
    path("projects/", include("projects.urls")),
    path("pledges/", include("pledges.urls")),
    path("articles/", include("articles.urls")),
    path("public/projects/", include("projects.public_urls")),
    path("public/pledges/", include("pledges.public_urls")),
    path("public/articles/", include("articles.public_urls")),
    path("volunteers/", include("volunteers.urls")),
    path("public/", include("cases.public_urls")),
    path("captcha/refresh/", captcha_refresh, name="captcha-refresh"),  # the package's refresh, rate-limited
    path("captcha/", include("captcha.urls")),  # the report form's captcha picture and its refresh
    path("e/", include("elections.public_urls")),
    path("open311/v2/", include("open311.urls")),
    path("api/v1/", include("civicgrid.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: the Content-Security-Policy allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    path("tiles/", include("grids.tile_urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(re_path(r"^media/(?P<path>.+)$", views.protected_media, name="media"))

handler404 = "civicgrid.views.error_404"
handler500 = "civicgrid.views.error_500"
