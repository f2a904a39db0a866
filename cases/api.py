"""REST API for cases: report (idempotent), list with cursor pagination, detail with timeline, workflow actions."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, pagination, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.models import Department
from cases import services
from cases.models import Case, CaseSource, CaseState, Category
from cases.queues import search
from cases.selectors import (
    INTAKE_DESK_SOURCES,
    allowed_transitions,
    case_timeline,
    current_parts,
    staff_sources,
    visible_cases,
)
from cases.workflow import TRANSITIONS
from civicgrid.parsers import JSONParser
from grids.coords import CRS


class CodeField(serializers.SlugRelatedField):
    """A reference by code. Text with NUL characters is "not found" here instead of a database error
    (PostgreSQL refuses NUL in text; DRF's CharField rejects it, SlugRelatedField does not)."""

    def to_internal_value(self, data):
        if "\x00" in str(data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data).replace("\x00", ""))
        return super().to_internal_value(data)


class CasePagination(pagination.CursorPagination):
    """Cursor pagination: stable and O(page) at 10 million rows, unlike offsets."""

    ordering = ("-reported_at", "-id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ConditionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    limit = serializers.DecimalField(max_digits=8, decimal_places=2)
    unit = serializers.CharField()
    urgent = serializers.BooleanField()
    closing = serializers.CharField()


class CategorySerializer(serializers.ModelSerializer):
    conditions = serializers.SerializerMethodField()
    default_department = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Category
        fields = [
            "id",
            "code",
            "kind",
            "major_code",
            "major_name",
            "minor_code",
            "minor_name",
            "default_department",
            "conditions",
        ]

    def get_conditions(self, category) -> list[dict]:
        return [
            {
                "id": c.pk,
                "text": c.text,
                "limit": str(c.limit),
                "unit": c.unit,
                "urgent": c.urgent,
                "closing": c.closing,
            }
            for c in category.conditions.all()
            if c.is_active
        ]


class CaseSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    lead_department = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    community_grid = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    light = serializers.CharField(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Case
        fields = [
            "id", "number", "state", "source", "description", "address", "lng", "lat", "category", "community_grid",
            "lead_department", "urgent", "supervised", "is_overdue", "light", "due_at", "deadline_provisional",
            "resolution", "rework_count", "reopen_count", "version", "reported_at", "filed_at", "closed_at",
        ]  # fmt: skip


class CaseDetailSerializer(CaseSerializer):
    timeline = serializers.SerializerMethodField()
    stages = serializers.SerializerMethodField()
    parts = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    rules = serializers.JSONField(read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "rules", "timeline", "stages", "parts", "actions"]

    def get_timeline(self, case) -> list[dict]:
        return [
            {"action": e.action, "actor": e.actor_label, "from_state": e.from_state, "to_state": e.to_state,
             "note": e.note, "time": e.created_at.isoformat()}
            for e in case_timeline(case)
        ]  # fmt: skip

    def get_stages(self, case) -> list[dict]:
        return [
            {"stage": s.stage, "started_at": s.started_at.isoformat(), "due_at": s.due_at.isoformat(),
             "completed_at": s.completed_at.isoformat() if s.completed_at else None, "provisional": s.provisional,
             "overdue": s.overdue_at is not None}
            for s in case.stages.order_by("started_at", "id")
        ]  # fmt: skip

    def get_parts(self, case) -> list[dict]:
        return [
            {"department": p.department.code, "role": p.role, "state": p.state, "feedback": p.feedback}
            for p in current_parts(case)
        ]

    def get_actions(self, case) -> list[str]:
        return [t.action for t in allowed_transitions(case, self.context["request"].user)]


class CaseCreateSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=2000)
    lng = serializers.FloatField(min_value=-180, max_value=180)
    lat = serializers.FloatField(min_value=-90, max_value=90)
    crs = serializers.ChoiceField(choices=[c.value for c in CRS], default=CRS.WGS84.value)
    category = CodeField(
        slug_field="code", queryset=Category.objects.filter(is_active=True), required=False, allow_null=True
    )
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    source = serializers.ChoiceField(choices=INTAKE_DESK_SOURCES, default=CaseSource.PATROL)
    idempotency_key = serializers.CharField(max_length=64, required=False, allow_blank=True)
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list)

    def validate_source(self, value):
        if value not in staff_sources(self.context["request"].user):
            raise serializers.ValidationError(_("You may not enter reports from this source."))
        return value


class TransitionSerializer(serializers.Serializer):
    """Fields of a workflow action; which are required depends on the action (see the workflow table)."""

    expected_version = serializers.IntegerField(required=False, min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    feedback = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    message = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    instructions = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    category = CodeField(slug_field="code", queryset=Category.objects.all(), required=False)
    condition = serializers.IntegerField(required=False, min_value=1)
    department = CodeField(slug_field="code", queryset=Department.objects.filter(is_active=True), required=False)
    assists = CodeField(
        slug_field="code", queryset=Department.objects.filter(is_active=True), many=True, required=False
    )
    survivor = serializers.CharField(required=False, max_length=24, help_text="number of the case to keep")
    amount = serializers.DecimalField(required=False, max_digits=8, decimal_places=2)
    unit = serializers.CharField(required=False, max_length=16)
    review_date = serializers.DateField(required=False)
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list)
    photos_before = serializers.ListField(child=serializers.FileField(), required=False, default=list)
    photos_after = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CategorySerializer
    queryset = (
        Category.objects.filter(is_active=True)
        .select_related("default_department")
        .prefetch_related("conditions")
        .order_by("kind", "major_code", "minor_code")
    )


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    pagination_class = CasePagination
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        qs = visible_cases(self.request.user).select_related("category", "lead_department", "community_grid")
        params = self.request.query_params
        if self.action == "list":
            state = params.get("state", "")
            if state and state not in CaseState.values:
                raise ValidationError({"state": "unknown state"})
            qs = search(
                qs,
                q=params.get("q", "")[:50],
                state=state,
                source=params.get("source", ""),
                overdue=params.get("overdue") == "true",
            )
        return qs

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action in ("retrieve", "transition") else CaseSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str, enum=CaseState.values),
            OpenApiParameter("source", str, enum=CaseSource.values),
            OpenApiParameter("q", str),
            OpenApiParameter("overdue", bool),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=CaseCreateSerializer,
        responses={201: CaseSerializer, 200: CaseSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", str, location=OpenApiParameter.HEADER, required=False)],
    )
    def create(self, request):
        data = CaseCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        case, created = services.case_report(
            source=values["source"], description=values["description"], lng=values["lng"], lat=values["lat"],
            crs=values["crs"], actor=request.user, category=values.get("category"), address=values["address"],
            idempotency_key=request.headers.get("Idempotency-Key") or values.get("idempotency_key"),
            photos=values["photos"],
        )  # fmt: skip
        body = CaseSerializer(case, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        request=TransitionSerializer,
        responses=CaseDetailSerializer,
        parameters=[
            OpenApiParameter("name", str, location=OpenApiParameter.PATH, enum=sorted(TRANSITIONS)),
            OpenApiParameter("Idempotency-Key", str, location=OpenApiParameter.HEADER, required=False),
        ],
        description="Take a workflow action on the case (see the transition table). 409 when the state does not "
        "allow it or the case changed. Sent again with the same Idempotency-Key, an action already taken is "
        "answered with the case as it is now (200), not taken twice.",
    )
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<name>[a-z_]+)")
    def transition(self, request, pk=None, name=None):
        case = self.get_object()
        if name not in TRANSITIONS:
            raise services.TransitionNotAllowed(f"unknown action {name}")
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        expected = fields.pop("expected_version", None)
        if "survivor" in fields:
            fields["survivor"] = Case.objects.filter(number=fields["survivor"]).first()
        case = services.transition(
            case=case, action=name, actor=request.user, expected_version=expected,
            idempotency_key=request.headers.get("Idempotency-Key"), **fields,
        )  # fmt: skip
        return Response(CaseDetailSerializer(case, context={"request": request}).data)
