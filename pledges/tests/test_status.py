import pytest
from django.test import Client

from pledges import services
from pledges.services import PledgeError


def test_the_owner_marks_it_done_and_records_the_residents_feedback(register):
    pledge = register.pledge()
    client = Client()
    client.force_login(register.owner)
    response = client.post(f"/pledges/{pledge.pk}/status/", {"status": "done", "done_on": register.today.isoformat()})
    assert response.status_code == 302
    response = client.post(f"/pledges/{pledge.pk}/feedback/", {"feedback": "satisfied", "text": "很满意"})
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert (pledge.status, pledge.done_on, pledge.feedback) == ("done", register.today, "satisfied")


def test_feedback_waits_until_the_practical_thing_is_done(register):
    pledge = register.pledge()
    with pytest.raises(PledgeError) as error:
        services.pledge_feedback(actor=register.owner, pledge=pledge, feedback="satisfied")
    assert "feedback" in error.value.message_dict


def test_someone_else_in_a_handling_role_neither_sees_nor_changes_it(register):
    pledge = register.pledge()
    client = Client()
    client.force_login(register.other)
    assert client.get(f"/pledges/{pledge.pk}/").status_code == 404
    with pytest.raises(PledgeError):
        services.pledge_status(actor=register.other, pledge=pledge, status="done")


def test_reopening_a_done_item_clears_its_date_and_feedback(register):
    pledge = register.pledge()
    services.pledge_status(actor=register.owner, pledge=pledge, status="done")
    services.pledge_feedback(actor=register.owner, pledge=pledge, feedback="unsatisfied", text="还漏水")
    pledge = services.pledge_status(actor=register.office, pledge=pledge, status="in_progress")
    assert pledge.done_on is None and pledge.feedback == "" and pledge.feedback_text == ""
