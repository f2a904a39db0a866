import itertools
import math
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import shapely

from accounts.models import RoleCode, User
from accounts.tests.factories import make_user
from civicgrid.testing import demo_subdistrict, without_demo_patrols
from grids import services as grid_services
from grids.geometry import to_geojson
from grids.models import Grid
from patrols import services
from patrols.models import PatrolTeam, TeamKind

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A 600 m × 600 m square grid (at 36.6° N): 0.0054° of latitude, 0.00672° of longitude.
SQUARE_LNG, SQUARE_LAT = 117.10, 36.60
SQUARE_DLAT = 600 / 111194.93
SQUARE_DLNG = 600 / (111194.93 * math.cos(math.radians(SQUARE_LAT + SQUARE_DLAT / 2)))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def walk(corners, start: datetime, *, step_s: float = 10, speed_ms: float = 1.25) -> list[dict]:
    """Positions every `step_s` seconds along straight legs between `corners` at `speed_ms`."""
    points, t = [], start
    for (x1, y1), (x2, y2) in itertools.pairwise(corners):
        m_lng = 111194.93 * math.cos(math.radians(y1))
        length = ((x2 - x1) ** 2 * m_lng**2 + (y2 - y1) ** 2 * 111194.93**2) ** 0.5
        n = max(1, round(length / (speed_ms * step_s)))
        for k in range(n):
            f = k / n
            points.append({"lng": x1 + (x2 - x1) * f, "lat": y1 + (y2 - y1) * f, "t": t.isoformat()})
            t += timedelta(seconds=length / n / speed_ms)
    points.append({"lng": corners[-1][0], "lat": corners[-1][1], "t": t.isoformat()})
    return points


class World:
    """The demo organisation and grids (no cases), one patrol team on 堤口庄社区 and a 600 m square grid."""

    def __init__(self):
        demo_subdistrict()
        without_demo_patrols()
        self.users = {u.username: u for u in User.objects.all()}
        self.patroller = self.users["patroller"]
        self.patroller2 = self.users["patroller2"]
        self.commander = self.users["commander"]
        self.shift_lead = self.users["shift_lead"]
        self.grid = Grid.objects.get(code="G-DK-C01")
        self.grid2 = Grid.objects.get(code="G-DK-C02")
        street = self.commander.org_unit
        square = shapely.box(SQUARE_LNG, SQUARE_LAT, SQUARE_LNG + SQUARE_DLNG, SQUARE_LAT + SQUARE_DLAT)
        self.square = grid_services.grid_create(
            actor=None,
            code="SQ",
            name="方格",
            kind="community",
            geometry=to_geojson(square),
            org_unit=self.grid.org_unit,
        )
        self.team = services.team_create(
            actor=None,
            name="巡逻队",
            kind=TeamKind.PATROL,
            org_unit=street,
            leader=self.shift_lead,
            grids=[self.grid, self.grid2, self.square],
        )
        for user in (self.patroller, self.patroller2):
            services.team_member_add(actor=None, team=self.team, user=user)
        self.outsider_unit = self.patroller2.org_unit  # 化纤厂路社区

    def make_patroller(self, unit):
        user = make_user(unit=unit, roles=[RoleCode.PATROLLER])
        services.team_member_add(actor=None, team=self.team, user=user)
        return user


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def other_team(world):
    return PatrolTeam.objects.create(name="别队", kind=TeamKind.VISIT, org_unit=world.outsider_unit)
