from datetime import date
from io import BytesIO

import pytest

from accounts.models import OrgUnit, RoleCode, User
from accounts.tests.factories import make_user
from archive import samples, services
from archive.models import ArchiveMaterial
from archive.selectors import indicator_tree


class Archive:
    """The demo subdistrict without its demo materials: an assessor (文明办), an owner and indicator codes."""

    def __init__(self):
        ArchiveMaterial.objects.all().delete()
        self.assessor = User.objects.get(username="assessor")
        self.commander = User.objects.get(username="commander")
        self.owner = User.objects.get(username="handler")
        self.other_owner = User.objects.get(username="handler_cg")
        self.street = OrgUnit.objects.get(code="370105-DK")
        self.community = OrgUnit.objects.get(code="DK-C01")
        self.community2 = OrgUnit.objects.get(code="DK-C02")
        self.tree = indicator_tree()
        self.codes = sorted(self.tree)
        self.counter = 0

    def material(self, *, code=None, title=None, owner="default", due_on=None, unit=None, kind="document"):
        self.counter += 1
        return services.material_create(
            actor=self.assessor,
            indicator_code=code or self.codes[0],
            title=title or f"材料{self.counter}",
            org_unit=unit or self.street,
            kind=kind,
            owner=self.owner if owner == "default" else owner,
            due_on=due_on,
        )

    def upload(self, material, data=None, name="方案.pdf", actor=None):
        return services.material_file_add(
            actor=actor or self.assessor, material=material, stream=BytesIO(data or samples.pdf()), name=name
        )

    def complete(self, material):
        return services.material_complete(actor=self.assessor, material=material)

    def community_assessor(self, unit=None):
        return make_user(unit=unit or self.community2, roles=[RoleCode.ASSESSOR], username="assessor_c02")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def archive(db):
    return Archive()


@pytest.fixture
def today():
    return date.today()
