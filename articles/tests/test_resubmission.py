import re

from articles.models import Article


def test_the_new_article_form_carries_a_one_time_key(editor_client):
    html = editor_client.get("/articles/new/").content.decode()
    assert re.search(r'name="submission_key" value="[0-9a-f]{32}"', html)


def test_the_same_new_article_form_sent_twice_makes_one_article(editor_client):
    data = {"kind": "practice", "title": "我们的节日·重阳", "body": "<p>敬老活动</p>", "submission_key": "k" * 32}
    first = editor_client.post("/articles/new/", data)
    second = editor_client.post("/articles/new/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Article.objects.filter(title="我们的节日·重阳").count() == 1


def test_two_new_forms_make_two_articles(editor_client):
    for key in ("a" * 32, "b" * 32):
        editor_client.post(
            "/articles/new/", {"kind": "practice", "title": "道德讲堂", "body": "<p>第一讲</p>", "submission_key": key}
        )
    assert Article.objects.filter(title="道德讲堂").count() == 2
