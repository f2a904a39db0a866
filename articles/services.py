"""Every write of articles: the body is sanitised here, on the way in, so no page ever prints unsafe markup."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from articles import selectors
from articles.models import Article, ArticleImage, ArticleStatus
from articles.sanitize import clean_html, plain_text
from audit.services import audit_record


class ArticleError(ValidationError):
    """A domain error with a message per field."""


def _check_editor(actor: User) -> None:
    if not selectors.is_editor(actor):
        raise ArticleError({"__all__": _("Only the civilization office's editors write articles.")})


def article_save(
    *,
    actor: User,
    article: Article | None = None,
    kind: str,
    title: str,
    body: str,
    summary: str = "",
    cover: ArticleImage | None = None,
    submission_key: str = "",
) -> Article:
    """Create (article None) or change an article. A new article's form carries a one-time key: sent again, it
    answers the article the first sending made instead of a second draft."""
    _check_editor(actor)
    key = (submission_key or "").strip()[:64] or None
    if article is None and key:
        existing = Article.objects.filter(author=actor, submission_key=key).first()
        if existing is not None:
            return existing
    body = clean_html(body)
    if not plain_text(body) and "<img" not in body:
        raise ArticleError({"body": _("The article has no text.")})
    if cover is not None and (article is None or cover.article_id != article.pk):
        raise ArticleError({"cover": _("The cover must be one of this article's images.")})
    summary = summary.strip() or plain_text(body)[:120]
    creating = article is None
    try:
        with transaction.atomic():
            if article is None:
                article = Article(author=actor, submission_key=key)
            else:
                article = Article.objects.select_for_update().get(pk=article.pk)
            article.kind, article.title, article.body, article.summary, article.cover = (
                kind,
                title,
                body,
                summary,
                cover,
            )
            article.save()
            audit_record(actor=actor, action="articles.article_save", target=article, summary=article.title)
    except IntegrityError:
        if not (creating and key):
            raise
        # The same form sent twice at once: the other request made the article.
        return Article.objects.get(author=actor, submission_key=key)
    return article


def article_publish(*, actor: User, article: Article, publish: bool) -> Article:
    """Publish (the first time sets the date) or take back to draft; doing it twice changes nothing."""
    _check_editor(actor)
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        status = ArticleStatus.PUBLISHED if publish else ArticleStatus.DRAFT
        if article.status == status:
            return article
        article.status = status
        if publish and article.published_at is None:
            article.published_at = timezone.now()
        article.save(update_fields=["status", "published_at", "updated_at"])
        audit_record(actor=actor, action=f"articles.{'publish' if publish else 'unpublish'}", target=article)
    return article


def images_add(*, actor: User, article: Article, files: list, caption: str = "") -> list[ArticleImage]:
    """Pictures validated by content and re-encoded without metadata; the same picture twice is kept once."""
    from cases.services import clean_photos

    _check_editor(actor)
    cleaned = clean_photos(files, "images", required=True)
    added = []
    with transaction.atomic():
        for photo in cleaned:
            clean = photo.clean
            if clean.kind != "photo":
                raise ArticleError({"images": _("%(name)s: only pictures are taken here.") % {"name": photo.name}})
            if ArticleImage.objects.filter(article=article, sha256=clean.sha256).exists():
                continue
            image = ArticleImage(
                article=article,
                content_type=clean.content_type,
                sha256=clean.sha256,
                caption=caption,
                uploaded_by=actor,
            )
            clean.save_files(image)
            try:
                with transaction.atomic():
                    image.save()
            except IntegrityError:
                continue
            added.append(image)
        if added:
            audit_record(actor=actor, action="articles.images_add", target=article, summary=f"× {len(added)}")
            if article.cover_id is None:
                Article.objects.filter(pk=article.pk).update(cover=added[0])
    return added
