"""Who gets what: every GET route × every demo role → the expected status, in one table.

The routes come from the URL configuration (the REST operations under /api/v1/ included), so a route
added without an entry in ACCESS fails the test: the table cannot rot. GET only, one client per role.
"""

import hashlib
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from accounts.models import User
from assessment.models import FieldCheck, Scheme, Site
from cases.models import Attachment, Case, SavedFilter
from cases.services import case_report
from civicgrid.testing_routes import fill, routes
from command.models import Report
from grids.models import Grid, GridImport

ROLES = [
    "anonymous",
    "admin",
    "commander",
    "operator",
    "shift_lead",
    "dispatcher",
    "handler",
    "patroller",
    "patroller2",
    "assessor",
    "volunteer_admin",
    "volunteer",
]
OWN_COMMUNITY, OTHER_COMMUNITY = "DK-C01", "DK-C02"  # 堤口庄社区 (patroller's), 化纤厂路社区 (patroller2's)
CITIZEN_PHONE = "13912345678"
MEDIA = "^media/(?P<path>.+)$"


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def page(default: int = 200, **answers: int) -> dict[str, int]:
    """A page behind the login: anonymous is sent to the login page (302), each staff role gets `default`
    unless named."""
    return {**everyone(default), "anonymous": 302, **answers}


def api(default: int = 200, **answers: int) -> dict[str, int]:
    """A REST operation: anonymous gets 403 (session or token authentication, no login page)."""
    return {**everyone(default), "anonymous": 403, **answers}


# The role groups that recur below.
CENTRE = dict.fromkeys(["admin", "commander", "operator", "shift_lead", "dispatcher"], 200)
LEADS = dict.fromkeys(["admin", "commander", "shift_lead"], 200)
ASSESSORS = {**LEADS, "assessor": 200}
PATROLLERS = dict.fromkeys(["admin", "patroller", "patroller2"], 200)
# The objects in a path are the patroller's (堤口庄社区): patroller2 may not open them; OTHER_SCOPE swaps.
OWN_CASE = dict(handler=404, patroller2=404, volunteer_admin=404, volunteer=404)
OWN_GRID = dict(patroller2=404, volunteer=403)
SURVEY_READERS = dict.fromkeys(["admin", "commander", "assessor"], 200)
SURVEY_DOOR = dict.fromkeys(["admin", "assessor", "patroller", "patroller2", "volunteer_admin"], 200)
PROJECT_PAGES = {
    **dict.fromkeys(["admin", "commander", "shift_lead", "assessor", "dispatcher", "operator"], 200),
    **dict.fromkeys(["handler", "patroller", "patroller2"], 200),
}
PLEDGE_VIEWERS = dict.fromkeys(["admin", "commander", "shift_lead", "assessor", "dispatcher", "operator"], 200)
VOL_VIEW = dict.fromkeys(["admin", "commander", "assessor", "volunteer_admin"], 200)
VOL_MANAGE = dict.fromkeys(["admin", "volunteer_admin"], 200)

# Route pattern (as the URL configuration spells it) → {role: status}. A REST route with a format suffix
# (cases.json, cases/7.json) answers as the same route without one and has no entry of its own.
ACCESS: dict[str, dict[str, int]] = {
    "": page(),
    "healthz": everyone(200),
    "favicon.ico": everyone(301),
    "i18n/setlang/": everyone(302),  # a GET only redirects back; the choice is a POST
    "accounts/login/": {**everyone(302), "anonymous": 200},
    "accounts/logout/": everyone(405),
    "accounts/password/": page(),
    "accounts/org/": page(volunteer=403),
    "accounts/org/<int:pk>/": page(404, admin=200, volunteer=403),  # the district: only the admin's scope
    "accounts/departments/": page(volunteer=403),
    "accounts/departments/<int:pk>/": page(volunteer=403),
    "accounts/users/": page(volunteer=403),
    "accounts/users/<int:pk>/": page(patroller=404, patroller2=404, volunteer=403),  # the admin, above them
    "grids/": page(volunteer=403),
    "grids/geojson/": page(volunteer=403),
    "grids/export.geojson": page(403, admin=200, commander=200),
    "grids/import/": page(403, admin=200),
    "grids/import/<int:pk>/": page(403, admin=200),
    "grids/<int:pk>/": page(**OWN_GRID),
    "grids/<int:pk>/card/": page(**OWN_GRID),
    "grids/<int:pk>/geometry/": everyone(405),
    "cases/": page(),  # each role sees its own scope, possibly empty
    "cases/new/": page(403, admin=200, operator=200, shift_lead=200, patroller=200, patroller2=200),
    "cases/export.xlsx": page(),
    "cases/filters/": everyone(405),
    "cases/filters/<int:pk>/delete/": everyone(405),
    "cases/<int:pk>/": page(**OWN_CASE),
    "cases/<int:pk>/act/<str:action>/": everyone(405),
    "cases/m/": page(403, **PATROLLERS),
    "cases/m/report/": page(403, **PATROLLERS),
    "cases/m/<str:key>/": page(403, **PATROLLERS),
    "inbox/": page(),
    "inbox/read/": everyone(405),
    "patrols/": page(volunteer=403),
    "patrols/coverage.json": page(volunteer=403),
    "patrols/grids/<int:pk>/": page(**OWN_GRID),
    "patrols/sessions/": page(volunteer=403),
    "patrols/sessions/<int:pk>/": page(patroller2=404, volunteer=403),  # the first demo session: patroller's
    "patrols/sessions/<int:pk>/review/": everyone(405),
    "patrols/teams/": page(volunteer=403),
    "patrols/teams/<int:pk>/": page(patroller=404, patroller2=404, volunteer=403),
    "patrols/roster/<int:pk>/change/": everyone(405),
    "patrols/stats/": page(volunteer=403),
    "patrols/m/": page(403, **PATROLLERS, volunteer=200),  # 巡访团 volunteers patrol too
    # The phone's patrol API: a session is its patroller's alone, even for the admin.
    "patrols/api/sessions/": api(405),
    "patrols/api/sessions/current/": api(),
    "patrols/api/sessions/<int:pk>/": api(404, patroller=200),
    "patrols/api/sessions/<int:pk>/points/": api(405),
    "patrols/api/sessions/<int:pk>/end/": api(405),
    "patrols/api/sessions/<int:pk>/checkpoints/<int:checkpoint>/": api(405),
    "command/": page(403, **CENTRE),
    "command/screen/live.json": page(403, **CENTRE),
    "command/screen/charts.json": page(403, **CENTRE),
    "command/screen/grids.json": page(403, **CENTRE),
    "command/kpis/": page(403, **LEADS),
    "command/drill/": page(403, admin=400, commander=400, shift_lead=400),  # needs its query: 400 without
    "command/supervision/": page(403, **CENTRE),
    "command/supervision/<int:pk>/": everyone(405),
    "command/reports/": page(403, **LEADS),
    "command/reports/<int:pk>/row/": page(403, **LEADS),
    "command/reports/<int:pk>/<str:fmt>/": page(403, admin=404, commander=404, shift_lead=404),  # no "json"
    "assessment/": page(403, **ASSESSORS),
    "assessment/supervision/": page(403, **ASSESSORS),
    "assessment/dust/": page(403, **ASSESSORS),
    "assessment/actions/": page(403, **ASSESSORS),
    "assessment/schemes/": page(403, **ASSESSORS),
    "assessment/schemes/import/": page(403, admin=200),
    "assessment/schemes/<int:pk>/export.xlsx": page(403, **ASSESSORS),
    "assessment/sites/": page(403, **ASSESSORS),
    "assessment/sites/new/": page(403, admin=200, assessor=200),
    # The command screen's map layer: every role of the screen (operators and dispatchers too).
    "assessment/sites.geojson": page(403, **ASSESSORS, operator=200, dispatcher=200),
    "assessment/sites/<int:pk>/": page(403, **ASSESSORS),
    "assessment/checks/<int:pk>/": page(403, **ASSESSORS),
    "assessment/m/": page(403, admin=200, assessor=200),
    "assessment/m/sites/<int:pk>/<str:kind>/": page(403, admin=200, assessor=200),
    "assessment/api/checks/": api(403, admin=405, assessor=405),
    "assessment/api/sites/nearby/": api(403, admin=400, assessor=400),  # needs lng/lat: 400 without
    # The citizens' side: public by design.
    "public/report/": everyone(200),
    "public/track/": everyone(200),
    "public/area.geojson": everyone(200),
    "public/track/<str:code>/": everyone(200),
    "public/track/<str:code>/feedback/": everyone(405),
    "public/track/<str:code>/reopen/": everyone(405),
    # The report form's captcha (django-simple-captcha): a key that names no challenge is gone (410); the 2x picture
    # and audio are switched off; another picture is given to a script only (X-Requested-With).
    "captcha/image/(?P<key>\\w+)/$": everyone(410),
    "captcha/image/(?P<key>\\w+)@2/$": everyone(404),
    "captcha/audio/(?P<key>\\w+).wav$": everyone(404),
    "captcha/refresh/$": everyone(404),
    "captcha/refresh/": everyone(404),  # ours, before the package's: a request that is not XHR is not found
    "open311/v2/^discovery\\.(?P<fmt>[A-Za-z0-9]+)$": everyone(200),
    "open311/v2/^services\\.(?P<fmt>[A-Za-z0-9]+)$": everyone(200),
    "open311/v2/^services/(?P<service_code>[^/]+)\\.(?P<fmt>[A-Za-z0-9]+)$": everyone(200),
    "open311/v2/^requests\\.(?P<fmt>[A-Za-z0-9]+)$": everyone(200),
    "open311/v2/^requests/(?P<service_request_id>[^/]+)\\.(?P<fmt>[A-Za-z0-9]+)$": everyone(200),
    "open311/v2/^tokens/(?P<token>[^/]+)\\.(?P<fmt>[A-Za-z0-9]+)$": everyone(200),
    "open311/v2/^(?P<path>.*)$": everyone(404),
    # The REST API (/api/schema/ lists the same operations; test_openapi_contract checks their shapes).
    "api/v1/^org-units/$": api(volunteer=403),
    "api/v1/^org-units/(?P<pk>[^/.]+)/$": api(404, admin=200, volunteer=403),
    "api/v1/^departments/$": api(volunteer=403),
    "api/v1/^departments/(?P<pk>[^/.]+)/$": api(volunteer=403),
    "api/v1/^users/$": api(volunteer=403),
    "api/v1/^users/me/$": api(),
    "api/v1/^users/(?P<pk>[^/.]+)/$": api(patroller=404, patroller2=404, volunteer=403),
    "api/v1/^grids/$": api(volunteer=403),
    "api/v1/^grids/locate/$": api(400, volunteer=403),  # needs lng/lat: 400 without
    "api/v1/^grids/(?P<pk>[^/.]+)/$": api(**OWN_GRID),
    "api/v1/^cases/$": api(),
    "api/v1/^cases/(?P<pk>[^/.]+)/$": api(**OWN_CASE),
    "api/v1/^cases/(?P<pk>[^/.]+)/actions/(?P<name>[a-z_]+)/$": api(405),
    "api/v1/^categories/$": api(),
    "api/v1/^categories/(?P<pk>[^/.]+)/$": api(),
    "api/v1/": api(),
    "api/schema/": api(),
    "api/docs/": api(),
    # A case photo: whoever may open the case may see it; everyone else gets 404 (a guess learns nothing).
    MEDIA: page(**OWN_CASE),
    # verification: asking for a phone code is a POST from public pages.
    "verification/code/": everyone(405),
    # Prometheus metrics: only this machine (the test client's 127.0.0.1) or a bearer token, not a login.
    "metrics": everyone(200),
    # privacy: requests about a resident's personal data are the administrator's.
    "privacy/": page(403, admin=200),
    # archive: 文明办 manages, the commander reads; any staff user lists the materials they own (none here:
    # the first demo material is 城管's, a user outside this table), so a material is 404 to the others.
    "archive/": page(403, admin=200, commander=200, assessor=200),
    "archive/materials/": page(volunteer=403),
    "archive/materials/new/": page(403, admin=200, assessor=200),
    "archive/materials/<int:pk>/": page(404, admin=200, commander=200, assessor=200, volunteer=403),
    "archive/materials/<int:pk>/edit/": page(403, admin=200, assessor=200),
    "archive/materials/<int:pk>/upload/": everyone(405),
    "archive/materials/<int:pk>/note/": everyone(405),
    "archive/materials/<int:pk>/link/": everyone(405),
    "archive/materials/<int:pk>/links/<int:link>/delete/": everyone(405),
    "archive/materials/<int:pk>/complete/": everyone(405),
    "archive/materials/<int:pk>/reject/": everyone(405),
    "archive/export.zip": page(403, admin=200, commander=200, assessor=200),
    # elections: 身边好人 campaigns for the civilization office (assessor) and leaders; the phone pages are public.
    "elections/": page(403, admin=200, commander=200, assessor=200),
    "elections/new/": page(403, admin=200, assessor=200),
    "elections/<int:pk>/": page(403, admin=200, commander=200, assessor=200),
    "elections/<int:pk>/edit/": page(403, admin=200, assessor=200),
    "elections/<int:pk>/nominate/": page(403, admin=200, assessor=200),
    "elections/<int:pk>/votes/": page(403, admin=200, assessor=200),
    "elections/<int:pk>/votes/void/": everyone(405),
    "elections/<int:pk>/publish/": everyone(405),
    "elections/nominations/<int:pk>/": page(403, admin=200, commander=200, assessor=200),
    "elections/nominations/<int:pk>/review/": everyone(405),
    "e/<int:pk>/": everyone(200),
    "e/<int:pk>/verify/": everyone(405),
    "e/<int:pk>/vote/": everyone(405),
    "e/<int:pk>/nominate/": everyone(200),
    "e/<int:pk>/honours/": everyone(200),
    "e/photos/<int:pk>/": everyone(200),  # a photo of a nomination approved for the vote
    # pages (#21): the offline base map; no tile file configured in tests, so every tile is missing.
    "tiles/<int:z>/<int:x>/<int:y>.png": everyone(404),
    # surveys: 文明办 (assessor) builds, the commander reads results, staff in the field go door to door; the
    # demo survey is published with no draft, so the question pages answer 404 to those who may build.
    "surveys/": page(403, **SURVEY_READERS),
    "surveys/new/": page(403, admin=200, assessor=200),
    "surveys/<int:pk>/": page(403, **SURVEY_READERS),
    "surveys/<int:pk>/settings/": page(403, admin=200, assessor=200),
    "surveys/<int:pk>/edit/": everyone(405),
    "surveys/<int:pk>/publish/": everyone(405),
    "surveys/<int:pk>/questions/new/": page(403, admin=404, assessor=404),
    "surveys/<int:pk>/questions/<int:question_id>/": page(403, admin=404, assessor=404),
    "surveys/<int:pk>/questions/<int:question_id>/delete/": everyone(405),
    "surveys/<int:pk>/questions/<int:question_id>/move/": everyone(405),
    "surveys/<int:pk>/results/": page(403, **SURVEY_READERS),
    "surveys/<int:pk>/export.xlsx": page(403, **SURVEY_READERS),
    "surveys/<int:pk>/qr/": page(403, **SURVEY_READERS),
    "surveys/door/": page(403, **SURVEY_DOOR),
    "surveys/door/<int:pk>/": page(403, **SURVEY_DOOR),
    "surveys/s/<uuid:public_id>/": everyone(200),
    "surveys/s/<uuid:public_id>/thanks/": everyone(200),
    # projects, pledges, articles: renovation projects and task forces, the 实事 register, culture and news.
    # The demo's first project is the 老旧小区改造专班's (patroller sits on it; the handler of 环卫所 does not); the
    # first 实事 is owned by handler_zj, so the other handlers and the patrollers do not see it.
    "projects/": page(403, **PROJECT_PAGES),
    "projects/map/": page(403, **PROJECT_PAGES),
    "projects/projects.geojson": page(403, **PROJECT_PAGES),
    "projects/late/": page(403, **PROJECT_PAGES),
    "projects/new/": page(403, admin=200, commander=200),
    "projects/<int:pk>/": page(403, **{**PROJECT_PAGES, "handler": 404, "patroller2": 404}),
    "projects/<int:pk>/edit/": page(403, admin=200, commander=200),
    "projects/<int:pk>/milestones/": everyone(405),
    "projects/<int:pk>/photos/": everyone(405),
    "projects/<int:pk>/cases/": everyone(405),
    "projects/task-forces/": page(403, **PROJECT_PAGES),
    "projects/task-forces/new/": page(403, admin=200, commander=200),
    "projects/task-forces/<int:pk>/": page(403, admin=200, commander=200),
    "pledges/": page(volunteer=403),
    "pledges/new/": page(403, admin=200, commander=200, assessor=200),
    "pledges/<int:pk>/": page(404, volunteer=403, **PLEDGE_VIEWERS),
    "pledges/<int:pk>/status/": everyone(405),
    "pledges/<int:pk>/feedback/": everyone(405),
    "articles/": page(403, admin=200, assessor=200),
    "articles/new/": page(403, admin=200, assessor=200),
    "articles/<int:pk>/": page(403, admin=200, assessor=200),
    "articles/<int:pk>/images/": everyone(405),
    "articles/<int:pk>/publish/": everyone(405),
    "public/projects/": everyone(200),
    "public/projects/projects/<int:pk>/": everyone(200),
    "public/projects/photos/<int:pk>/": everyone(200),
    "public/pledges/": everyone(200),
    "public/articles/": everyone(200),
    "public/articles/<int:pk>/": everyone(200),
    "public/articles/images/<int:pk>/": everyone(200),
    # volunteers: the station's pages (VOL_VIEW reads, VOL_MANAGE writes); the volunteer's own phone pages
    # answer a volunteer (the demo user `volunteer` is one), everyone else is sent to sign in with a phone code.
    "volunteers/": page(403, **VOL_VIEW),
    "volunteers/people/": page(403, **VOL_VIEW),
    "volunteers/people/inactive/": page(403, **VOL_VIEW),
    "volunteers/people/import/": page(403, **VOL_MANAGE),
    "volunteers/people/export.xlsx": page(403, **VOL_MANAGE),
    "volunteers/people/<int:pk>/": page(403, **VOL_VIEW),
    "volunteers/people/<int:pk>/reveal/": everyone(405),
    "volunteers/activities/": page(403, **VOL_VIEW),
    "volunteers/activities/new/": page(403, **VOL_MANAGE),
    "volunteers/activities/<int:pk>/": page(403, **VOL_VIEW),
    "volunteers/activities/<int:pk>/qr/": page(403, **VOL_MANAGE),
    "volunteers/activities/<int:pk>/qr.svg": page(403, **VOL_MANAGE),
    "volunteers/activities/<int:pk>/by-hand/": everyone(405),
    "volunteers/activities/<int:pk>/record/": everyone(405),
    "volunteers/records/<int:pk>/confirm/": everyone(405),
    "volunteers/records/<int:pk>/correct/": everyone(405),
    "volunteers/teams/": page(403, **VOL_VIEW),
    "volunteers/teams/new/": page(403, **VOL_MANAGE),
    "volunteers/teams/<int:pk>/": page(403, **VOL_VIEW),
    "volunteers/teams/<int:pk>/edit/": page(403, **VOL_MANAGE),
    "volunteers/teams/<int:pk>/members/": everyone(405),
    "volunteers/stats/": page(403, **VOL_VIEW),
    "volunteers/m/": {**everyone(200), "volunteer": 302},
    "volunteers/m/register/": everyone(200),
    "volunteers/m/sign-out/": everyone(405),
    "volunteers/m/me/": {**everyone(302), "volunteer": 200},
    "volunteers/m/certificate.pdf": {**everyone(302), "volunteer": 200},
    "volunteers/m/activities/<int:pk>/": {**everyone(302), "volunteer": 200},
    "volunteers/m/activities/<int:pk>/<str:action>/": everyone(405),
    "volunteers/scan/<int:pk>/": everyone(302),
    "volunteers/api/volunteers/": api(403, **VOL_VIEW),
}
# The same route with an object of 化纤厂路社区 in its path: the answers differ from ACCESS only here.
OTHER_CASE = dict(patroller=404, patroller2=200)
OTHER_GRID = dict(patroller=404, patroller2=200)
OTHER_SCOPE: dict[str, dict[str, int]] = {
    "grids/<int:pk>/": OTHER_GRID,
    "grids/<int:pk>/card/": OTHER_GRID,
    "patrols/grids/<int:pk>/": OTHER_GRID,
    "api/v1/^grids/(?P<pk>[^/.]+)/$": OTHER_GRID,
    "cases/<int:pk>/": OTHER_CASE,
    "api/v1/^cases/(?P<pk>[^/.]+)/$": OTHER_CASE,
    MEDIA: OTHER_CASE,
    # Assessment sites and checks: no demo role with access is scoped below the subdistrict, so both
    # communities answer alike (a community-level assessor would tell them apart).
}
# Path segments whose object is taken once from each community.
SCOPED_SEGMENT = re.compile(r"(^|/)\^?(cases|supervision|grids|sites|checks)/(<int:pk>|\(\?P<pk>)")
FORMAT_SUFFIX = re.compile(r"\\\.\(\?P<format>\[a-z0-9\]\+\)/\?\$$")


def expected(route: str) -> dict[str, int] | None:
    if route == "api/v1/<drf_format_suffix:format>":
        return ACCESS.get("api/v1/")
    return ACCESS.get(FORMAT_SUFFIX.sub("/$", route))


def community_objects(code: str, scheme: Scheme) -> dict:
    grid = Grid.objects.filter(org_unit__code=code).order_by("code").first()
    case, _created = case_report(
        source="citizen",
        description="路边有垃圾",
        lng=(grid.min_lng + grid.max_lng) / 2,
        lat=(grid.min_lat + grid.max_lat) / 2,
        reporter_name="居民",
        reporter_phone=CITIZEN_PHONE,
    )
    content = b"\xff\xd8\xff photo of " + code.encode()
    name = default_storage.save(f"cases/2026/12/{code}.jpg", ContentFile(content))
    Attachment.objects.create(
        case=case, file=name, content_type="image/jpeg", size=len(content), sha256=hashlib.sha256(content).hexdigest()
    )
    site = Site.objects.filter(org_unit__code=code).order_by("pk").first()
    assert site, f"no demo assessment site in {code}"
    check = FieldCheck.objects.create(
        scheme=scheme,
        site=site,
        inspector=User.objects.get(username="assessor"),
        client_id=f"matrix-{code}",
        checked_at=timezone.now(),
        scope_path=site.scope_path,
    )
    return {Case: case, Grid: grid, Site: site, FieldCheck: check}


@pytest.fixture
def scoped(db):
    """The objects a path may name: (patroller's community, patroller2's community)."""
    admin = User.objects.get(username="admin")
    Report.objects.create(kind="weekly", org_unit=admin.org_unit, start="2026-11-30", end="2026-12-06")
    GridImport.objects.create(file="grid-imports/matrix.geojson", original_name="matrix.geojson", uploaded_by=admin)
    SavedFilter.objects.create(user=admin, name="matrix", query="status=reported")
    scheme = Scheme.objects.order_by("pk").first()
    return community_objects(OWN_COMMUNITY, scheme), community_objects(OTHER_COMMUNITY, scheme)


def clients() -> dict[str, Client]:
    result = {"anonymous": Client(raise_request_exception=False)}
    for username in ROLES[1:]:
        result[username] = Client(raise_request_exception=False)
        result[username].force_login(User.objects.get(username=username))
    return result


def url_for(route: str, objects: dict) -> str | None:
    if route == MEDIA:
        return "/media/" + objects[Case].attachments.get().file.name
    return fill(route, objects[Case], objects)


def test_every_get_route_answers_every_role_as_the_access_table_says(scoped):
    own, other = scoped
    by_role = clients()
    without_entry, unfilled, differences, requests = [], [], [], 0
    checked = []
    for route in routes():
        if route.startswith("admin/"):  # Django's admin guards itself (is_staff) and is not part of the product
            continue
        table = expected(route)
        if table is None:
            without_entry.append(route)
            continue
        variants = [("", own, table)]
        if route == MEDIA or SCOPED_SEGMENT.search(route):
            base = FORMAT_SUFFIX.sub("/$", route)
            variants.append((" [化纤厂路社区]", other, {**table, **OTHER_SCOPE.get(base, {})}))
        for label, objects, answers in variants:
            url = url_for(route, objects)
            if url is None:
                unfilled.append(route)
                continue
            checked.append(route + label)
            for role in ROLES:
                requests += 1
                status = by_role[role].get(url).status_code
                if status != answers[role]:
                    differences.append(f"{route}{label} {role}: expected {answers[role]}, got {status} ({url})")
    print(f"\naccess matrix: {len(checked)} routes × {len(ROLES)} roles = {requests} requests")
    assert without_entry == [], "routes without an entry in ACCESS:\n" + "\n".join(without_entry)
    assert unfilled == [], "routes that the demo data cannot fill:\n" + "\n".join(unfilled)
    assert differences == [], "\n".join(differences)


def test_the_table_names_only_routes_that_exist():
    # An entry for a route that is gone is a stale promise; remove it with the route.
    existing = {FORMAT_SUFFIX.sub("/$", route) for route in routes()}
    assert set(ACCESS) - existing == set()
    assert set(OTHER_SCOPE) - set(ACCESS) == set()


def test_every_role_has_an_answer_in_every_entry():
    assert [route for route, answers in ACCESS.items() if set(answers) != set(ROLES)] == []


def logged_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_a_citizens_phone_number_is_masked_on_the_case_page_for_a_role_that_may_not_see_it(scoped):
    case = scoped[0][Case]
    html = logged_in("patroller").get(f"/cases/{case.pk}/").content.decode()
    assert "139****5678" in html
    assert CITIZEN_PHONE not in html


def test_a_citizens_phone_number_is_shown_on_the_case_page_to_the_operator_who_calls_back(scoped):
    case = scoped[0][Case]
    assert CITIZEN_PHONE in logged_in("operator").get(f"/cases/{case.pk}/").content.decode()


def test_the_rest_case_detail_carries_no_citizens_phone_number_for_any_role(scoped):
    # The API leaves the reporter's contact out altogether: the phone app and integrations need no
    # citizen's number, masked or not.
    case = scoped[0][Case]
    for username in ("patroller", "operator", "commander", "admin"):
        body = logged_in(username).get(f"/api/v1/cases/{case.pk}/").content.decode()
        assert CITIZEN_PHONE not in body and "139****5678" not in body, username


def test_every_get_operation_of_the_openapi_schema_is_in_the_table(db):
    # The schema is what API clients are told; each of its GET operations must be a route the matrix walks.
    schema = logged_in("admin").get("/api/schema/", {"format": "json"}).json()
    operations = [path for path, methods in schema["paths"].items() if "get" in methods]
    assert operations, "the schema lists no GET operation: the check would prove nothing"
    # resolve() spells a route without the ^ that starts a regex pattern.
    walked = {re.sub(r"(^|/)\^", r"\1", route) for route in routes() if expected(route) is not None}
    missing = []
    for path in operations:
        route = resolve(re.sub(r"\{[^}]+\}", "1", path)).route
        if route not in walked:
            missing.append(f"{path} ({route})")
    assert missing == []


def test_the_public_tracking_page_and_open311_never_show_the_citizens_phone_number(scoped):
    case = scoped[0][Case]
    anonymous = Client()
    for url in (f"/public/track/{case.tracking_code}/", f"/open311/v2/requests/{case.number}.json"):
        response = anonymous.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert CITIZEN_PHONE not in body and "139****5678" not in body, url
