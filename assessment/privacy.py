"""What the assessment module holds about a resident, for requests under the 个人信息保护法 (privacy app): the
contact person of a check site (a restaurant's manager, a compound's caretaker), found by the keyed hash of the
contact phone. Erasure keeps the site and its checks, without the contact."""

from django.utils.translation import gettext_lazy as _

from assessment.models import Site
from civicgrid.plugins import PersonalDataSource

CLEARED = {"contact_name": "", "contact_phone": "", "contact_phone_hash": ""}


def export(phone_hash: str) -> list[dict]:
    return [
        {
            "site": site.name,
            "address": site.address,
            "contact_name": site.contact_name,
            "contact_phone": site.contact_phone,
        }
        for site in Site.objects.filter(contact_phone_hash=phone_hash).order_by("pk")
    ]


def erase(phone_hash: str) -> int:
    return Site.objects.filter(contact_phone_hash=phone_hash).update(**CLEARED)


SOURCES = [PersonalDataSource("assessment", _("Check site contacts"), export=export, erase=erase)]
