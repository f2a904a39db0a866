"""The admin shows audit rows and changes none of them."""

import pytest
from django.contrib.admin.sites import site

from accounts.tests.factories import make_user
from audit.models import AuditEntry


@pytest.mark.django_db
def test_not_even_a_superuser_may_add_change_or_delete_audit_rows(rf, tree):
    request = rf.get("/")
    request.user = make_user(unit=tree["street"], roles=[])
    request.user.is_superuser = request.user.is_staff = True
    entry_admin = site._registry[AuditEntry]
    entry = AuditEntry.objects.first()
    assert not entry_admin.has_add_permission(request)
    assert not entry_admin.has_change_permission(request, entry)
    assert not entry_admin.has_delete_permission(request, entry)
