from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import OrgUnit, User
from grids.models import Grid


class Register:
    def __init__(self):
        self.users = {u.username: u for u in User.objects.all()}
        self.office = self.users["assessor"]
        self.owner = self.users["handler_zj"]
        self.other = self.users["handler"]
        self.community = OrgUnit.objects.get(code="DK-C01")
        grid = Grid.objects.get(code="G-DK-C01")
        self.lng, self.lat = grid.min_lng + 0.001, grid.min_lat + 0.001
        self.today = timezone.localdate()

    def pledge(self, **extra):
        from pledges.services import pledge_create

        data = dict(
            actor=self.office,
            title="修复健身器材",
            request="张阿姨反映广场器材坏了，电话13912345678",
            org_unit=self.community,
            source="visit",
            source_note="入户走访",
            owner=self.owner,
            promised_on=self.today + timedelta(days=10),
        )
        data.update(extra)
        return pledge_create(**data)


@pytest.fixture
def register(db):
    return Register()
