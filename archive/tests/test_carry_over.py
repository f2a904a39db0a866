"""A new scheme version put in use carries the materials over by indicator code."""

from archive.models import ArchiveMaterial
from archive.selectors import completeness_by_indicator, indicator_tree
from assessment.models import Scheme, SchemeStatus
from assessment.services import scheme_activate, scheme_new_version


def _new_version(archive, *, drop=None, rename=None):
    current = Scheme.objects.get(kind="civilization", status=SchemeStatus.ACTIVE)
    draft = scheme_new_version(actor=archive.assessor, scheme=current)
    if drop:
        draft.items.filter(indicator__code=drop).delete()
        draft.indicators.filter(code=drop).delete()
    if rename:
        draft.indicators.filter(code=rename[0]).update(name=rename[1])
    return scheme_activate(actor=archive.assessor, scheme=draft)


def test_materials_stay_on_their_indicator_when_a_new_version_is_put_in_use(archive):
    code = archive.codes[0]
    archive.material(code=code, title="方案")
    _new_version(archive, rename=(code, "新名称"))
    rows = completeness_by_indicator(ArchiveMaterial.objects.all())
    assert [(row["indicator_code"], row["in_scheme"]) for row in rows] == [(code, True)]
    assert rows[0]["label"] == f"{code} 新名称"


def test_a_material_whose_indicator_the_new_version_drops_is_listed_apart(archive):
    code = archive.codes[-1]
    archive.material(code=code, title="方案")
    _new_version(archive, drop=code)
    assert code not in indicator_tree()
    (row,) = completeness_by_indicator(ArchiveMaterial.objects.all())
    assert (row["indicator_code"], row["in_scheme"]) == (code, False)
