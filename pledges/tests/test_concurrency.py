"""The same case taken on as a 实事 by two people at the same instant: one 实事, and neither sees an error."""

import threading

import pytest
from django.db import close_old_connections

from cases.services import case_report
from pledges.models import Pledge
from pledges.tests.conftest import Register


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_one_case_taken_on_twice_at_once_makes_one_practical_thing():
    from civicgrid.testing import demo_subdistrict

    demo_subdistrict()
    register = Register()
    case, _created = case_report(source="citizen", description="路灯不亮", lng=register.lng, lat=register.lat)
    start = threading.Barrier(2)
    results, errors = [], []

    def take_on():
        try:
            start.wait()
            results.append(register.pledge(source="case", case_number=case.number, source_note="").pk)
        except Exception as exc:  # the test reports any failure of either side
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=take_on) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert len(set(results)) == 1 and Pledge.objects.filter(case_id=case.pk).count() == 1
