"""The raw ID number is absent from the SQLite database file (a copy made with VACUUM INTO)."""

import pytest
from django.db import connection
from django.utils import timezone

from volunteers.tests.conftest import id_number


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads the SQLite file")
@pytest.mark.django_db(transaction=True)  # VACUUM runs outside a transaction, on committed rows
def test_the_sqlite_file_does_not_contain_the_raw_id_number_or_phone(station, tmp_path):
    number = id_number(timezone.localdate().replace(year=1969, day=3), 654)
    station.volunteer(id_number=number, phone="13977778888")
    copy = tmp_path / "copy.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(copy)])
    raw = copy.read_bytes()
    assert len(raw) > 100_000
    assert number.encode() not in raw and number[:-1].encode() not in raw
    assert b"13977778888" not in raw
    assert "张三".encode() in raw  # the file is the right one: the name is stored in clear
