"""Demo election: "2026 年度堤口好人" with its five categories, nominations at every stage and a few votes
(five of them from one block of phone numbers, so the anomaly list has something to show)."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import OrgUnit, User
from civicgrid.personal import lookup_hash
from elections import services
from elections.models import Campaign, Nomination

TITLE = "2026 年度堤口好人"

# (category, name, community code, summary, story, stage reached: community | subdistrict | approved | rejected)
NOMINATIONS = [
    (
        "助人为乐",
        "刘秀英",
        "DK-C01",
        "十年如一日照顾独居老人",
        "退休后每天上门为楼里三位独居老人买菜、打扫，逢年过节张罗包饺子。",
        "approved",
    ),
    (
        "见义勇为",
        "王志强",
        "DK-C02",
        "跳入小清河救起落水儿童",
        "7 月傍晚散步时听到呼救，跳入河中将落水的 8 岁男孩托上岸，随后悄然离开。",
        "approved",
    ),
    (
        "诚实守信",
        "张红梅",
        "DK-C03",
        "拾到三万元现金原物奉还",
        "在菜市场拾到装有三万元现金的手提包，在原地等候两个小时交还失主。",
        "approved",
    ),
    (
        "敬业奉献",
        "赵国庆",
        "DK-C04",
        "坚守网格一线二十年",
        "担任网格员二十年，走遍辖区每一栋楼，群众有事第一个想到他。",
        "subdistrict",
    ),
    (
        "孝老爱亲",
        "李淑华",
        "DK-C05",
        "悉心照料瘫痪婆婆十五年",
        "婆婆瘫痪在床十五年，她端水喂饭、擦身按摩，从无怨言。",
        "subdistrict",
    ),
    (
        "助人为乐",
        "陈建华",
        "DK-C01",
        "义务为居民修理家电",
        "每周六在社区门口摆摊义务修理小家电，分文不取。",
        "community",
    ),
    ("敬业奉献", "周丽", "DK-C06", "社区卫生站的“贴心医生”", "坚持为行动不便的老人上门测血压、送药。", "community"),
    ("诚实守信", "吴大海", "DK-C02", "推荐材料不完整", "事迹描述较少，未附证明材料。", "rejected"),
]
# Demo votes: (nominee, phone); the 1380000005x phones are one number block: the sequence rule flags them.
VOTES = [("刘秀英", f"13{n + 1}91234567") for n in range(6)]
VOTES += [("王志强", f"15{n + 5}87654321") for n in range(4)]
VOTES += [("张红梅", f"13800000{50 + n}") for n in range(5)]


def _photo(colour: tuple[int, int, int]) -> SimpleUploadedFile:
    image = Image.new("RGB", (480, 360), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((180, 80, 300, 200), fill=(255, 255, 255))
    draw.rectangle((150, 210, 330, 330), fill=(250, 240, 220))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile("demo.jpg", buffer.getvalue(), content_type="image/jpeg")


def load(stdout=None) -> dict:
    created = {"campaigns": 0, "nominations": 0, "votes": 0}
    if Campaign.objects.filter(title=TITLE).exists():
        return created
    assessor = User.objects.get(username="assessor")
    subdistrict = OrgUnit.objects.get(code="370105-DK")
    now = timezone.now()
    campaign = services.campaign_create(
        actor=assessor,
        title=TITLE,
        org_unit=subdistrict,
        intro="推选身边的凡人善举，弘扬社会主义核心价值观。每人每天可投 3 票，每位候选人每天 1 票。",
        voting_starts=now - timedelta(days=3),
        voting_ends=now + timedelta(days=27),
        show_live_results=True,
    )
    Campaign.objects.filter(pk=campaign.pk).update(is_demo=True)
    created["campaigns"] = 1
    categories = {category.name: category for category in campaign.categories.all()}
    colours = [(200, 60, 50), (40, 110, 170), (60, 140, 80), (180, 130, 40), (120, 70, 150)]
    for index, (category, name, community, summary, story, stage) in enumerate(NOMINATIONS):
        nomination, _new = services.nomination_create(
            campaign=campaign,
            category=categories[category],
            nominee_name=name,
            community=OrgUnit.objects.get(code=community),
            summary=summary,
            story=story,
            nominator_name=assessor.get_full_name() or "孙丽",
            nominator_user=assessor,
            photos=[_photo(colours[index % len(colours)])] if stage == "approved" else [],
        )
        Nomination.objects.filter(pk=nomination.pk).update(is_demo=True)
        created["nominations"] += 1
        steps = {"community": [], "subdistrict": [True], "approved": [True, True], "rejected": [False]}[stage]
        reasons = {True: "事迹属实，同意推荐。", False: "材料不完整，请补充后重新推荐。"}
        for approved in steps:
            nomination = services.nomination_review(
                actor=assessor, nomination=nomination, approved=approved, reason=reasons[approved]
            )
    by_name = {n.nominee_name: n for n in campaign.nominations.all()}
    for index, (name, phone) in enumerate(VOTES):
        services.vote_cast(
            campaign=campaign,
            nomination=by_name[name],
            voter=lookup_hash(phone, purpose="phone"),
            block=services.phone_block(phone),
            ip=f"10.{20 + index}.30.{index + 1}",
            device=f"demo-device-{index}",
        )
        created["votes"] += 1
    return created
