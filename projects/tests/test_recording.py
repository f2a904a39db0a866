import pytest
from django.test import Client

from projects import services
from projects.services import ProjectError


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_task_force_member_records_a_milestones_actual_end_on_the_page(works):
    milestone = works.milestone(end_ago=5)
    response = client_for(works.member).post(
        f"/projects/{works.project.pk}/milestones/",
        {"milestone": milestone.pk, f"m{milestone.pk}-actual_end": works.today.isoformat()},
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.actual_end == works.today


def test_a_handler_outside_the_task_force_does_not_see_the_project(works):
    response = client_for(works.outsider).get(f"/projects/{works.project.pk}/")
    assert response.status_code == 404


def test_a_viewer_who_is_not_on_the_task_force_may_not_record_progress(works):
    milestone = works.milestone()
    dispatcher = works.users["dispatcher"]
    assert client_for(dispatcher).get(f"/projects/{works.project.pk}/").status_code == 200
    with pytest.raises(ProjectError):
        services.milestone_record(actor=dispatcher, milestone=milestone, actual_start=None, actual_end=works.today)
    response = client_for(dispatcher).post(f"/projects/{works.project.pk}/milestones/", {"milestone": milestone.pk})
    assert response.status_code == 403


def test_an_actual_end_in_the_future_is_refused_with_a_message(works):
    milestone = works.milestone()
    with pytest.raises(ProjectError) as error:
        services.milestone_record(
            actor=works.leader, milestone=milestone, actual_start=None, actual_end=works.today.replace(year=2099)
        )
    assert "actual_end" in error.value.message_dict


def test_a_milestone_ending_before_it_starts_is_a_field_error_not_a_crash(works):
    response = client_for(works.commander).post(
        f"/projects/{works.project.pk}/milestones/",
        {"name": "倒排", "weight": 1, "order": 0, "planned_start": "2026-05-02", "planned_end": "2026-05-01"},
    )
    assert response.status_code == 400
    assert 'data-field-error="planned_end"' in response.content.decode()
