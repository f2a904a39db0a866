"""The phone's side of a field check: nearby sites, and the submission of a walked checklist.

The submission is multipart (photos per failed item): `site`, `scheme`, `note`, `lng`, `lat`, and per item
`outcome-<id>` (pass/fail/na), `count-<id>`, `note-<id>` and files `photos-<id>`. The `Idempotency-Key`
header (or a `client_id` field) makes a retried submission return the first check instead of a second.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from assessment import selectors
from assessment.forms import NearbyForm
from assessment.models import Scheme
from assessment.services import Answer, field_check_submit
from assessment.views import CHECK_ROLES


class _MayCheck(permissions.BasePermission):
    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        if not request.user.has_role(*CHECK_ROLES):
            raise PermissionDenied
        return True


class SubmissionSerializer(serializers.Serializer):
    site = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    scheme = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    lng = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)
    lat = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    client_id = serializers.CharField(required=False, allow_blank=True, max_length=64)


class CheckSubmit(APIView):
    permission_classes = [_MayCheck]

    @extend_schema(exclude=True)  # the phone page's multipart form, with one field per checklist item
    def post(self, request):
        body = SubmissionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        site = get_object_or_404(selectors.visible_sites(request.user), pk=data["site"])
        scheme = get_object_or_404(Scheme, pk=data["scheme"])
        answers = []
        for name, value in request.data.items():
            if name.startswith("outcome-"):
                item_id = name.removeprefix("outcome-")
                answers.append(
                    Answer(
                        item_id=item_id,
                        outcome=value,
                        count=request.data.get(f"count-{item_id}") or 1,
                        note=request.data.get(f"note-{item_id}", ""),
                        photos=request.FILES.getlist(f"photos-{item_id}"),
                    )
                )
        check, created = field_check_submit(
            actor=request.user,
            site=site,
            scheme=scheme,
            client_id=request.headers.get("Idempotency-Key") or data.get("client_id", ""),
            answers=answers,
            note=data.get("note", ""),
            lng=data.get("lng"),
            lat=data.get("lat"),
        )
        return Response(
            {
                "id": check.pk,
                "url": reverse("assessment:check", args=[check.pk]),
                "failed": check.failed,
                "deductions": list(check.results.exclude(deduction=None).values_list("deduction_id", flat=True)),
            },
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class NearbySites(APIView):
    permission_classes = [_MayCheck]

    @extend_schema(exclude=True)
    def get(self, request):
        form = NearbyForm(request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors.get_json_data())
        sites = selectors.nearest_sites(request.user, **form.cleaned_data)
        checklists = selectors.checklists_by_type()
        return Response(
            {
                "sites": [
                    {
                        "id": site.pk,
                        "name": site.name,
                        "type": site.location_type.name,
                        "community": site.org_unit.name,
                        "distance_m": round((site.d2**0.5) * 111_000),
                        "url": reverse("assessment:site", args=[site.pk]),
                        "checklists": [
                            {
                                "kind": kind,
                                "label": label,
                                "url": reverse("assessment:mobile_check", args=[site.pk, kind]),
                            }
                            for kind, label in checklists.get(site.location_type_id, [])
                        ],
                    }
                    for site in sites
                ]
            }
        )
