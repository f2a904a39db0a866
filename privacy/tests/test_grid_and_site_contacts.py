"""A resident who is a grid member (楼栋长, a partner unit's contact) or a check site's contact is found, exported
and erased by phone like a reporter; staff members' duties are their accounts' business and are left alone."""

from accounts.models import User
from assessment.models import Site
from grids.models import Grid, GridMember
from privacy.services import person_erase, person_export, person_find

PHONE = "13655554444"


def setup_person():
    grid = Grid.objects.get(code="G-DK-C01")
    resident = GridMember.objects.create(grid=grid, duty="worker", name="赵楼长", phone=PHONE)
    staff = GridMember.objects.create(
        grid=grid, duty="patroller", name="巡查员", phone=PHONE, user=User.objects.get(username="patroller")
    )
    site = Site.objects.order_by("pk").first()
    site.contact_name, site.contact_phone = "赵经理", "+86 136 5555 4444"
    site.save()
    return resident, staff, site


def test_the_person_is_found_and_exported_in_grids_and_sites(admin_user):
    _resident, _staff, site = setup_person()
    counts = {str(label): n for label, n in person_find(phone=PHONE, actor=admin_user)}
    assert counts["网格职责"] == 1 and counts["考察点位联系人"] == 1
    records = person_export(phone=PHONE, actor=admin_user)["records"]
    assert [(r["name"], r["phone"], r["partner_unit"]) for r in records["grids"]] == [("赵楼长", PHONE, "")]
    assert records["assessment"][0] == {
        "site": site.name, "address": site.address, "contact_name": "赵经理", "contact_phone": "+86 136 5555 4444"
    }  # fmt: skip


def test_an_erasure_removes_the_resident_and_keeps_the_site_and_the_staff_duty(admin_user):
    resident, staff, site = setup_person()
    erased = person_erase(phone=PHONE, actor=admin_user, reason="本人书面申请")
    assert erased["grids"] == 1 and erased["assessment"] == 1
    assert not GridMember.objects.filter(pk=resident.pk).exists()
    assert GridMember.objects.get(pk=staff.pk).phone == PHONE
    site = Site.objects.get(pk=site.pk)
    assert (site.contact_name, site.contact_phone, site.contact_phone_hash) == ("", "", "")
    assert site.name
