"""What the elections hold about a resident, for requests under the 个人信息保护法 (privacy app): the nominations
they made (their name and phone as nominator) and the votes they cast (kept by the keyed hash of their phone only).

Erasure keeps the records, without the person: a nomination keeps its story and its review, a vote keeps counting
(the result must not change because a voter left), its voter becomes an anonymous token."""

import uuid

from django.utils.translation import gettext_lazy as _

from civicgrid.plugins import PersonalDataSource
from elections.models import Nomination, Vote, VoterDay


def export(phone_hash: str) -> list[dict]:
    nominations = (
        Nomination.objects.filter(nominator_phone_hash=phone_hash)
        .select_related("campaign", "category")
        .order_by("created_at")
    )
    rows = [
        {
            "kind": "nomination",
            "campaign": n.campaign.title,
            "category": n.category.name,
            "nominee_name": n.nominee_name,
            "summary": n.summary,
            "story": n.story,
            "stage": n.stage,
            "nominator_name": n.nominator_name,
            "nominator_phone": n.nominator_phone,
            "created_at": n.created_at.isoformat(),
        }
        for n in nominations
    ]
    votes = Vote.objects.filter(voter=phone_hash).select_related("campaign", "nomination").order_by("created_at")
    rows += [
        {
            "kind": "vote",
            "campaign": v.campaign.title,
            "nominee_name": v.nomination.nominee_name,
            "day": v.day.isoformat(),
            "voided": v.voided_at is not None,
        }
        for v in votes
    ]
    return rows


def erase(phone_hash: str) -> int:
    erased = Nomination.objects.filter(nominator_phone_hash=phone_hash).update(
        nominator_name="", nominator_phone="", nominator_phone_hash=""
    )
    # One token per voter and day keeps the daily counter and the one-vote-per-nominee rule whole.
    tokens: dict = {}
    for vote in Vote.objects.filter(voter=phone_hash).only("pk", "day"):
        token = tokens.setdefault(vote.day, f"erased:{uuid.uuid4().hex}")
        Vote.objects.filter(pk=vote.pk).update(voter=token)
        erased += 1
    for day, token in tokens.items():
        VoterDay.objects.filter(voter=phone_hash, day=day).update(voter=token)
    VoterDay.objects.filter(voter=phone_hash).delete()
    return erased


SOURCES = [PersonalDataSource("elections", _("Good-people nominations and votes"), export=export, erase=erase)]
