from django.db import connection

from cases.models import Case
from civicgrid.personal import phone_hash


def raw_contact(case):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reporter_name, reporter_phone, reporter_email, reporter_phone_hash FROM cases_case WHERE id = %s",
            [case.pk],
        )
        return cursor.fetchone()


def test_a_citizens_contact_is_stored_encrypted(citizen_case):
    case = citizen_case()
    stored = raw_contact(case)
    assert not any(value in " ".join(stored) for value in ("13912345678", "王芳", "wf@example.com"))
    assert stored[3] == phone_hash("13912345678")


def test_the_contact_reads_back_plain(citizen_case):
    case = Case.objects.get(pk=citizen_case().pk)
    assert (case.reporter_name, case.reporter_phone, case.reporter_email) == ("王芳", "13912345678", "wf@example.com")


def test_a_phone_written_with_the_country_code_is_the_same_person(citizen_case):
    case = citizen_case(phone="+86 139-1234-5678")
    assert raw_contact(case)[3] == phone_hash("13912345678")


def test_a_report_without_a_phone_has_no_hash(citizen_case):
    assert raw_contact(citizen_case(phone=""))[3] == ""


def test_a_value_written_in_clear_before_encryption_still_reads(citizen_case):
    case = citizen_case()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_case SET reporter_name = %s WHERE id = %s", ["老数据", case.pk])
    assert Case.objects.get(pk=case.pk).reporter_name == "老数据"
