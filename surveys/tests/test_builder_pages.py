from django.test import Client

from accounts.models import User
from surveys.models import Survey


def logged_in(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def new_survey(client):
    response = client.post(
        "/surveys/new/", {"title": "楼道堆物调查", "intro": "", "identification": "device", "communities": []}
    )
    return response


def test_an_assessor_creates_a_survey_with_a_first_draft(db):
    client = logged_in("assessor")
    from accounts.models import OrgUnit

    community = OrgUnit.objects.get(code="DK-C01")
    response = client.post(
        "/surveys/new/",
        {"title": "楼道堆物调查", "intro": "", "identification": "device", "communities": [community.pk]},
    )
    survey = Survey.objects.get(title="楼道堆物调查")
    assert response.status_code == 302
    assert survey.versions.get().state == "draft"
    assert list(survey.communities.values_list("community__code", flat=True)) == ["DK-C01"]


def test_a_loop_in_the_builder_is_a_field_error_naming_the_questions(world):
    client = logged_in("assessor")
    client.post(f"/surveys/{world.survey.pk}/edit/")
    draft = world.survey.versions.get(state="draft")
    q3 = draft.questions.get(code="Q3")
    response = client.post(
        f"/surveys/{world.survey.pk}/questions/new/",
        {"code": "Q5", "kind": "single", "text": "再答一次？", "required": "on", "options": "是\n否", "scale": 5,
         "jumps": "是 => Q2"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Q5 → Q2" in response.content.decode()
    assert not draft.questions.filter(code="Q5").exists() and q3.pk


def test_a_malformed_jump_line_is_a_clear_form_error(world):
    client = logged_in("assessor")
    client.post(f"/surveys/{world.survey.pk}/edit/")
    response = client.post(
        f"/surveys/{world.survey.pk}/questions/new/",
        {"code": "Q5", "kind": "single", "text": "x", "options": "是\n否", "scale": 5, "jumps": "是 Q9"},
    )
    assert response.status_code == 400
    assert "=&gt;" in response.content.decode() or "=>" in response.content.decode()


def test_publishing_a_draft_with_a_jump_to_a_missing_question_is_refused(world):
    client = logged_in("assessor")
    client.post(f"/surveys/{world.survey.pk}/edit/")
    client.post(
        f"/surveys/{world.survey.pk}/questions/new/",
        {"code": "Q5", "kind": "single", "text": "x", "options": "是\n否", "scale": 5, "jumps": "是 => Q9"},
    )
    response = client.post(f"/surveys/{world.survey.pk}/publish/", follow=True)
    assert "Q9" in response.content.decode()
    assert world.survey.versions.get(state="draft").questions.filter(code="Q5").exists()


def test_the_commander_reads_results_but_may_not_build(world):
    client = logged_in("commander")
    assert client.get(f"/surveys/{world.survey.pk}/results/").status_code == 200
    assert client.get(f"/surveys/{world.survey.pk}/settings/").status_code == 403
    assert client.post(f"/surveys/{world.survey.pk}/edit/").status_code == 403


def test_the_qr_page_has_one_code_per_community_carrying_it_in_the_link(world):
    body = logged_in("assessor").get(f"/surveys/{world.survey.pk}/qr/").content.decode()
    assert body.count("<svg") == 2
    assert "堤口庄社区" in body and "化纤厂路社区" in body
