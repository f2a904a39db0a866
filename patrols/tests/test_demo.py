from django.core.management import call_command

from patrols.models import GridDayCoverage, PatrolSession, PatrolTeam, RosterEntry


def _counts():
    return [m.objects.count() for m in (PatrolTeam, RosterEntry, PatrolSession, GridDayCoverage)]


def test_the_demo_has_the_seed_teams_and_a_patrolled_day_and_loads_twice_without_change(db):
    call_command("load_demo", without_cases=True, verbosity=0)
    assert set(PatrolTeam.objects.values_list("name", flat=True)) >= {"堤口百姓巡逻队", "堤口市民巡访团"}
    assert PatrolSession.objects.filter(counted=True).count() == 2
    assert PatrolSession.objects.filter(is_flagged=True).count() == 1
    assert GridDayCoverage.objects.filter(patrolled=True).exists()
    assert GridDayCoverage.objects.filter(patrolled=False, expected=True).exists()
    before = _counts()
    call_command("load_demo", without_cases=True, verbosity=0)
    assert _counts() == before
