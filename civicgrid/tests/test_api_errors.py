from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions

from civicgrid.api import exception_handler


def test_serializer_errors_become_field_messages():
    exc = exceptions.ValidationError({"name": ["必填"], "position": {"lat": ["超出范围"]}})
    body = exception_handler(exc, {}).data["error"]
    assert body["status"] == 400
    assert body["code"] == "invalid"
    assert body["fields"]["name"] == [{"code": "invalid", "message": "必填"}]
    assert body["fields"]["position.lat"][0]["message"] == "超出范围"


def test_domain_validation_error_is_a_400_with_fields():
    response = exception_handler(DjangoValidationError({"code": ["已存在"]}), {})
    assert response.status_code == 400
    assert response.data["error"]["fields"]["code"][0]["message"] == "已存在"


def test_not_found_has_the_same_shape():
    response = exception_handler(exceptions.NotFound(), {})
    assert response.status_code == 404
    assert set(response.data["error"]) == {"status", "code", "message", "fields"}
