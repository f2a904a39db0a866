import pytest

from cases.services import case_report
from projects import services
from projects.selectors import linked_cases
from projects.services import ProjectError


def complaint(works, **extra):
    case, _created = case_report(
        source="citizen",
        description="施工噪音扰民",
        lng=works.lng,
        lat=works.lat,
        reporter_phone="13912345678",
        **extra,
    )
    return case


def test_a_complaint_during_the_works_is_linked_by_its_number_once(works):
    case = complaint(works)
    services.case_link(actor=works.commander, project=works.project, number=case.number)
    services.case_link(actor=works.commander, project=works.project, number=f" {case.number} ")
    rows = linked_cases(works.project, works.commander)
    assert [row["case"] for row in rows] == [case]


def test_a_case_the_actor_may_not_see_cannot_be_linked(works):
    case = complaint(works)
    with pytest.raises(ProjectError) as error:
        services.case_link(actor=works.leader, project=works.project, number=case.number)
    assert "number" in error.value.message_dict


def test_a_viewer_outside_the_cases_scope_sees_its_number_only(works):
    case = complaint(works)
    services.case_link(actor=works.commander, project=works.project, number=case.number)
    (row,) = linked_cases(works.project, works.leader)  # 住建办's handler: the case was not sent to them
    assert row["case"] is None and row["link"].case_number == case.number
