"""Walk cases through the workflow for KPI tests (rollups applied after every step, as the worker does)."""

from cases.services import case_report, transition
from cases.tests.conftest import at, photo
from command import rollup


def report(world, when, *, source="patrol", grid=None, actor=None):
    lng, lat = world.point(grid)
    if source == "patrol":
        case, _ = case_report(
            source=source, description="路边暴露垃圾", lng=lng, lat=lat, actor=actor or world.patroller, now=at(when)
        )
    else:
        case, _ = case_report(
            source=source, description="路边暴露垃圾", lng=lng, lat=lat, actor=None, reporter_name="居民", now=at(when)
        )
    rollup.apply_pending()
    return case


def go(case, action, actor, when, **fields):
    case = transition(case=case, action=action, actor=actor, now=at(when), **fields)
    rollup.apply_pending()
    return case


def file(world, case, when):
    return go(case, "file", world.operator, when, category=world.category, condition=world.condition)


def to_disposed(world, case, *, dispatch, accept, dispose, department=None):
    case = go(case, "dispatch", world.dispatcher, dispatch, department=department or world.hw)
    case = go(case, "accept", world.handler, accept)
    return go(case, "dispose", world.handler, dispose, feedback="已清理", photos_after=[photo()])


def close_after_disposal(world, case, *, verify, close):
    case = go(case, "verify_ok", world.patroller, verify)
    return go(case, "close", world.shift_lead, close)
