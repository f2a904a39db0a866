import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from articles import services
from articles.models import Article
from articles.services import ArticleError
from articles.tests.conftest import picture


def test_an_article_saved_with_a_script_is_stored_and_shown_without_it(editor_client, editor):
    body = '<p>四蟹灯</p><script>alert(1)</script><img src="x" onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
    response = editor_client.post("/articles/new/", {"kind": "heritage", "title": "四蟹灯", "body": body})
    assert response.status_code == 302
    article = Article.objects.get(title="四蟹灯")
    assert "script" not in article.body and "onerror" not in article.body and "javascript" not in article.body
    services.article_publish(actor=editor, article=article, publish=True)
    html = Client().get(f"/public/articles/{article.pk}/").content.decode()
    assert "<p>四蟹灯</p>" in html and "alert(" not in html


def test_a_draft_is_not_on_the_public_site(editor):
    article = services.article_save(actor=editor, kind="practice", title="道德讲堂", body="<p>草稿</p>")
    assert Client().get(f"/public/articles/{article.pk}/").status_code == 404
    services.article_publish(actor=editor, article=article, publish=True)
    services.article_publish(actor=editor, article=article, publish=True)
    assert Client().get(f"/public/articles/{article.pk}/").status_code == 200
    assert "道德讲堂" in Client().get("/public/articles/", {"kind": "practice"}).content.decode()


def test_only_an_editor_writes_articles(db):
    from accounts.models import User

    with pytest.raises(ArticleError):
        services.article_save(actor=User.objects.get(username="operator"), kind="practice", title="x", body="<p>x</p>")


def test_an_article_with_no_text_left_after_cleaning_is_a_field_error(editor_client):
    response = editor_client.post("/articles/new/", {"kind": "heritage", "title": "空", "body": "<script>x</script>"})
    assert response.status_code == 400 and 'data-field-error="body"' in response.content.decode()


def test_pictures_are_checked_by_content_and_the_first_becomes_the_cover(editor_client, editor):
    article = services.article_save(actor=editor, kind="heritage", title="彩陶塑", body="<p>文物</p>")
    fake = SimpleUploadedFile("a.jpg", b"MZ\x90\x00 not a picture", content_type="image/jpeg")
    editor_client.post(f"/articles/{article.pk}/images/", {"images": [fake]})
    assert not article.images.exists()
    editor_client.post(f"/articles/{article.pk}/images/", {"images": [picture()]})
    article.refresh_from_db()
    assert article.images.count() == 1 and article.cover_id == article.images.get().pk


def test_a_drafts_picture_is_for_editors_only(editor_client, editor):
    article = services.article_save(actor=editor, kind="heritage", title="彩陶塑", body="<p>文物</p>")
    (image,) = services.images_add(actor=editor, article=article, files=[picture()])
    assert Client().get(f"/public/articles/images/{image.pk}/").status_code == 404
    assert editor_client.get(f"/public/articles/images/{image.pk}/").status_code == 200
