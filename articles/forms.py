import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleImage, ArticleKind, ArticleStatus


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ImagesField(forms.FileField):
    """Several pictures in one field; validation by content happens in the service (cases.media)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(ImagesField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ArticleForm(forms.ModelForm):
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    class Meta:
        model = Article
        fields = ["kind", "title", "summary", "body", "cover"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18, "class": "font-monospace"})}
        help_texts = {"body": _("HTML: paragraphs, headings, lists, quotes, links and this article's images.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        article = self.instance
        if not self.is_bound and not article.pk:
            self.initial["submission_key"] = uuid.uuid4().hex
        self.fields["cover"].queryset = (
            ArticleImage.objects.filter(article=article) if article.pk else ArticleImage.objects.none()
        )


class ImageForm(forms.Form):
    images = ImagesField(label=_("Pictures"))
    caption = forms.CharField(label=_("Caption"), max_length=100, required=False)


class ArticleFilterForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", _("All kinds")), *ArticleKind.choices], required=False)
    status = forms.ChoiceField(choices=[("", _("All")), *ArticleStatus.choices], required=False)
