"""The audit log is a hash chain: a row changed or removed in the database is found by verify_audit."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import OrgUnit
from audit.chain import GENESIS, verify_chain
from audit.models import AuditChainHead, AuditEntry, AuditEntryImmutable
from audit.services import audit_record


def write_three() -> list[AuditEntry]:
    unit = OrgUnit.objects.first()
    return [
        audit_record(actor=None, action="test.write", target=unit, summary=f"第{n}条", data={"n": n, "b": [1, 2]})
        for n in range(3)
    ]


def raw(sql: str, params: list) -> None:
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=table), params)


@pytest.mark.django_db
def test_each_row_links_to_the_hash_of_the_row_before_it():
    first, second, third = write_three()
    assert (second.prev_hash, third.prev_hash) == (first.hash, second.hash)
    assert (third.sequence - first.sequence) == 2


@pytest.mark.django_db
def test_the_demo_log_verifies_intact():
    write_three()
    result = verify_chain(batch_size=7)
    assert result.first_break is None
    assert result.verified == AuditEntry.objects.count()


@pytest.mark.django_db
def test_the_first_row_of_an_empty_log_starts_from_genesis():
    raw("DELETE FROM {table}", [])
    AuditChainHead.objects.all().delete()
    entry = write_three()[0]
    assert (entry.sequence, entry.prev_hash) == (1, GENESIS)


@pytest.mark.django_db
def test_a_row_changed_in_the_database_is_named():
    _, second, _ = write_three()
    raw("UPDATE {table} SET summary = %s WHERE id = %s", ["改过", second.id])
    broken = verify_chain().first_break
    assert broken.entry_id == second.id
    assert broken.kind == "altered"


@pytest.mark.django_db
def test_a_row_deleted_in_the_middle_is_found_at_the_row_after_it():
    _, second, third = write_three()
    raw("DELETE FROM {table} WHERE id = %s", [second.id])
    broken = verify_chain().first_break
    assert broken.entry_id == third.id
    assert broken.kind == "missing"


@pytest.mark.django_db
def test_rows_deleted_at_the_end_are_found_at_the_chain_head():
    _, _, third = write_three()
    raw("DELETE FROM {table} WHERE id = %s", [third.id])
    broken = verify_chain().first_break
    assert (broken.entry_id, broken.sequence, broken.kind) == (None, third.sequence, "truncated")


@pytest.mark.django_db
def test_a_changed_json_detail_is_found_although_the_database_reorders_keys():
    _, second, _ = write_three()
    raw("UPDATE {table} SET data = %s WHERE id = %s", ['{"b": [1, 2], "n": 99}', second.id])
    assert verify_chain().first_break.entry_id == second.id


@pytest.mark.django_db
def test_the_orm_refuses_to_update_or_delete_audit_rows():
    entry = write_three()[0]
    with pytest.raises(AuditEntryImmutable):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="x")
    with pytest.raises(AuditEntryImmutable):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.summary = "x"
    with pytest.raises(AuditEntryImmutable):
        entry.save()


@pytest.mark.django_db
def test_verify_audit_prints_the_count_of_rows_verified(capsys):
    write_three()
    call_command("verify_audit")
    assert re.search(rf"\b{AuditEntry.objects.count()}\b", capsys.readouterr().out)


@pytest.mark.django_db
def test_verify_audit_fails_naming_the_broken_row():
    _, second, _ = write_three()
    raw("UPDATE {table} SET action = %s WHERE id = %s", ["other", second.id])
    with pytest.raises(CommandError, match=rf"id {second.id}\b"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_a_nul_character_in_the_details_is_dropped_since_postgresql_cannot_store_it():
    unit = OrgUnit.objects.first()
    entry = audit_record(actor=None, action="test.write", target=unit, data={"q": ["a\x00b"], "k\x00": {"x": "\x00"}})
    assert AuditEntry.objects.get(pk=entry.pk).data == {"q": ["ab"], "k": {"x": ""}}
    assert verify_chain().first_break is None
