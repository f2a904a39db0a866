from django.test import Client

from cases.services import case_report
from projects import services
from projects.tests.conftest import picture


def test_the_public_project_page_shows_progress_timeline_and_photos_but_no_personal_data(works):
    works.milestone("摸底", start_ago=40, end_ago=20, done_ago=21)
    services.photos_add(actor=works.member, project=works.project, phase="after", files=[picture()])
    case, _created = case_report(
        source="citizen",
        description="噪音",
        lng=works.lng,
        lat=works.lat,
        reporter_name="王大妈",
        reporter_phone="13912345678",
    )
    services.case_link(actor=works.commander, project=works.project, number=case.number)
    html = Client().get(f"/public/projects/projects/{works.project.pk}/").content.decode()
    assert "测试小区改造" in html and 'data-testid="timeline"' in html and "/public/projects/photos/" in html
    for personal in (works.leader.name, works.member.name, works.leader.phone, "13912345678", "王大妈", case.number):
        assert personal and personal not in html


def test_a_project_not_shown_to_the_public_is_not_found_there(works):
    works.project.is_public = False
    works.project.save()
    assert Client().get(f"/public/projects/projects/{works.project.pk}/").status_code == 404
    assert "测试小区改造" not in Client().get("/public/projects/").content.decode()
