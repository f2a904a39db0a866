"""A report's files under /media/ follow the report's visibility (command.uploads, command.selectors)."""

from accounts.models import RoleCode
from accounts.tests.factories import make_user
from command.tests.test_reports_views import ready_report


def test_a_report_file_is_served_to_those_who_may_download_the_report(world, client):
    report = ready_report(world.operator.org_unit)
    client.force_login(world.commander)
    assert client.get(f"/media/{report.xlsx.name}").status_code == 200


def test_a_report_file_is_404_to_a_commander_of_another_community(world, client):
    report = ready_report(world.grid.org_unit)
    client.force_login(make_user(unit=world.grid2.org_unit, roles=[RoleCode.COMMANDER], username="neighbour"))
    assert client.get(f"/media/{report.pdf.name}").status_code == 404


def test_a_report_file_is_404_to_roles_without_reports(world, client):
    report = ready_report(world.operator.org_unit)
    client.force_login(world.patroller)
    assert client.get(f"/media/{report.xlsx.name}").status_code == 404
