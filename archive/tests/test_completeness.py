"""The completeness figures equal a count by hand: overall, per indicator, per owner, and what is overdue."""

from datetime import timedelta

import time_machine

from archive import services
from archive.models import ArchiveMaterial
from archive.selectors import completeness, completeness_by_indicator, completeness_by_owner, overdue_materials


def _setup(archive, today):
    """Indicator 1: complete, draft (overdue), missing (overdue, nobody owns it); indicator 2: rejected (overdue),
    complete after its due date (not overdue), missing (due later)."""
    first, second = archive.codes[0], archive.codes[1]
    past, future = today - timedelta(days=2), today + timedelta(days=5)
    a = archive.material(code=first, owner=archive.owner, due_on=future)
    archive.upload(a)
    archive.complete(a)
    b = archive.material(code=first, owner=archive.owner, due_on=past)
    archive.upload(b)
    archive.material(code=first, owner=None, due_on=past)
    d = archive.material(code=second, owner=archive.other_owner, due_on=past)
    archive.upload(d)
    services.material_reject(actor=archive.assessor, material=d, reason="不全")
    e = archive.material(code=second, owner=archive.other_owner, due_on=past)
    archive.upload(e)
    archive.complete(e)
    archive.material(code=second, owner=archive.owner, due_on=future)
    return first, second


def test_the_overall_figures_equal_a_hand_count(archive, today):
    _setup(archive, today)
    figures = completeness(ArchiveMaterial.objects.all(), today=today)
    assert {key: figures[key] for key in ("total", "complete", "draft", "missing", "rejected", "overdue")} == {
        "total": 6,
        "complete": 2,
        "draft": 1,
        "missing": 2,
        "rejected": 1,
        "overdue": 3,
    }
    assert figures["rate"] == 33.3


def test_the_figures_per_indicator_equal_a_hand_count(archive, today):
    first, second = _setup(archive, today)
    rows = {row["indicator_code"]: row for row in completeness_by_indicator(ArchiveMaterial.objects.all(), today=today)}
    assert (rows[first]["total"], rows[first]["complete"], rows[first]["overdue"]) == (3, 1, 2)
    assert (rows[second]["total"], rows[second]["complete"], rows[second]["overdue"]) == (3, 1, 1)
    assert rows[first]["label"] == archive.tree[first].labels[-1]


def test_the_figures_per_owner_equal_a_hand_count(archive, today):
    _setup(archive, today)
    rows = {row["owner_id"]: row for row in completeness_by_owner(ArchiveMaterial.objects.all(), today=today)}
    assert (rows[archive.owner.pk]["total"], rows[archive.owner.pk]["complete"], rows[archive.owner.pk]["overdue"]) == (
        3,
        1,
        1,
    )
    assert (rows[archive.other_owner.pk]["total"], rows[archive.other_owner.pk]["overdue"]) == (2, 1)
    assert (rows[None]["total"], rows[None]["overdue"]) == (1, 1)


def test_the_overdue_list_names_the_late_materials_that_are_not_complete(archive, today):
    _setup(archive, today)
    late = overdue_materials(ArchiveMaterial.objects.all(), today=today)
    assert sorted(material.status for material in late) == ["draft", "missing", "rejected"]


def test_a_material_due_today_is_not_yet_overdue(archive, today):
    archive.material(due_on=today)
    assert completeness(ArchiveMaterial.objects.all(), today=today)["overdue"] == 0


def test_overdue_follows_the_clock(archive, today):
    archive.material(due_on=today + timedelta(days=1))
    with time_machine.travel(today + timedelta(days=3)):
        assert completeness(ArchiveMaterial.objects.all())["overdue"] == 1


def test_no_materials_have_no_rate(archive):
    assert completeness(ArchiveMaterial.objects.all())["rate"] is None
