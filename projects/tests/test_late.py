from projects.progress import is_late, is_overdue
from projects.screen import TILES
from projects.selectors import late_milestone_count, project_card


def test_an_open_milestone_past_its_planned_end_is_late_and_on_the_command_screen(works):
    milestone = works.milestone(end_ago=1)
    assert is_overdue(milestone, works.today)
    assert late_milestone_count(path=works.community.path) == 1
    tile = next(t for t in TILES if t.key == "projects-late")
    assert tile.value(works.commander, works.community) == 1


def test_a_milestone_done_after_its_planned_end_is_late_but_no_longer_overdue(works):
    milestone = works.milestone(end_ago=10, done_ago=2)
    assert is_late(milestone, works.today) and not is_overdue(milestone, works.today)
    assert late_milestone_count(path=works.community.path) == 0
    assert project_card(works.project)["late"] == 1


def test_a_milestone_due_today_is_not_late_yet(works):
    milestone = works.milestone(end_ago=0)
    assert not is_late(milestone, works.today)
