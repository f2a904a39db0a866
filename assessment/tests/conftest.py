import pytest

from accounts.models import RoleCode, User
from accounts.tests.factories import make_user
from assessment import services
from assessment.models import LocationType
from assessment.selectors import active_scheme
from cases.tests.conftest import World, at, photo


class Checks(World):
    """The demo subdistrict with an assessor and a compound in 堤口庄社区 to check."""

    def __init__(self):
        super().__init__()
        self.assessor = User.objects.get(username="assessor")
        self.scheme = active_scheme("civilization")
        self.compound_type = LocationType.objects.get(code="compound")
        lng, lat = self.point()
        self.site = services.site_create(
            actor=self.assessor,
            name="测试小区",
            location_type=self.compound_type,
            lng=lng,
            lat=lat,
            address="堤口庄1号",
        )
        self.items = list(self.scheme.items.filter(location_type=self.compound_type).order_by("order"))

    def answers(self, failures=(), *, photos=True, count=1):
        """Every item of the compound checklist: the items at the given indexes fail (with a photo), the rest pass."""
        return [
            services.Answer(
                item_id=item.pk,
                outcome="fail" if index in failures else "pass",
                count=count if index in failures else 1,
                photos=[photo()] if index in failures and photos else [],
            )
            for index, item in enumerate(self.items)
        ]

    def check(self, failures=(), *, key="k1", when="2026-11-30 10:00", **options):
        return services.field_check_submit(
            actor=self.assessor,
            site=self.site,
            scheme=self.scheme,
            client_id=key,
            answers=self.answers(failures, **options),
            now=at(when),
        )

    def outsider(self):
        other = self.grid2.org_unit
        return make_user(unit=other, roles=[RoleCode.ASSESSOR], username="assessor_c02")


@pytest.fixture
def checks(db, django_capture_on_commit_callbacks):
    world = Checks()
    # Wrap workflow steps in `with checks.delivered():` so their events reach the worker's handlers (inline in
    # tests), as after a real commit: that is how a deduction learns its case was closed.
    world.delivered = lambda: django_capture_on_commit_callbacks(execute=True)
    return world
