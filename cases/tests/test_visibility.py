"""visible_cases() (lists, SQL) and actor_relation() (one loaded case, Python) must agree on who sees what."""

from cases.selectors import actor_relation, visible_cases
from cases.services import case_report, transition


def test_visibility_rules_agree_for_every_demo_user(world):
    lng, lat = world.point()
    mine, _ = case_report(source="patrol", description="甲", lng=lng, lat=lat, actor=world.patroller)
    lng2, lat2 = world.point(world.grid2)
    other, _ = case_report(source="citizen", description="乙", lng=lng2, lat=lat2)
    other = transition(
        case=other, action="file", actor=world.operator, category=world.category, condition=world.condition
    )
    other = transition(case=other, action="dispatch", actor=world.dispatcher, department=world.sz)
    users = [*world.users.values(), world.handler_sz, world.handler_yl]
    for user in users:
        for case in (mine, other):
            in_sql = visible_cases(user).filter(pk=case.pk).exists()
            assert in_sql == ("scope" in actor_relation(case, user)), (user.username, case.description)
    assert visible_cases(world.patroller).filter(pk=other.pk).exists() is False
    assert visible_cases(world.handler_sz).filter(pk=other.pk).exists() is True
    assert visible_cases(world.handler).filter(pk=other.pk).exists() is False
    assert visible_cases(world.users["volunteer"]).exists() is False
