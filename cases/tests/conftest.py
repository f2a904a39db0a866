import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import Department, RoleCode, User
from accounts.tests.factories import make_user
from cases.models import Category
from civicgrid.testing import demo_subdistrict
from grids.models import Grid

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    """A local Asia/Shanghai time, e.g. at("2026-11-30 09:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def photo(name: str = "photo.jpg", color=(200, 80, 40)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


class World:
    """The demo subdistrict with one user per workflow role and two more handling departments."""

    def __init__(self):
        demo_subdistrict()
        self.users = {u.username: u for u in User.objects.all()}
        self.operator = self.users["operator"]
        self.shift_lead = self.users["shift_lead"]
        self.dispatcher = self.users["dispatcher"]
        self.commander = self.users["commander"]
        self.patroller = self.users["patroller"]
        self.patroller2 = self.users["patroller2"]
        self.handler = self.users["handler"]  # 环卫所
        self.hw = Department.objects.get(code="DEP-HW")
        self.sz = Department.objects.get(code="DEP-SZ")
        self.yl = Department.objects.get(code="DEP-YL")
        street = self.operator.org_unit
        self.handler_sz = make_user(unit=street, roles=[RoleCode.HANDLER], department=self.sz, username="shizheng")
        self.handler_yl = make_user(unit=street, roles=[RoleCode.HANDLER], department=self.yl, username="yuanlin")
        self.grid = Grid.objects.get(code="G-DK-C01")
        self.grid2 = Grid.objects.get(code="G-DK-C02")
        # 暴露垃圾 (event 0102): filing conditions with a working-hour limit.
        self.category = Category.objects.get(code="event-0102")
        self.condition = self.category.conditions.filter(urgent=False).first()

    def point(self, grid=None):
        grid = grid or self.grid
        return grid.min_lng + 0.001, grid.min_lat + 0.001

    def filed_case(self, reported="2026-11-30 09:00", filed="2026-11-30 09:10"):
        """A patrol report of 暴露垃圾 in 堤口庄社区, filed by the operator: where most workflow tests start."""
        from cases.services import case_report, transition

        lng, lat = self.point()
        case, _ = case_report(
            source="patrol", description="垃圾", lng=lng, lat=lat, actor=self.patroller, now=at(reported)
        )
        return transition(
            case=case,
            action="file",
            actor=self.operator,
            category=self.category,
            condition=self.condition,
            now=at(filed),
        )


@pytest.fixture
def world(db):
    return World()


# The local HTTP server of the channel tests, for every case test that needs a webhook receiver.
from notifications.tests.test_channels import closed_port_url, server  # noqa: E402, F401
