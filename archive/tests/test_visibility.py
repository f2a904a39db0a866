"""Who sees which material: the area's readers, and each owner their own; files follow their material."""

from django.test import Client

from archive.selectors import may_manage, visible_materials


def test_the_civilization_office_of_the_area_sees_and_manages_its_materials(archive):
    material = archive.material()
    assert material in visible_materials(archive.assessor)
    assert may_manage(archive.assessor, material)


def test_the_commander_reads_but_does_not_manage(archive):
    material = archive.material()
    assert material in visible_materials(archive.commander)
    assert not may_manage(archive.commander, material)


def test_an_owner_sees_their_own_material_and_no_other(archive):
    mine = archive.material(owner=archive.owner)
    theirs = archive.material(owner=archive.other_owner)
    seen = set(visible_materials(archive.owner))
    assert mine in seen and theirs not in seen


def test_a_community_assessor_does_not_see_the_subdistricts_materials(archive):
    material = archive.material()
    assert material not in visible_materials(archive.community_assessor())


def test_a_material_file_is_served_to_its_owner_and_hidden_from_other_staff(archive):
    material = archive.material(owner=archive.owner)
    row = archive.upload(material)
    owner, other = Client(), Client()
    owner.force_login(archive.owner)
    other.force_login(archive.other_owner)
    assert owner.get(f"/media/{row.file.name}").status_code == 200
    assert other.get(f"/media/{row.file.name}").status_code == 404
