"""Demo 实事 items: residents' requests from surveys and home visits, some done with feedback, some open."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import OrgUnit, User
from pledges.models import Pledge

# (public title, request (staff only), community, source, source detail, owner, promised in days, done days ago,
#  feedback, feedback text)
PLEDGES = [
    (
        "为无影山西路9号院加装楼道扶手",
        "3号楼老人反映上下楼困难，希望加装扶手。",
        "DK-C05",
        "visit",
        "入户走访",
        "handler_zj",
        -40,
        45,
        "satisfied",
        "扶手很结实，老人上下楼方便多了。",
    ),
    (
        "交校路10号院增设电动车充电桩",
        "居民在问卷中反映电动车飞线充电有隐患。",
        "DK-C03",
        "survey",
        "2026年居民满意度调查",
        "handler_zj",
        -20,
        25,
        "satisfied",
        "",
    ),
    (
        "堤口庄社区修复破损健身器材",
        "居民反映广场健身器材损坏。",
        "DK-C01",
        "visit",
        "社区议事会",
        "handler_yl",
        -10,
        12,
        "unsatisfied",
        "修好了，但希望再加几件器材。",
    ),
    (
        "化纤厂路社区疏通雨水篦子",
        "雨后路口积水，居民走访时提出。",
        "DK-C02",
        "visit",
        "网格员入户",
        "handler_sz",
        -5,
        6,
        "",
        "",
    ),
    (
        "7422宿舍增设非机动车棚",
        "居民希望改造中增加车棚。",
        "DK-C02",
        "survey",
        "老旧小区改造意见征集",
        "handler_zj",
        20,
        None,
        "",
        "",
    ),
    ("济齐路社区背街小巷增设路灯", "夜间出行不便。", "DK-C04", "visit", "书记走访", "handler_sz", -3, None, "", ""),
]


def load(stdout=None) -> dict:
    from pledges.services import pledge_create, pledge_feedback, pledge_status

    actor = User.objects.filter(username="assessor", is_demo=True).first()
    if actor is None:
        return {"pledges": 0}
    units = {u.code: u for u in OrgUnit.objects.filter(code__startswith="DK-C")}
    users = {u.username: u for u in User.objects.filter(is_demo=True)}
    today = timezone.localdate()
    made = 0
    for title, request, code, source, note, owner, promised, done_ago, feedback, text in PLEDGES:
        if code not in units or owner not in users or Pledge.objects.filter(title=title).exists():
            continue
        pledge = pledge_create(
            actor=actor,
            title=title,
            request=request,
            org_unit=units[code],
            source=source,
            source_note=note,
            owner=users[owner],
            promised_on=today + timedelta(days=promised),
        )
        if done_ago is not None:
            pledge_status(actor=actor, pledge=pledge, status="done", done_on=today - timedelta(days=done_ago))
            if feedback:
                pledge_feedback(actor=actor, pledge=pledge, feedback=feedback, text=text)
        Pledge.objects.filter(pk=pledge.pk).update(is_demo=True)
        made += 1
    return {"pledges": made}
