"""The public side of projects: a list and a summary page per project, with no personal data (no names, no
phones, no case details: a count of linked complaints only), and the project photos (stored without metadata)."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render

from projects import selectors
from projects.models import Project

PAGE_SIZE = 20


def project_list(request):
    page = Paginator(selectors.public_projects(), PAGE_SIZE).get_page(request.GET.get("page"))
    for project in page.object_list:
        project.percent = selectors.percent(project)
    return render(request, "projects/public_list.html", {"page": page})


def project_page(request, pk: int):
    try:
        project = selectors.project_detail(pk, queryset=Project.objects.filter(is_public=True))
    except Project.DoesNotExist:
        raise Http404 from None
    context = {"project": project, **selectors.project_card(project), "case_count": project.case_links.count()}
    return render(request, "projects/public_detail.html", context)


def photo(request, pk: int):
    record = selectors.public_photo(pk)
    if record is None:
        raise Http404
    field = record.thumbnail if request.GET.get("size") == "thumb" and record.thumbnail else record.file
    try:
        response = FileResponse(
            field.open("rb"), content_type=record.content_type if field == record.file else "image/jpeg"
        )
    except FileNotFoundError:
        raise Http404 from None
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
