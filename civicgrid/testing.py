"""Test helpers shared by the apps' test suites."""

from django.core.management import call_command


def demo_subdistrict() -> None:
    """The demo organisation, grids, catalogue and teams (load_demo --without-cases) in the test database.

    The root conftest loads them once when it creates the test database, and every test rolls back to that
    state, so this is a cheap check; only after a transactional test (which empties the database when it
    ends) does a test pay for loading them again.
    """
    from accounts.models import User
    from assessment.models import Site  # written by the last demo loader

    if not (Site.objects.filter(is_demo=True).exists() and User.objects.filter(username="operator").exists()):
        call_command("load_demo", without_cases=True, verbosity=0)


def without_demo_patrols() -> None:
    """For a test that sets up its own patrol teams and counts what they did: the demo's teams, roster, check
    points and patrols gone (inside the test's transaction, so they are back for the next test)."""
    from patrols.models import CheckPoint, GridDayCoverage, PatrolSession, PatrolTeam, RosterEntry

    for model in (PatrolSession, GridDayCoverage, RosterEntry, PatrolTeam, CheckPoint):
        model.objects.all().delete()


def without_demo_sites() -> None:
    """No assessment sites, checks or deductions (a site keeps its grid from being deleted)."""
    from assessment.models import CheckResult, Deduction, FieldCheck, Site

    for model in (CheckResult, Deduction, FieldCheck, Site):
        model.objects.all().delete()


def without_demo_grids() -> None:
    """For a test that imports grids of its own: no demo grids (nor the patrols and sites on them) in the way."""
    from grids.models import Grid

    without_demo_patrols()
    without_demo_sites()
    Grid.objects.all().delete()
