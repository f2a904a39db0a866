import pytest

from accounts.tests.factories import make_tree
from civicgrid.testing import demo_subdistrict


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Most tests start from the demo subdistrict: loaded once here (about a second), not once per test.
    with django_db_blocker.unblock():
        demo_subdistrict()


@pytest.fixture
def tree(db):
    district, street, community_a, community_b = make_tree()
    return {"district": district, "street": street, "a": community_a, "b": community_b}


@pytest.fixture(autouse=True)
def _fresh_in_process_caches():
    # The point→grid index, the work calendar and the cache live in process memory; tests roll the
    # database back under them.
    from django.core.cache import cache

    from cases.deadlines import reset_calendar_cache
    from civicgrid.config_cache import forget
    from grids.locator import reset_index

    for reset in (reset_index, reset_calendar_cache, forget, cache.clear):
        reset()
    yield
    for reset in (reset_index, reset_calendar_cache, forget, cache.clear):
        reset()
