from types import SimpleNamespace

from projects import selectors, services
from projects.progress import progress_percent
from projects.selectors import project_card


def milestone(weight, done):
    return SimpleNamespace(weight=weight, actual_end="2026-01-01" if done else None)


def test_progress_is_the_weighted_share_of_milestones_done():
    assert progress_percent([milestone(1, True), milestone(3, False)]) == 25
    assert progress_percent([milestone(3, True), milestone(1, False)]) == 75


def test_progress_rounds_down_so_only_a_finished_project_shows_a_hundred():
    assert progress_percent([milestone(1, True)] * 2 + [milestone(1, False)]) == 66
    assert progress_percent([milestone(1, True)] * 199 + [milestone(1, False)]) == 99


def test_a_project_without_milestones_is_at_zero():
    assert progress_percent([]) == 0


def test_recording_a_milestones_actual_end_moves_the_projects_progress(works):
    survey = works.milestone("摸底", weight=1, start_ago=60, end_ago=40)
    works.milestone("施工", weight=3, start_ago=39, end_ago=-20)
    assert project_card(works.project)["progress"] == 0
    services.milestone_record(actor=works.member, milestone=survey, actual_start=None, actual_end=works.today)
    assert project_card(works.project)["progress"] == 25


def test_the_list_pages_figure_agrees_with_the_project_page(works):
    works.milestone("摸底", weight=2, start_ago=60, end_ago=40, done_ago=41)
    works.milestone("施工", weight=3, start_ago=39, end_ago=-20)
    listed = selectors.with_progress(selectors.visible_projects(works.commander)).get(pk=works.project.pk)
    assert selectors.percent(listed) == project_card(works.project)["progress"] == 40


def test_taking_back_a_milestones_end_takes_back_its_share(works):
    done = works.milestone("摸底", weight=1, start_ago=60, end_ago=40, done_ago=41)
    assert project_card(works.project)["progress"] == 100
    services.milestone_record(actor=works.leader, milestone=done, actual_start=None, actual_end=None)
    assert project_card(works.project)["progress"] == 0
