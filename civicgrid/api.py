"""Shared API plumbing: one error shape for every endpoint, one pagination."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination, permissions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class StaffRole(permissions.IsAuthenticated):
    """The API of what the staff pages show (org units, departments, users, grids) is for the same roles."""

    def has_permission(self, request, view):
        from civicgrid.navigation import STAFF_ROLES

        return super().has_permission(request, view) and request.user.has_role(*STAFF_ROLES)


class DefaultPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def _flatten(detail, prefix=""):
    """DRF's nested error detail → {"field.sub": [{"code", "message"}]}."""
    fields = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            fields.update(_flatten(value, name))
    elif isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):  # ErrorDetail is a str
            fields[prefix or "non_field_errors"] = [
                {"code": getattr(item, "code", "invalid"), "message": str(item)} for item in detail
            ]
        else:
            for index, item in enumerate(detail):
                fields.update(_flatten(item, f"{prefix}[{index}]"))
    else:
        fields[prefix or "non_field_errors"] = [{"code": getattr(detail, "code", "invalid"), "message": str(detail)}]
    return fields


def exception_handler(exc, context):
    """Every API error looks like {"error": {"status", "code", "message", "fields"}}.

    Domain code raises Django's ValidationError (from services); it is turned
    into the same 400 shape as a serializer error so clients handle one thing.
    """
    from cases.services import CaseError

    if isinstance(exc, CaseError):
        body = {"status": exc.status, "code": exc.code, "message": exc.message, "fields": {}}
        return Response({"error": body}, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body = {
            "status": response.status_code,
            "code": "invalid",
            "message": _("The input is not valid."),
            "fields": _flatten(exc.detail),
        }
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        body = {
            "status": response.status_code,
            "code": getattr(detail, "code", None) or getattr(exc, "default_code", "error"),
            "message": str(detail),
            "fields": {},
        }
    response.data = {"error": body}
    return response
