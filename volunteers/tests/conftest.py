from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import OrgUnit, User
from civicgrid.testing import demo_subdistrict
from grids.models import Grid
from volunteers import services
from volunteers.identity import check_digit


def id_number(born: date, seq: int = 123, area: str = "370105") -> str:
    """A resident ID number of the real format with a valid check digit."""
    first17 = f"{area}{born:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)


def adult_born(years: int = 30) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=min(today.day, 28))


class Station:
    """The demo subdistrict with its volunteer station, and a helper per step of a volunteer's life."""

    def __init__(self):
        demo_subdistrict()
        self.admin = User.objects.get(username="volunteer_admin")
        self.subdistrict = self.admin.org_unit
        self.community = OrgUnit.objects.get(code="DK-C01")
        self.community2 = OrgUnit.objects.get(code="DK-C02")
        self.grid = Grid.objects.get(code="G-DK-C01")
        self.seq = 0

    def point(self):
        return self.grid.min_lng + 0.002, self.grid.min_lat + 0.002

    def data(self, **changes) -> services.Registration:
        self.seq += 1
        fields = {
            "name": "张三",
            "id_type": "resident",
            "id_number": id_number(adult_born(), self.seq),
            "phone": f"1391234{self.seq:04d}",
            "community": self.community,
            "consent": True,
        }
        fields.update(changes)
        return services.Registration(**fields)

    def volunteer(self, **changes):
        return services.volunteer_register(actor=None, data=self.data(**changes))

    def activity(self, *, starts=None, hours=2, capacity=10, organiser=None, **changes):
        now = timezone.now()
        starts = starts or now + timedelta(minutes=10)
        lng, lat = self.point()
        fields = {
            "title": "学雷锋义剪",
            "kind": "leifeng",
            "festival": "",
            "place": "堤口庄社区党群服务中心",
            "lng": lng,
            "lat": lat,
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=hours),
            "capacity": capacity,
            "skills": "",
            "signup_opens": now - timedelta(days=3),
            "signup_closes": starts + timedelta(hours=hours) - timedelta(minutes=1),
            "description": "",
        }
        fields.update(changes)
        return services.activity_create(actor=self.admin, organiser=organiser or self.subdistrict, **fields)

    def attended(self, volunteer, activity, *, hours_in=0.0, hours_out=2.0):
        """Signed up, checked in and out by position at the given offsets (hours) from the start."""
        lng, lat = self.point()
        services.signup(volunteer=volunteer, activity=activity, now=activity.signup_opens + timedelta(hours=1))
        start = activity.starts_at
        services.check_in(
            volunteer=volunteer,
            activity=activity,
            method="position",
            lng=lng,
            lat=lat,
            now=start + timedelta(hours=hours_in),
        )
        return services.check_out(
            volunteer=volunteer,
            activity=activity,
            method="position",
            lng=lng,
            lat=lat,
            now=start + timedelta(hours=hours_out),
        )


@pytest.fixture
def station(db):
    return Station()
