"""A field check with bad input answers field errors and leaves nothing behind."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment import services
from assessment.models import Deduction, FieldCheck
from cases.models import Case


def submit(checks, answers, **options):
    return services.field_check_submit(
        actor=options.pop("actor", checks.assessor),
        site=options.pop("site", checks.site),
        scheme=options.pop("scheme", checks.scheme),
        client_id=options.pop("key", "bad"),
        answers=answers,
    )


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


def nothing_written():
    return not (FieldCheck.objects.exists() or Deduction.objects.exists() or Case.objects.exists())


def test_a_failure_without_a_photo_where_one_is_required_is_a_field_error(checks):
    answers = checks.answers(failures=(3,), photos=False)
    errors = errors_of(lambda: submit(checks, answers))
    assert f"item-{checks.items[3].pk}" in errors
    assert nothing_written()


def test_a_photo_that_is_not_an_image_is_a_field_error(checks):
    answers = checks.answers(failures=(1,))
    answers[1].photos = [SimpleUploadedFile("x.jpg", b"MZ\x90\x00" + b"0" * 100, content_type="image/jpeg")]
    errors = errors_of(lambda: submit(checks, answers))
    assert "x.jpg" in errors[f"item-{checks.items[1].pk}"][0]
    assert nothing_written()


def test_every_item_must_be_answered(checks):
    answers = checks.answers()[:-1]
    errors = errors_of(lambda: submit(checks, answers))
    assert list(errors) == [f"item-{checks.items[-1].pk}"]


def test_an_unknown_outcome_and_an_impossible_count_are_field_errors(checks):
    answers = checks.answers(failures=(0,))
    answers[0].count = 999
    answers[1].outcome = "maybe"
    errors = errors_of(lambda: submit(checks, answers))
    assert {f"item-{checks.items[0].pk}", f"item-{checks.items[1].pk}"} <= set(errors)


def test_an_item_of_another_checklist_is_refused(checks):
    other = checks.scheme.items.exclude(location_type=checks.compound_type).first()
    answers = [*checks.answers(), services.Answer(item_id=other.pk, outcome="pass")]
    assert "answers" in errors_of(lambda: submit(checks, answers))


def test_a_checklist_version_no_longer_in_use_is_refused(checks):
    draft = services.scheme_new_version(actor=checks.assessor, scheme=checks.scheme)
    services.scheme_activate(actor=checks.assessor, scheme=draft)
    checks.scheme.refresh_from_db()
    assert "scheme" in errors_of(lambda: submit(checks, checks.answers()))


def test_a_site_outside_the_inspectors_area_is_refused(checks):
    assert "site" in errors_of(lambda: submit(checks, checks.answers(), actor=checks.outsider()))
    assert nothing_written()


def test_a_submission_without_a_key_is_refused(checks):
    assert "client_id" in errors_of(lambda: submit(checks, checks.answers(), key=" "))


def test_a_site_outside_the_service_area_is_a_field_error(checks):
    errors = errors_of(
        lambda: services.site_create(
            actor=checks.assessor, name="远处", location_type=checks.compound_type, lng=116.5, lat=36.5
        )
    )
    assert "lng" in errors
