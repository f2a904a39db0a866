import pytest

from accounts.models import User
from cases.services import case_report
from civicgrid.testing import demo_subdistrict
from grids.models import Grid


@pytest.fixture
def citizen_case(db):
    """A factory of citizen reports in 堤口庄社区 with the given contact."""
    demo_subdistrict()
    grid = Grid.objects.get(code="G-DK-C01")

    def make(phone="13912345678", name="王芳", email="wf@example.com", key=None):
        case, _created = case_report(
            source="citizen", description="楼道堆物", lng=grid.min_lng + 0.001, lat=grid.min_lat + 0.001,
            reporter_name=name, reporter_phone=phone, reporter_email=email, idempotency_key=key,
        )  # fmt: skip
        return case

    return make


@pytest.fixture
def admin_user(db):
    demo_subdistrict()
    return User.objects.get(username="admin")
