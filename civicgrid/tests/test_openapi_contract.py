"""schemathesis against our own OpenAPI schema: generated requests to every operation; no 5xx, no schema violations."""

import pytest
import schemathesis
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from civicgrid.wsgi import application

# The schema is built in-process from the code (the same document /api/schema/ serves), so collection needs no server.
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = application


@pytest.fixture
def in_process_requests():
    """Requests go straight into the WSGI app inside the test's transaction: keep its connection open.

    Django closes connections at the end of every request; its own test client switches that off, and so
    must we for schemathesis's WSGI client (on PostgreSQL the next request would find a closed connection).
    """
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def auth_headers(db, in_process_requests):
    from rest_framework.authtoken.models import Token

    from accounts.models import User

    call_command("load_demo", without_cases=True, verbosity=0)
    token, _ = Token.objects.get_or_create(user=User.objects.get(username="admin"))
    return {"Authorization": f"Token {token.key}"}


@schema.parametrize()
# Derandomized: CI must give the same answer for the same code. Explore more locally
# by turning derandomize off and raising max_examples (that is how the NUL-character bug was found).
@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_without_server_errors_and_as_documented(case, auth_headers):
    case.call_and_validate(
        headers=auth_headers, checks=[not_a_server_error, response_schema_conformance, content_type_conformance]
    )
