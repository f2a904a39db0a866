"""Demo archive materials of the subdistrict: some complete, some drafts waiting for review, some missing and
overdue, on indicators of the civilization scheme in use (matched by name)."""

from datetime import timedelta
from io import BytesIO

from django.utils import timezone

from accounts.models import OrgUnit, User
from archive import samples, services
from archive.models import ArchiveMaterial

# (indicator name, title, kind, owner, days from today to due, what is there: "" / "pdf" / "png" / "note", accepted)
MATERIALS = [
    ("公益宣传", "公益广告设置台账（示例）", "document", "handler_cg", 20, "pdf", True),
    ("公益宣传", "核心价值观宣传栏照片（示例）", "photo", "assessor", 10, "png", False),
    ("市容秩序", "占道经营整治方案（示例）", "document", "handler_cg", -3, "", False),
    ("市容秩序", "市容秩序专题会议记录（示例）", "meeting", "assessor", 5, "note", True),
    ("环境卫生", "环卫作业标准与考核记录（示例）", "document", "handler", -1, "", False),
    ("环境卫生", "背街小巷清洁前后照片（示例）", "photo", "handler", 14, "", False),
    ("志愿服务", "志愿服务活动记录（示例）", "activity", "volunteer_admin", 7, "", False),
    ("垃圾分类", "垃圾分类宣传入户记录（示例）", "document", "handler", 30, "pdf", False),
    ("公共秩序", "文明交通劝导工作方案（示例）", "document", "assessor", -10, "", False),
]
NOTE = "时间：每月第一个周一 上午9:00\n地点：街道办事处三楼会议室\n议题：市容秩序问题点位整改进度、下阶段分工。"


def load(stdout=None) -> dict:
    from assessment.selectors import indicator_outline

    created = {"archive_materials": 0}
    codes = {row["name"]: row["code"] for row in indicator_outline("civilization")}
    unit = OrgUnit.objects.filter(code="370105-DK").first()
    assessor = User.objects.filter(username="assessor").first()
    if not codes or unit is None or assessor is None:
        return created
    today = timezone.localdate()
    for indicator, title, kind, owner, days, content, accepted in MATERIALS:
        if indicator not in codes or ArchiveMaterial.objects.filter(org_unit=unit, title=title).exists():
            continue
        material = services.material_create(
            actor=assessor,
            indicator_code=codes[indicator],
            title=title,
            org_unit=unit,
            kind=kind,
            requirement="按测评体系要求提供，标注时间、地点、责任人。",
            owner=User.objects.filter(username=owner).first(),
            due_on=today + timedelta(days=days),
            is_demo=True,
        )
        if content == "pdf":
            services.material_file_add(
                actor=assessor, material=material, stream=BytesIO(samples.pdf(title)), name="台账.pdf"
            )
        elif content == "png":
            services.material_file_add(
                actor=assessor, material=material, stream=BytesIO(samples.png()), name="宣传栏.png"
            )
        elif content == "note":
            services.material_note(actor=assessor, material=material, note=NOTE)
        if accepted:
            services.material_complete(actor=assessor, material=material)
        created["archive_materials"] += 1
    return created
