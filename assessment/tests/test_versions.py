"""A scheme is versioned: a past check keeps the version it was scored on."""

from decimal import Decimal

from assessment import services
from assessment.models import Scheme, SchemeStatus


def test_a_new_version_copies_indicators_and_items_as_a_draft(checks):
    draft = services.scheme_new_version(actor=checks.assessor, scheme=checks.scheme)
    assert draft.status == SchemeStatus.DRAFT and draft.version == checks.scheme.version + 1
    assert draft.items.count() == checks.scheme.items.count()
    assert draft.indicators.count() == checks.scheme.indicators.count()
    assert {i.indicator.scheme_id for i in draft.items.select_related("indicator")} == {draft.pk}


def test_putting_a_version_in_use_retires_the_old_one_and_past_checks_keep_theirs(checks):
    check, _ = checks.check(failures=(0,))
    draft = services.scheme_new_version(actor=checks.assessor, scheme=checks.scheme)
    draft.items.filter(code=checks.items[0].code).update(points=Decimal("0.50"))
    services.scheme_activate(actor=checks.assessor, scheme=draft)
    assert Scheme.objects.get(pk=checks.scheme.pk).status == SchemeStatus.RETIRED
    check.refresh_from_db()
    assert check.scheme_id == checks.scheme.pk
    assert check.results.get(item__code=checks.items[0].code).deduction.points == Decimal("0.10")
