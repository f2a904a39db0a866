import pytest

from cases.services import case_report
from notifications.models import Notification
from pledges.models import Pledge
from pledges.services import PledgeError


def test_a_case_becomes_one_practical_thing_however_often_it_is_taken_on(register, django_capture_on_commit_callbacks):
    case, _created = case_report(source="citizen", description="路灯不亮", lng=register.lng, lat=register.lat)
    with django_capture_on_commit_callbacks(execute=True):
        first = register.pledge(source="case", case_number=case.number, source_note="")
    second = register.pledge(source="case", case_number=case.number, source_note="")
    assert first.pk == second.pk and first.case_id == case.pk
    assert Pledge.objects.filter(case_id=case.pk).count() == 1
    assert Notification.objects.filter(user=register.owner).exists()


def test_a_case_number_nobody_can_see_is_a_field_error(register):
    with pytest.raises(PledgeError) as error:
        register.pledge(source="case", case_number="19990101000001")
    assert "case_number" in error.value.message_dict


def test_a_survey_or_visit_request_says_where_it_came_from(register):
    with pytest.raises(PledgeError) as error:
        register.pledge(source="survey", source_note=" ")
    assert "source_note" in error.value.message_dict


def test_a_role_that_does_not_manage_the_register_cannot_add_to_it(register):
    with pytest.raises(PledgeError):
        register.pledge(actor=register.users["dispatcher"])
