"""What the grids module holds about a resident, for requests under the 个人信息保护法 (privacy app): the grid duties
(楼栋长, partner unit contact …) of people without a staff account, found by the keyed hash of their phone.

Staff members are left out: their phone belongs to their account, which the administrators manage. Erasure deletes
the resident's memberships — a membership is nothing but the person in a duty, so no record is left without them."""

from django.utils.translation import gettext_lazy as _

from civicgrid.plugins import PersonalDataSource
from grids.models import GridMember


def _residents(phone_hash: str):
    return GridMember.objects.filter(phone_hash=phone_hash, user__isnull=True)


def export(phone_hash: str) -> list[dict]:
    return [
        {
            "grid": member.grid.name,
            "duty": member.get_duty_display(),
            "name": member.name,
            "phone": member.phone,
            "partner_unit": member.partner_unit.name if member.partner_unit else "",
        }
        for member in _residents(phone_hash).select_related("grid", "partner_unit").order_by("grid__code", "duty")
    ]


def erase(phone_hash: str) -> int:
    deleted, _by_model = _residents(phone_hash).delete()
    return deleted


SOURCES = [PersonalDataSource("grids", _("Grid duties"), export=export, erase=erase)]
