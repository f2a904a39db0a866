"""Reads of articles. Editors see every article; the public sees published ones only."""

from django.db.models import Q, QuerySet

from accounts.models import RoleCode, User
from articles.models import Article, ArticleImage, ArticleStatus

# 创城办 / 文明办 (the assessor role) writes the public site's culture and news, as it runs the campaign's
# publicity; the administrator may too.
EDITOR_ROLES = (RoleCode.ASSESSOR, RoleCode.ADMIN)


def is_editor(user: User) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active and user.has_role(*EDITOR_ROLES)


def visible_articles(user: User) -> QuerySet[Article]:
    return Article.objects.all() if is_editor(user) else published_articles()


def published_articles(*, kind: str = "") -> QuerySet[Article]:
    articles = Article.objects.filter(status=ArticleStatus.PUBLISHED).select_related("cover")
    if kind:
        articles = articles.filter(kind=kind)
    return articles.order_by("-published_at", "-pk")


def editor_list(user: User, *, kind: str = "", status: str = "") -> QuerySet[Article]:
    articles = visible_articles(user).select_related("author")
    if kind:
        articles = articles.filter(kind=kind)
    if status:
        articles = articles.filter(status=status)
    return articles.order_by("-updated_at", "-pk")


def readable_image(user: User, image_id: int) -> ArticleImage | None:
    """An image of a published article, or of any article for an editor."""
    images = ArticleImage.objects.select_related("article").filter(pk=image_id)
    if not is_editor(user):
        images = images.filter(article__status=ArticleStatus.PUBLISHED)
    return images.first()


def image_of_file(user: User, name: str) -> ArticleImage | None:
    images = ArticleImage.objects.filter(Q(file=name) | Q(thumbnail=name))
    if not is_editor(user):
        images = images.filter(article__status=ArticleStatus.PUBLISHED)
    return images.only("pk").first()
