import pytest

from accounts.tests.factories import make_tree


@pytest.fixture
def tree(db):
    district, street, community_a, community_b = make_tree()
    return {"district": district, "street": street, "a": community_a, "b": community_b}
