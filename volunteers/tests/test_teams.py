"""Volunteer teams on the station's pages: create and edit, add and remove members, choose the leader; audited."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import OrgUnit, User
from audit.models import AuditEntry
from volunteers import services
from volunteers.models import Team


@pytest.fixture
def admin_client(station):
    client = Client()
    client.force_login(station.admin)
    return client


def _new_team(client, station, **changes):
    data = {"name": "堤口庄社区学雷锋服务队", "kind": "leifeng", "org_unit": station.community.pk, **changes}
    return client.post(reverse("volunteers:team_new"), data)


def _member(client, team, volunteer, action):
    return client.post(
        reverse("volunteers:team_members", args=[team.pk]), {"volunteer": volunteer.pk, "action": action}
    )


def test_the_station_creates_a_team_and_it_is_audited(station, admin_client):
    response = _new_team(admin_client, station)
    team = Team.objects.get(name="堤口庄社区学雷锋服务队")
    assert response.status_code == 302 and response["Location"] == reverse("volunteers:team", args=[team.pk])
    assert team.org_unit == station.community and team.scope_path == station.community.path
    assert AuditEntry.objects.filter(action="volunteer_team.create", target_id=str(team.pk)).count() == 1
    listing = admin_client.get(reverse("volunteers:teams")).content.decode()
    assert reverse("volunteers:team", args=[team.pk]) in listing and reverse("volunteers:team_new") in listing


def test_bad_team_input_gives_field_errors_not_a_500(station, admin_client):
    _new_team(admin_client, station)
    twice = _new_team(admin_client, station)
    assert twice.status_code == 200
    assert 'data-field-error="name"' in twice.content.decode()
    assert Team.objects.filter(name="堤口庄社区学雷锋服务队").count() == 1
    grid = OrgUnit.objects.filter(kind="grid").first() or OrgUnit.objects.add_child(
        station.community, {"code": "DK-C01-G99", "name": "第九十九网格", "kind": "grid"}
    )
    for changes, field in (({"org_unit": grid.pk}, "org_unit"), ({"kind": "choir"}, "kind"), ({"name": " "}, "name")):
        response = _new_team(admin_client, station, name=changes.pop("name", "巡访团"), **changes)
        assert response.status_code == 200
        assert f'data-field-error="{field}"' in response.content.decode()
    with pytest.raises(ValidationError) as raised:  # the service checks too, whatever the form offered
        services.team_create(actor=station.admin, name="网格队", kind="other", org_unit=grid)
    assert "org_unit" in raised.value.message_dict


def test_members_leader_and_a_volunteer_in_two_teams(station, admin_client):
    first = services.team_create(actor=station.admin, name="学雷锋服务队", kind="leifeng", org_unit=station.subdistrict)
    second = services.team_create(actor=station.admin, name="巡访团", kind="visiting", org_unit=station.community)
    wang, li = station.volunteer(name="王五"), station.volunteer(name="李四")
    for team in (first, second):
        assert _member(admin_client, team, wang, "add").status_code == 302
    _member(admin_client, first, li, "add")
    _member(admin_client, first, li, "add")  # twice: still one membership, one audit row
    assert set(wang.teams.all()) == {first, second}
    assert first.members.count() == 2
    assert AuditEntry.objects.filter(action="volunteer_team.member_add", target_id=str(first.pk)).count() == 2

    _member(admin_client, first, li, "leader")
    first.refresh_from_db()
    assert first.leader == li
    page = admin_client.get(reverse("volunteers:team", args=[first.pk])).content.decode()
    assert 'data-testid="team-leader">李四<' in page

    _member(admin_client, first, li, "remove")  # the leader leaves: the team has no leader
    first.refresh_from_db()
    assert first.leader is None and list(first.members.all()) == [wang]
    assert AuditEntry.objects.filter(action="volunteer_team.member_remove", target_id=str(first.pk)).exists()


def test_the_leader_is_chosen_among_members_on_the_edit_page(station, admin_client):
    team = services.team_create(actor=station.admin, name="巡逻队", kind="patrol", org_unit=station.community)
    member, outsider = station.volunteer(name="赵六"), station.volunteer(name="钱七")
    services.team_member_add(actor=station.admin, team=team, volunteer=member)
    url = reverse("volunteers:team_edit", args=[team.pk])
    data = {"name": "堤口庄巡逻队", "kind": "patrol", "org_unit": station.community.pk}
    refused = admin_client.post(url, {**data, "leader": outsider.pk})
    assert refused.status_code == 200 and 'data-field-error="leader"' in refused.content.decode()
    assert admin_client.post(url, {**data, "leader": member.pk}).status_code == 302
    team.refresh_from_db()
    assert (team.name, team.leader) == ("堤口庄巡逻队", member)
    entry = AuditEntry.objects.get(action="volunteer_team.update", target_id=str(team.pk))
    assert entry.data["leader"] == [None, member.pk]
    with pytest.raises(ValidationError) as raised:
        services.team_update(
            actor=station.admin, team=team, name=team.name, kind="patrol", org_unit=station.community, leader=outsider
        )
    assert "leader" in raised.value.message_dict


def test_the_search_offers_registered_volunteers_not_yet_in_the_team(station, admin_client):
    team = services.team_create(actor=station.admin, name="巡访团", kind="visiting", org_unit=station.community)
    inside, outside = station.volunteer(name="孙八甲"), station.volunteer(name="孙八乙")
    services.team_member_add(actor=station.admin, team=team, volunteer=inside)
    page = admin_client.get(reverse("volunteers:team", args=[team.pk]), {"q": "孙八"}).content.decode()
    found = page.split('data-testid="candidates"')[1].split("</ul>")[0]
    assert "孙八乙" in found and "孙八甲" not in found
    assert str(outside.pk) in found


def test_readers_see_teams_but_do_not_change_them(station):
    team = services.team_create(actor=station.admin, name="巡访团", kind="visiting", org_unit=station.community)
    volunteer = station.volunteer(name="周九")
    reader = Client()
    reader.force_login(User.objects.get(username="assessor"))
    page = reader.get(reverse("volunteers:team", args=[team.pk]))
    assert page.status_code == 200 and reverse("volunteers:team_members", args=[team.pk]) not in page.content.decode()
    assert reader.get(reverse("volunteers:team_new")).status_code == 403
    assert reader.get(reverse("volunteers:team_edit", args=[team.pk])).status_code == 403
    assert _member(reader, team, volunteer, "add").status_code == 403
    assert not team.members.exists()
