"""The public site's culture and news: published articles and their pictures, for everyone."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render

from articles import selectors
from articles.models import ArticleKind

PAGE_SIZE = 12


def article_list(request):
    kind = request.GET.get("kind", "")
    if kind not in ArticleKind.values:
        kind = ""
    page = Paginator(selectors.published_articles(kind=kind), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "articles/public_list.html", {"page": page, "kind": kind, "kinds": ArticleKind.choices})


def article_page(request, pk: int):
    article = selectors.published_articles().filter(pk=pk).first()
    if article is None:
        raise Http404
    return render(request, "articles/public_detail.html", {"article": article})


def image(request, pk: int):
    record = selectors.readable_image(request.user, pk)
    if record is None:
        raise Http404
    thumb = request.GET.get("size") == "thumb" and record.thumbnail
    field = record.thumbnail if thumb else record.file
    try:
        response = FileResponse(field.open("rb"), content_type="image/jpeg" if thumb else record.content_type)
    except FileNotFoundError:
        raise Http404 from None
    public = record.article.status == "published"
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
