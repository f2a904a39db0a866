"""The routes of the URL configuration, with their path parameters filled from demo data.

Shared by the tests that walk every route: the hostile-query crawl and the access matrix.
"""

import re
from urllib.parse import quote

from django.db.models import Model
from django.urls import URLResolver, get_resolver

from accounts.models import Department, OrgUnit, User
from archive.models import ArchiveMaterial
from articles.models import Article, ArticleImage
from assessment.models import FieldCheck, Scheme, Site
from cases.models import Case, Category, SavedFilter
from cases.queues import QUEUES
from command.models import Report
from elections.models import Campaign, Nomination, NominationPhoto
from grids.models import Grid, GridImport
from patrols.models import CheckPoint, PatrolSession, PatrolTeam, RosterEntry
from pledges.models import Pledge
from projects.models import Project, ProjectPhoto, TaskForce
from surveys.models import Question, Survey
from volunteers.models import Activity, ServiceRecord, Team, Volunteer

# The model behind a path id, by the path segment just before it (or the two before it, where one is not enough).
MODEL_OF_SEGMENT = {
    "org": OrgUnit,
    "org-units": OrgUnit,
    "departments": Department,
    "users": User,
    "grids": Grid,
    "import": GridImport,
    "filters": SavedFilter,
    "cases": Case,
    "supervision": Case,
    "sessions": PatrolSession,
    "teams": PatrolTeam,
    "roster": RosterEntry,
    "reports": Report,
    "categories": Category,
    "schemes": Scheme,
    "sites": Site,
    "checks": FieldCheck,
    "materials": ArchiveMaterial,
    "elections": Campaign,
    "e": Campaign,
    "nominations": Nomination,
    "e/photos": NominationPhoto,  # two apps have photos/<pk>: the segment before tells them apart
    "surveys": Survey,
    "door": Survey,
    "projects": Project,
    "task-forces": TaskForce,
    "projects/photos": ProjectPhoto,
    "pledges": Pledge,
    "articles": Article,
    "images": ArticleImage,
    "photos": NominationPhoto,
    # volunteers
    "people": Volunteer,
    "activities": Activity,
    "records": ServiceRecord,
    "scan": Activity,
    "volunteers/teams": Team,  # patrols' teams/<pk> are PatrolTeam
}
PARAMETER = re.compile(r"<(?:\w+:)?(?P<route>\w+)>|\(\?P<(?P<regex>\w+)>[^)]*\)")


def routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def fill(route: str, case: Case, objects: dict[type[Model], Model] | None = None) -> str | None:
    """The route with each path parameter filled from demo data; None when there is nothing to fill it with.

    A path id is the first row of its model, or the row `objects` gives for that model (the case, too, when
    the route names it by number or tracking code).
    """
    objects = objects or {}
    case = objects.get(Case, case)
    values = {
        "action": "file",
        "name": "file",
        "key": QUEUES[0].key,
        "code": case.tracking_code,
        "token": case.tracking_code,
        "fmt": "json",
        "format": "json",
        "service_code": case.category.code if case.category else Category.objects.first().code,
        "service_request_id": case.number,
        "path": "nothing-here",
        "checkpoint": getattr(CheckPoint.objects.first(), "pk", None),
        "kind": "civilization",
        "link": 1,
        "z": 0,  # a map tile (grids.tiles)
        "x": 0,
        "y": 0,
        "question_id": getattr(Question.objects.order_by("pk").first(), "pk", None),
        "public_id": getattr(Survey.objects.order_by("pk").first(), "public_id", None),
    }
    url, position = "", 0
    for match in PARAMETER.finditer(route):
        name = match["route"] or match["regex"]
        literal = route[position : match.start()]
        if name == "pk":
            segments = [part for part in re.split(r"[/^]", literal) if part]
            model = MODEL_OF_SEGMENT.get("/".join(segments[-2:])) or MODEL_OF_SEGMENT[segments[-1]]
            row = objects[model] if model in objects else model.objects.order_by("pk").first()
            value = row.pk if row else None
        else:
            value = values[name]
            if match.group(0).startswith("<drf_format_suffix:"):
                value = f".{value}"  # the converter takes the dot with the suffix: /api/v1/.json
        if value is None:
            return None
        url, position = url + literal + quote(str(value)), match.end()
    url += route[position:]
    return "/" + url.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "")
