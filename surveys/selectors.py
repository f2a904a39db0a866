"""Reads of the surveys, each within what the user may see."""

from django.db.models import Count, Q, QuerySet

from accounts.models import OrgUnitKind, User
from accounts.selectors import ancestor_paths, scope_path, visible_org_units
from surveys import rates
from surveys.models import Answer, Question, Response, ResponseMode, Survey, SurveyCommunity, VersionState


def visible_surveys(user: User) -> QuerySet[Survey]:
    """Surveys of the user's area and of the units above it (a community sees the subdistrict's surveys)."""
    path = scope_path(user)
    if path is None:
        return Survey.objects.none()
    if path == "":
        return Survey.objects.all()
    return Survey.objects.filter(Q(org_unit__path__startswith=path) | Q(org_unit__path__in=ancestor_paths(path)))


def managed_surveys(user: User) -> QuerySet[Survey]:
    """Surveys the user may build and change: those of their own area."""
    path = scope_path(user)
    if path is None:
        return Survey.objects.none()
    return Survey.objects.filter(org_unit__path__startswith=path)


def published_version(survey: Survey):
    return survey.versions.filter(state=VersionState.PUBLISHED).first()


def answerable_version(*, survey: Survey, pk: str):
    """The version a respondent was shown (published, or retired since), or None."""
    if not str(pk).isdigit():
        return None
    states = [VersionState.PUBLISHED, VersionState.RETIRED]
    return survey.versions.filter(pk=int(pk), state__in=states).first()


def questions_of(version) -> list[Question]:
    return list(version.questions.order_by("order")) if version else []


def survey_communities(*, survey: Survey, user: User | None = None) -> QuerySet[SurveyCommunity]:
    """The communities the survey covers (within the user's scope, if a user is given)."""
    areas = survey.communities.select_related("community").order_by("community__path")
    if user is not None:
        path = scope_path(user)
        if path is None:
            return areas.none()
        areas = areas.filter(community__path__startswith=path)
    return areas


def community_by_code(*, survey: Survey, code: str):
    """The community a QR code names (any community, so an answer from outside the area is flagged, not lost)."""
    from accounts.models import OrgUnit

    if not code:
        return None
    return OrgUnit.objects.filter(code=code[:32], kind=OrgUnitKind.COMMUNITY).first()


def door_surveys(user: User) -> QuerySet[Survey]:
    """Open, published surveys covering a community in the user's scope: the ones they can take door to door."""
    path = scope_path(user)
    if path is None:
        return Survey.objects.none()
    return (
        visible_surveys(user)
        .filter(is_open=True, versions__state=VersionState.PUBLISHED, communities__community__path__startswith=path)
        .distinct()
        .order_by("-created_at")
    )


def responses_in_scope(*, survey: Survey, user: User) -> QuerySet[Response]:
    """The survey's responses the user may count: all of them for the survey's own area, else their communities'."""
    path = scope_path(user)
    if path is None:
        return Response.objects.none()
    responses = Response.objects.filter(survey=survey)
    if sees_whole_survey(survey=survey, user=user):
        return responses
    return responses.filter(community__path__startswith=path)


def sees_whole_survey(*, survey: Survey, user: User) -> bool:
    path = scope_path(user)
    return path is not None and survey.org_unit.path.startswith(path)


def results(*, survey: Survey, user: User) -> dict:
    """What the results page shows: counts and rates overall, by mode and by community, and each question's
    answer distribution (for the charts), all within the user's scope."""
    responses = responses_in_scope(survey=survey, user=user)
    totals = responses.aggregate(
        all=Count("id"),
        public=Count("id", filter=Q(mode=ResponseMode.PUBLIC)),
        door=Count("id", filter=Q(mode=ResponseMode.DOOR)),
        outside=Count("id", filter=Q(outside_area=True)),
        over=Count("id", filter=Q(over_quota=True)),
    )
    by_mode = rates.rates_by(survey, responses, group=("mode",))
    by_community = rates.rates_by(survey, responses, group=("community_id",))
    overall = rates.overall(survey, responses)
    counts = {
        row["community_id"]: row
        for row in responses.values("community_id").annotate(
            n=Count("id"),
            public=Count("id", filter=Q(mode=ResponseMode.PUBLIC)),
            door=Count("id", filter=Q(mode=ResponseMode.DOOR)),
            flagged=Count("id", filter=Q(outside_area=True) | Q(over_quota=True)),
        )
    }
    communities = []
    whole = sees_whole_survey(survey=survey, user=user)
    for area in survey_communities(survey=survey, user=None if whole else user):
        row = counts.get(area.community_id, {})
        communities.append(
            {
                "community": area.community,
                "quota": area.quota,
                "n": row.get("n", 0),
                "public": row.get("public", 0),
                "door": row.get("door", 0),
                "flagged": row.get("flagged", 0),
                "rates": {key: by_community[key].get((area.community_id,)) for key, _label in rates.RATES},
            }
        )
    return {
        "totals": totals,
        "overall": overall,
        "modes": [
            (mode, label, {key: by_mode[key].get((mode,)) for key, _l in rates.RATES})
            for mode, label in ResponseMode.choices
        ],
        "communities": communities,
        "distributions": distributions(survey=survey, responses=responses),
    }


def distributions(*, survey: Survey, responses) -> list[dict]:
    """For each choice or rating question of the published (else newest) version: answers per option, by code so
    that versions add up."""
    version = published_version(survey) or survey.versions.order_by("-number").first()
    questions = [q for q in questions_of(version) if q.kind != "text"]
    codes = [q.code for q in questions]
    counted = rates.counted_responses(responses)
    rows = (
        Answer.objects.filter(response__in=counted, code__in=codes)
        .values("code", "option", "number")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    tally: dict = {}
    for row in rows:
        label = row["option"] if row["number"] is None else str(row["number"])
        tally.setdefault(row["code"], {})[label] = row["n"]
    charts = []
    for question in questions:
        labels = question.options if question.kind != "rating" else [str(i) for i in range(1, question.scale + 1)]
        charts.append(
            {
                "code": question.code,
                "text": question.text,
                "kind": question.kind,
                "labels": labels,
                "values": [tally.get(question.code, {}).get(label, 0) for label in labels],
            }
        )
    return charts


def export_rows(*, survey: Survey, responses):
    """(header codes, iterator of (response, {code: [values]})) for the export: no phone, no address, no key."""
    codes = list(
        Question.objects.filter(version__survey=survey).values_list("code", flat=True).distinct().order_by("code")
    )

    def rows():
        batch = []
        for response in (
            responses.select_related("community", "version", "grid").order_by("id").iterator(chunk_size=500)
        ):
            batch.append(response)
            if len(batch) == 500:
                yield from _with_answers(batch)
                batch = []
        yield from _with_answers(batch)

    return codes, rows()


def _with_answers(batch):
    if not batch:
        return
    by_response: dict = {}
    for answer in (
        Answer.objects.filter(response__in=batch)
        .order_by("id")
        .values("response_id", "code", "option", "number", "text")
    ):
        value = answer["option"] or (str(answer["number"]) if answer["number"] is not None else answer["text"])
        by_response.setdefault(answer["response_id"], {}).setdefault(answer["code"], []).append(value)
    for response in batch:
        yield response, by_response.get(response.pk, {})


def visible_communities(user: User):
    return visible_org_units(user).filter(kind=OrgUnitKind.COMMUNITY).order_by("path")


def submission_recorded(*, survey: Survey, token: str) -> bool:
    return Response.objects.filter(survey=survey, submission_token=token).exists()


def door_communities(*, survey: Survey, user: User):
    from accounts.models import OrgUnit

    return OrgUnit.objects.filter(pk__in=survey_communities(survey=survey, user=user).values("community_id")).order_by(
        "path"
    )


def door_grids(user: User):
    from grids.selectors import visible_grids

    return visible_grids(user).filter(kind="community").order_by("code")


def unit_rates(*, path: str, start=None, end=None, limit: int = 5) -> list[dict]:
    """The newest surveys of the unit at `path` (or above it) with their answers and rates from that unit's
    communities (in [start, end) if given): what the command screen, the KPI page and the reports show."""
    surveys = (
        Survey.objects.filter(Q(org_unit__path__startswith=path) | Q(org_unit__path__in=ancestor_paths(path)))
        .filter(versions__state__in=[VersionState.PUBLISHED, VersionState.RETIRED])
        .select_related("org_unit")
        .distinct()
        .order_by("-created_at", "-id")[:limit]
    )
    found = []
    for survey in surveys:
        responses = Response.objects.filter(survey=survey)
        if path != survey.org_unit.path and path.startswith(survey.org_unit.path):
            responses = responses.filter(community__path__startswith=path)  # a survey of the area above
        if start is not None:
            responses = responses.filter(submitted_at__gte=start, submitted_at__lt=end)
        counts = responses.aggregate(
            public=Count("id", filter=Q(mode=ResponseMode.PUBLIC)), door=Count("id", filter=Q(mode=ResponseMode.DOOR))
        )
        found.append({"survey": survey, **counts, "rates": rates.overall(survey, responses)})
    return found


def screen_rates(*, path: str) -> dict | None:
    """The newest open survey's three rates for the command screen, cached a minute (every screen polls)."""
    from django.core.cache import cache

    key = f"surveys:screen:{path}"
    hit = cache.get(key)
    if hit is None:
        rows = unit_rates(path=path, limit=1)
        hit = {"rates": rows[0]["rates"], "title": rows[0]["survey"].title} if rows else {}
        cache.set(key, hit, 60)
    return hit or None
