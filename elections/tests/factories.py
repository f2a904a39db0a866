"""Data for the elections tests: a campaign with the vote open, nominations at a chosen stage, voters."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.models import OrgUnit, User
from civicgrid.testing import demo_subdistrict
from elections import services
from elections.models import Campaign, Nomination, Stage
from verification.services import phone_hash

SUBDISTRICT = "370105-DK"


def jpeg(name: str = "deed.jpg", color=(200, 80, 40)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def assessor() -> User:
    return User.objects.get(username="assessor")


def make_campaign(title: str = "测试好人评选", **settings) -> Campaign:
    demo_subdistrict()  # back after a transactional test emptied the database
    now = timezone.now()
    settings.setdefault("voting_starts", now - timedelta(days=1))
    settings.setdefault("voting_ends", now + timedelta(days=10))
    return services.campaign_create(
        actor=assessor(), title=title, org_unit=OrgUnit.objects.get(code=SUBDISTRICT), **settings
    )


def make_nomination(
    campaign: Campaign,
    *,
    name: str = "刘秀英",
    category: str = "助人为乐",
    community: str = "DK-C01",
    stage=Stage.APPROVED,
    **extra,
) -> Nomination:
    nomination, _created = services.nomination_create(
        campaign=campaign,
        category=campaign.categories.get(name=category),
        nominee_name=name,
        community=OrgUnit.objects.get(code=community),
        summary="照顾独居老人",
        story="十年如一日照顾独居老人。",
        nominator_name="孙丽",
        nominator_user=extra.pop("nominator_user", assessor()),
        **extra,
    )
    steps = {Stage.COMMUNITY: 0, Stage.SUBDISTRICT: 1, Stage.APPROVED: 2}[stage]
    for _step in range(steps):
        nomination = services.nomination_review(actor=assessor(), nomination=nomination, approved=True, reason="属实")
    return nomination


class Voter:
    """A verified phone as the vote service sees it."""

    def __init__(self, phone: str, *, ip: str = "", device: str = ""):
        self.phone = phone
        self.ip = ip or f"10.{int(phone[-4:-2])}.{int(phone[-2:])}.1"
        self.device = device or f"device-{phone}"

    def vote(self, campaign: Campaign, nomination: Nomination):
        return services.vote_cast(
            campaign=campaign,
            nomination=nomination,
            voter=phone_hash(self.phone),
            block=services.phone_block(self.phone),
            ip=self.ip,
            device=self.device,
        )
