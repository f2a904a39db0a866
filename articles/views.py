"""The editors' pages: list, write, add pictures, publish."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from articles import selectors, services
from articles.forms import ArticleFilterForm, ArticleForm, ImageForm
from articles.selectors import EDITOR_ROLES
from civicgrid.forms import service_errors

PAGE_SIZE = 30


@role_required(*EDITOR_ROLES)
def article_list(request):
    form = ArticleFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    articles = selectors.editor_list(request.user, kind=data.get("kind", ""), status=data.get("status", ""))
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "articles/list.html", {"page": page, "form": form})


def _edit(request, article):
    form = ArticleForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.article_save(actor=request.user, article=article, **form.cleaned_data)
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Article saved."))
            return redirect("articles:edit", saved.pk)
    context = {"form": form, "article": article, "image_form": ImageForm()}
    return render(request, "articles/form.html", context, status=400 if form.errors else 200)


@role_required(*EDITOR_ROLES)
def article_new(request):
    return _edit(request, None)


@role_required(*EDITOR_ROLES)
def article_edit(request, pk: int):
    return _edit(request, get_object_or_404(selectors.visible_articles(request.user), pk=pk))


@require_POST
@role_required(*EDITOR_ROLES)
def images_add(request, pk: int):
    article = get_object_or_404(selectors.visible_articles(request.user), pk=pk)
    form = ImageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            data = form.cleaned_data
            added = services.images_add(
                actor=request.user, article=article, files=data["images"], caption=data["caption"]
            )
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                messages.error(request, " ".join(errors))
        else:
            messages.success(request, _("%(count)d picture(s) added.") % {"count": len(added)})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("articles:edit", article.pk)


@require_POST
@role_required(*EDITOR_ROLES)
def article_publish(request, pk: int):
    article = get_object_or_404(selectors.visible_articles(request.user), pk=pk)
    publish = request.POST.get("publish") == "1"
    services.article_publish(actor=request.user, article=article, publish=publish)
    messages.success(request, _("Article published.") if publish else _("Article taken back to draft."))
    return redirect("articles:edit", article.pk)
