"""What the volunteer module holds about a resident, for requests under the 个人信息保护法 (privacy app): his
volunteer registration (ID document, phone, community, skills, consent) and his service records, found by the keyed
hash of the phone he registered.

Erasure keeps the service records (the statistics of past months must not change), without the person: the
registration is withdrawn and its name, ID number, phone and guardian emptied; the look-up hashes become anonymous
tokens, so the same person may register again later."""

import uuid

from django.utils.translation import gettext_lazy as _

from civicgrid.plugins import PersonalDataSource
from volunteers.models import Volunteer, VolunteerStatus


def export(phone_hash: str) -> list[dict]:
    rows = []
    for v in Volunteer.objects.filter(phone_hash=phone_hash).select_related("community", "party_unit"):
        rows.append(
            {
                "kind": "volunteer",
                "name": v.name,
                "id_type": v.id_type,
                "id_number": v.id_number,
                "phone": v.phone,
                "birth_date": v.birth_date.isoformat() if v.birth_date else None,
                "community": v.community.name,
                "skills": v.skills,
                "availability": v.availability,
                "guardian_name": v.guardian_name,
                "consent_version": v.consent_version,
                "consented_at": v.consented_at.isoformat(),
                "party_unit": v.party_unit.name if v.party_unit else "",
                "registered_at": v.registered_at.isoformat(),
                "hours": str(v.hours),
                "stars": v.stars,
            }
        )
        rows += [
            {
                "kind": "service",
                "day": r.day.isoformat(),
                "activity": r.activity.title if r.activity else r.get_kind_display(),
                "hours": str(r.hours),
                "status": r.status,
            }
            for r in v.records.select_related("activity").order_by("day", "pk")
        ]
    return rows


def erase(phone_hash: str) -> int:
    erased = 0
    for v in Volunteer.objects.select_for_update().filter(phone_hash=phone_hash):
        token = f"erased:{uuid.uuid4().hex}"
        Volunteer.objects.filter(pk=v.pk).update(
            name="",
            id_number="",
            id_hash=token,
            phone="",
            phone_hash=token,
            birth_date=None,
            guardian_name="",
            skills="",
            availability="",
            user=None,
            status=VolunteerStatus.WITHDRAWN,
        )
        erased += 1
    return erased


SOURCES = [PersonalDataSource("volunteers", _("Volunteer registration and service"), export=export, erase=erase)]
