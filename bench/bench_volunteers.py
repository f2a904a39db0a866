"""The volunteer module at city scale on PostgreSQL (issue 19 target).

100,000 volunteers over the demo subdistrict's 11 communities (ID numbers and phones encrypted as in production:
a pool of real Fernet tokens, so pages decrypt them) and 2,000,000 service records over two years (nine in ten
confirmed), each volunteer's totals (hours, stars, last service) as the services keep them.

Timed over HTTP as production runs (bench/common.py): gunicorn with scripts/gunicorn.conf.py and sync workers
(3 by default, as scripts/run.sh), the cache in Redis, 20 users at once as threads of a client process of their
own (starting spread over the first second; --burst: all at the same instant), each asking in turn, a second
apart: the rates page of the subdistrict and of one community (as the volunteer_admin), and a volunteer's own
phone page (hours, stars, open activities and history; each user is a
different volunteer). Before that, each page alone through Django's test client (time and queries; the rates
page also right after the cache is emptied).

Targets: rates page p95 < 300 ms at 20 users; a volunteer's page < 100 ms (p95).

Run: .venv/bin/python bench/bench_volunteers.py [--users 20] [--requests 10] [--think 1.0] [--workers 3]
     [--db civicgrid_bench_volunteers] [--reuse] [--burst]
Creates (and drops) its own database on 127.0.0.1:5432 (PG_URL to change); Redis at BENCH_REDIS_URL
(redis://127.0.0.1:6379/14 by default, emptied at the start).
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import common

DB = "civicgrid_bench_volunteers"
VOLUNTEERS, RECORDS, TOKENS = 100_000, 2_000_000, 500
KEY = {"CIVICGRID_PERSONAL_DATA_KEY": "bench-personal-data-key"}


def build() -> None:
    from django.db import connection

    from civicgrid.personal import encrypt
    from volunteers.identity import check_digit
    from volunteers.models import ServiceRecord, Volunteer

    start = time.perf_counter()
    ids, phones = [], []
    for n in range(TOKENS):
        first17 = f"370105{1950 + n % 50}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
        ids.append(encrypt(first17 + check_digit(first17)))
        phones.append(encrypt(f"139{n:08d}"))
    volunteer, record = Volunteer._meta.db_table, ServiceRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH c AS (SELECT row_number() OVER (ORDER BY id) AS rn, id, path FROM accounts_orgunit
                       WHERE kind = 'community')
            INSERT INTO {volunteer} (name, id_type, id_number, id_hash, phone, phone_hash, birth_date, community_id,
                                     scope_path, skills, availability, guardian_name, guardian_consent,
                                     consent_version, consented_at, is_party_member, status, hours, stars,
                                     registered_at, source, is_demo)
            SELECT '志愿者' || n, 'resident', (%s::text[])[n %% {TOKENS} + 1], md5(n::text) || md5((-n)::text),
                   (%s::text[])[n %% {TOKENS} + 1], md5(('p' || n)::text) || md5(('q' || n)::text), NULL, c.id, c.path,
                   '', '', '', FALSE, '2026-01', now(), n %% 20 = 0, 'active', 0, 0,
                   now() - ((n %% 1000) || ' days')::interval, 'import', FALSE
            FROM generate_series(1, {VOLUNTEERS}) n JOIN c ON c.rn = n %% (SELECT count(*) FROM c) + 1
            """,
            [ids, phones],
        )
        cursor.execute(
            f"""
            WITH v AS (SELECT row_number() OVER (ORDER BY id) AS rn, id, scope_path FROM {volunteer}
                       WHERE name LIKE '志愿者%')
            INSERT INTO {record} (volunteer_id, kind, scope_path, day, check_in_method, check_out_method,
                                  manual_reason, hours, status)
            SELECT v.id, (ARRAY['leifeng','festival','moral_lecture','environment','civility','patrol'])[n % 6 + 1],
                   v.scope_path, current_date - ((n::bigint * 7919) % 730)::int, 'position', 'position', '', 2,
                   CASE WHEN n % 10 = 0 THEN 'pending' ELSE 'confirmed' END
            FROM generate_series(1, {RECORDS}) n
            JOIN v ON v.rn = (n * 31) % ({VOLUNTEERS} * 7 / 10) + 1
            """
        )
        cursor.execute(
            f"""
            UPDATE {volunteer} v SET hours = t.hours, last_service_on = t.last,
                   stars = (SELECT coalesce(max(stars), 0) FROM volunteers_starlevel WHERE min_hours <= t.hours)
            FROM (SELECT volunteer_id, sum(hours) AS hours, max(day) AS last FROM {record}
                  WHERE status = 'confirmed' GROUP BY volunteer_id) t
            WHERE v.id = t.volunteer_id
            """
        )
        cursor.execute("ANALYZE")
    from volunteers.services import rate_snapshot

    rate_snapshot()
    print(f"built {VOLUNTEERS:,} volunteers and {RECORDS:,} service records in {time.perf_counter() - start:.0f} s")


def pages(phones: list[list[str]] | None = None) -> list[common.Page]:
    """The pages; `phones[user][n]` is the phone session of a user's n-th request of his own page (a volunteer
    signed in on the phone, a different one each request)."""
    from accounts.models import OrgUnit

    street = OrgUnit.objects.get(code="370105-DK")
    community = OrgUnit.objects.filter(kind="community").order_by("path").first()
    return [
        common.Page("rates page of the subdistrict", lambda user, n: f"/volunteers/?unit={street.pk}"),
        common.Page("rates page of a community", lambda user, n: f"/volunteers/?unit={community.pk}"),
        common.Page(
            "a volunteer's page",
            lambda user, n: "/volunteers/m/me/",
            target=0.1,
            cookie=(lambda user, n: phones[user][n]) if phones else None,
        ),
    ]


def volunteer_ids(count: int) -> list[int]:
    """`count` of the generated volunteers, spread over the register."""
    from volunteers.models import Volunteer

    ids = list(Volunteer.objects.filter(name__startswith="志愿者").order_by("pk").values_list("pk", flat=True))
    return ids[:: max(1, len(ids) // count)][:count]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--think", type=float, default=1.0, help="seconds a user waits between requests")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (scripts/run.sh: WEB_WORKERS=3)")
    parser.add_argument("--db", default=DB, help="the database to create (and drop first)")
    parser.add_argument("--reuse", action="store_true", help="keep the database of the last run")
    parser.add_argument("--burst", action="store_true", help="all users start at the same instant (common.load)")
    args = parser.parse_args()
    common.setup_django(args.db, **KEY)
    if not args.reuse:
        common.create_database(args.db)
        build()
    from django.core.cache import cache
    from django.test import Client

    from accounts.models import User

    cache.clear()
    staff = Client()
    staff.force_login(User.objects.get(username="volunteer_admin"))
    *rates, mine = pages()
    for page in rates:
        common.one_user(staff, page.url(0, 0), label=page.label, cold=cache.clear)
    phone = Client()
    session = phone.session
    session["volunteer_id"] = volunteer_ids(1)[0]
    session.save()
    common.one_user(phone, mine.url(0, 0), label=mine.label)
    # The volunteer_admin's session for the rates pages; for the phone page a volunteer's phone sign-in (as
    # volunteers.phone keeps it in the session), a different volunteer for every request.
    cookies = [common.session_cookie("volunteer_admin") for _ in range(args.users)]
    ids = iter(volunteer_ids(args.users * args.requests))
    phones = [[common.session_cookie(None, volunteer_id=next(ids)) for _ in range(args.requests)] for _ in cookies]
    with common.serve(args.db, workers=args.workers, **KEY) as base:
        timings = common.load(
            base, pages(phones), cookies, requests_each=args.requests, think=args.think, burst=args.burst
        )
    common.report(pages(), timings, users=args.users, workers=args.workers)


if __name__ == "__main__":
    main()
