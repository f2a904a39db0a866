"""Seed the work calendar with every year the pinned chinese-calendar package knows (2004–2026 in 1.11.0).

Self-contained on purpose (no import of app code): a migration must give the same
result however the app changes later. Years the package does not know, such as
2027 at the time of writing, get no rows at all: they stay unpublished until an
admin loads the State Council notice (manage.py load_holidays).
"""

import chinese_calendar
from chinese_calendar.constants import Holiday
from django.db import migrations

SOURCE = f"chinese-calendar {chinese_calendar.__version__} / 国务院办公厅通知"
NOTES = {
    2026: "《国务院办公厅关于2026年部分节假日安排的通知》国办发明电〔2025〕7号，"
    "https://www.gov.cn/zhengce/content/202511/content_7047090.htm ；与 chinese-calendar 1.11.0 逐日核对一致。",
}


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("cases", "CalendarDay")
    CalendarYear = apps.get_model("cases", "CalendarYear")
    days = {}
    for kind, table in (("off", chinese_calendar.holidays), ("workday", chinese_calendar.workdays)):
        for day, name in table.items():
            days[day] = CalendarDay(date=day, kind=kind, holiday=Holiday(name).chinese, source=SOURCE)
    existing = set(CalendarDay.objects.values_list("date", flat=True))
    CalendarDay.objects.bulk_create([row for day, row in sorted(days.items()) if day not in existing], batch_size=500)
    for year in sorted({day.year for day in days}):
        CalendarYear.objects.update_or_create(
            year=year, defaults={"status": "published", "source": SOURCE, "note": NOTES.get(year, "")}
        )


def unseed(apps, schema_editor):
    apps.get_model("cases", "CalendarDay").objects.filter(source=SOURCE).delete()
    apps.get_model("cases", "CalendarYear").objects.filter(source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_calendar")]

    operations = [migrations.RunPython(seed, unseed)]
