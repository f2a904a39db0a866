from projects import services
from projects.evidence import SOURCES
from projects.tests.conftest import picture


def test_a_project_is_offered_to_the_archive_with_its_photos_to_those_who_may_see_it(works):
    services.photos_add(actor=works.member, project=works.project, phase="after", files=[picture()])
    source = SOURCES[0]
    (ref,) = source.search(works.commander, "测试小区", 10)
    assert ref.ref_id == str(works.project.pk) and len(ref.files) == 1
    assert source.resolve(works.commander, ref.ref_id) == ref
    assert source.resolve(works.outsider, ref.ref_id) is None
    assert source.resolve(works.commander, "not-a-number") is None
