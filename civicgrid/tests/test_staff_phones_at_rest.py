"""Staff, grid members' and check-site contacts' phones are encrypted at rest like the residents' (civicgrid.personal):
the row holds a token, never the number; pages still show it masked or plain by role; a key rotation covers them."""

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from accounts.models import User
from assessment.models import Site
from civicgrid.personal import PREFIX, phone_hash
from civicgrid.testing import demo_subdistrict
from grids.models import Grid, GridMember

PHONE = "13655554444"


def raw(table: str, columns: str, pk: int) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()


def a_member(**fields) -> GridMember:
    return GridMember.objects.create(grid=Grid.objects.get(code="G-DK-C01"), duty="worker", name="赵楼长", **fields)


def a_site(**fields) -> Site:
    site = Site.objects.order_by("pk").first()
    for name, value in fields.items():
        setattr(site, name, value)
    site.save()
    return site


def test_no_stored_phone_of_the_demo_is_plain(db):
    demo_subdistrict()
    for table, column in (
        ("accounts_user", "phone"),
        ("grids_gridmember", "phone"),
        ("assessment_site", "contact_phone"),
    ):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> ''")
            values = [row[0] for row in cursor.fetchall()]
        assert values and all(value.startswith(PREFIX) for value in values), table


def test_a_users_phone_is_stored_encrypted_and_reads_back(db):
    demo_subdistrict()
    user = User.objects.get(username="patroller")
    user.phone = PHONE
    user.save()
    (stored,) = raw("accounts_user", "phone", user.pk)
    assert PHONE not in stored and stored.startswith(PREFIX)
    assert User.objects.get(pk=user.pk).phone == PHONE


def test_a_grid_members_phone_is_encrypted_with_its_lookup_hash(db):
    demo_subdistrict()
    member = a_member(phone=PHONE)
    stored, hashed = raw("grids_gridmember", "phone, phone_hash", member.pk)
    assert PHONE not in stored and hashed == phone_hash(PHONE)
    member.phone = ""
    member.save(update_fields=["phone"])
    assert raw("grids_gridmember", "phone, phone_hash", member.pk) == ("", "")


def test_a_sites_contact_phone_is_encrypted_with_its_lookup_hash(db):
    demo_subdistrict()
    site = a_site(contact_phone="+86 136-5555-4444")
    stored, hashed = raw("assessment_site", "contact_phone, contact_phone_hash", site.pk)
    assert "4444" not in stored and hashed == phone_hash(PHONE)


def test_phones_written_in_clear_before_are_encrypted_by_the_migrations(db):
    demo_subdistrict()
    user, member, site = User.objects.get(username="patroller"), a_member(), a_site()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET phone = %s WHERE id = %s", [PHONE, user.pk])
        cursor.execute("UPDATE grids_gridmember SET phone = %s, phone_hash = '' WHERE id = %s", [PHONE, member.pk])
        cursor.execute(
            "UPDATE assessment_site SET contact_phone = %s, contact_phone_hash = '' WHERE id = %s", [PHONE, site.pk]
        )
    assert User.objects.get(pk=user.pk).phone == PHONE  # a plain value still reads
    for module in (
        "accounts.migrations.0004_user_phone_encrypted",
        "grids.migrations.0003_member_phone_encrypted",
        "assessment.migrations.0003_site_contact_phone_encrypted",
    ):
        importlib.import_module(module).encrypt_phones(apps, None)
    assert raw("accounts_user", "phone", user.pk)[0].startswith(PREFIX)
    assert raw("grids_gridmember", "phone_hash", member.pk)[0] == phone_hash(PHONE)
    assert raw("assessment_site", "contact_phone_hash", site.pk)[0] == phone_hash(PHONE)
    assert User.objects.get(pk=user.pk).phone == PHONE and Site.objects.get(pk=site.pk).contact_phone == PHONE


def test_a_key_rotation_reencrypts_them(db, settings):
    demo_subdistrict()
    member = a_member(phone=PHONE)
    before = raw("grids_gridmember", "phone", member.pk)[0]
    settings.PERSONAL_DATA_OLD_KEYS = [settings.PERSONAL_DATA_KEY]
    settings.PERSONAL_DATA_LOOKUP_KEY = settings.PERSONAL_DATA_KEY
    settings.PERSONAL_DATA_KEY = "a-new-master-key-3333333333333333333333"
    call_command("reencrypt_personal_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = raw("grids_gridmember", "phone", member.pk)[0]
    assert after != before
    settings.PERSONAL_DATA_OLD_KEYS = []
    assert GridMember.objects.get(pk=member.pk).phone == PHONE
    user = User.objects.exclude(phone="").first()
    assert user.phone.isdigit()  # the users' column was rotated too: it opens with the new key alone


def test_the_user_page_shows_the_phone_plain_or_masked_by_role_as_before(client, db):
    demo_subdistrict()
    user = User.objects.get(username="patroller")
    user.phone = PHONE
    user.save()
    client.force_login(User.objects.get(username="admin"))
    assert PHONE in client.get(f"/accounts/users/{user.pk}/").content.decode()
    client.force_login(User.objects.get(username="assessor"))
    page = client.get(f"/accounts/users/{user.pk}/").content.decode()
    assert PHONE not in page and "136****4444" in page


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads the SQLite file")
@pytest.mark.django_db(transaction=True)  # VACUUM runs outside a transaction, on committed rows
def test_the_sqlite_file_holds_none_of_these_phones(tmp_path):
    demo_subdistrict()
    user = User.objects.get(username="patroller")
    user.phone = PHONE
    user.save()
    a_member(phone="13655553333")
    a_site(contact_phone="13655552222")
    copy = tmp_path / "copy.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(copy)])
    raw = copy.read_bytes()
    assert "赵楼长".encode() in raw  # the file is the right one: the member's name is stored in clear
    assert not any(phone in raw for phone in (b"13655554444", b"13655553333", b"13655552222"))
