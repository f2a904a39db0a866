import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import OrgUnit, User
from grids.models import Grid
from projects import services
from projects.models import ProjectKind


def picture(color=(90, 140, 200), name="photo.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), color).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


class Works:
    """A renovation in 堤口庄社区 with a task force (leader handler_zj, member patroller) and no milestones yet."""

    def __init__(self):
        self.users = {u.username: u for u in User.objects.all()}
        self.admin = self.users["admin"]
        self.commander = self.users["commander"]
        self.leader = self.users["handler_zj"]
        self.member = self.users["patroller"]
        self.outsider = self.users["handler"]
        self.community = OrgUnit.objects.get(code="DK-C01")
        grid = Grid.objects.get(code="G-DK-C01")
        self.lng, self.lat = grid.min_lng + 0.001, grid.min_lat + 0.001
        self.task_force = services.task_force_save(
            actor=self.commander,
            name="测试改造专班",
            org_unit=self.community,
            leader=self.leader,
            members=[self.member],
        )
        self.project = services.project_save(
            actor=self.commander,
            name="测试小区改造",
            kind=ProjectKind.OLD_COMPOUND,
            org_unit=self.community,
            task_force=self.task_force,
            lng=self.lng,
            lat=self.lat,
            households=300,
            summary="改造雨污管网。",
        )
        self.today = timezone.localdate()

    def milestone(self, name="施工", *, weight=1, start_ago=30, end_ago=10, done_ago=None, actor=None):
        return services.milestone_save(
            actor=actor or self.commander,
            project=self.project,
            name=name,
            weight=weight,
            planned_start=self.today - timedelta(days=start_ago),
            planned_end=self.today - timedelta(days=end_ago),
            actual_end=None if done_ago is None else self.today - timedelta(days=done_ago),
        )


@pytest.fixture
def works(db):
    return Works()


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)
