"""What the archive adds to shared pages: the home task, the navigation entries and the KPI panel."""

from django.test import Client

from archive.home import mine_to_do, overdue_in_area
from archive.kpis import PANELS


def test_the_assessors_home_task_counts_the_overdue_materials_of_the_area(archive, today):
    from datetime import timedelta

    archive.material(due_on=today - timedelta(days=1))
    archive.material(due_on=today + timedelta(days=1))
    assert overdue_in_area(archive.assessor) == 1


def test_an_owners_home_task_counts_what_they_still_have_to_supply(archive):
    archive.material(owner=archive.owner)
    done = archive.material(owner=archive.owner)
    archive.upload(done)
    archive.complete(done)
    assert mine_to_do(archive.owner) == 1


def test_the_navigation_shows_the_completeness_page_to_the_assessor(archive):
    client = Client()
    client.force_login(archive.assessor)
    assert 'href="/archive/"' in client.get("/").content.decode()


def test_the_kpi_panel_gives_the_completion_rate_to_those_who_read_the_archive(archive):
    material = archive.material()
    archive.material()
    archive.upload(material)
    archive.complete(material)
    figures = PANELS[0].figures(archive.commander, archive.street, None)
    assert figures["figures"]["rate"] == 50.0
    assert PANELS[0].figures(archive.owner, archive.street, None) is None
