import pytest

from accounts.tests.factories import make_tree


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
