"""Articles of the public site: local heritage (西汉乐舞杂技彩陶塑, 《四蟹灯》 …) and 新时代文明实践 news.

The body is HTML that has been through articles.sanitize.clean_html when it was saved: the database never holds
markup that could run a script, so the templates print it as it is.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleKind(models.TextChoices):
    HERITAGE = "heritage", _("Cultural heritage")  # 文化堤口
    PRACTICE = "practice", _("Civilization practice news")  # 新时代文明实践


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Article(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=ArticleKind.choices)
    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("body"), blank=True)  # sanitised HTML, see the module docstring
    cover = models.ForeignKey(
        "ArticleImage",
        verbose_name=_("cover image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="articles"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    # The new-article form's one-time key: the same form sent twice (a double click, a resend) is one article.
    submission_key = models.CharField(max_length=64, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "kind", "-published_at"], name="articles_public_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_key"],
                condition=models.Q(submission_key__isnull=False),
                name="one_article_per_submission",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ArticleImage(models.Model):
    """A picture of an article, re-encoded without metadata (cases.services.clean_photos)."""

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="images")
    file = models.FileField(_("file"), upload_to="articles/%Y/%m/")
    thumbnail = models.FileField(_("thumbnail"), upload_to="articles/thumbs/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=40)
    sha256 = models.CharField(max_length=64)
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("article image")
        verbose_name_plural = _("article images")
        ordering = ["article", "created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["article", "sha256"], name="articles_image_once")]

    def __str__(self) -> str:
        return self.caption or f"#{self.pk}"
