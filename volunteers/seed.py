"""Star levels from data/volunteer_rules.csv (a copy of shared/reference/volunteer_rules.csv): the rows
"星级志愿者-一星" … "五星" with "累计志愿服务时间≥N小时". Used by the data migration; editable in admin afterwards."""

import csv
import re
from pathlib import Path

RULES = Path(__file__).resolve().parent / "data" / "volunteer_rules.csv"
STARS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
LEVEL = re.compile(r"^星级志愿者-([一二三四五])星$")
HOURS = re.compile(r"≥\s*(\d+)\s*小时")


def star_rows() -> list[dict]:
    rows = []
    with RULES.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            level, hours = LEVEL.match(row["rule"]), HOURS.search(row["value"])
            if level and hours:
                rows.append(
                    {
                        "stars": STARS[level.group(1)],
                        "name": f"{level.group(1)}星志愿者",
                        "min_hours": int(hours.group(1)),
                        "source": row["source"][:1000],
                    }
                )
    return rows


def seed(apps) -> None:
    StarLevel = apps.get_model("volunteers", "StarLevel")
    for row in star_rows():
        StarLevel.objects.update_or_create(stars=row["stars"], defaults=row)
    apps.get_model("volunteers", "VolunteerSettings").objects.get_or_create(pk=1)
