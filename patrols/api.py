"""JSON endpoints of the patrol phone page: start, positions in batches, check-points, end.

Errors use the project's shape ({"error": {"status", "code", "message", "fields"}}, civicgrid.api).
A patroller acts on their own patrols only; anyone else's patrol is "not found".
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from civicgrid.parsers import JSONParser
from grids.models import Grid
from patrols import services
from patrols.api_schema import (
    CheckPointConfirmIn,
    CheckPointVisitOut,
    CurrentSessionOut,
    PatrolSessionOut,
    PointBatchIn,
    PointBatchOut,
    SessionStartIn,
)
from patrols.ingest import ingest_points
from patrols.models import CheckPoint, CheckPointVisit, PatrolSession, SessionStatus


def session_json(session: PatrolSession) -> dict:
    visited = set(CheckPointVisit.objects.filter(session=session).values_list("checkpoint_id", flat=True))
    checkpoints = (
        CheckPoint.objects.filter(grid_id=session.grid_id, is_active=True).order_by("name") if session.grid_id else []
    )
    return {
        "id": session.pk,
        "status": session.status,
        "grid": {"id": session.grid_id, "name": session.grid.name} if session.grid_id else None,
        "started_at": session.started_at.isoformat(),
        "ended_at": session.ended_at.isoformat() if session.ended_at else None,
        "points": session.point_count,
        "duplicates": session.duplicate_count,
        "rejected": session.rejected_count,
        "distance_m": round(session.distance_m, 1),
        "duration_s": session.duration_s,
        "flags": session.flags,
        "counted": session.counted,
        "checkpoints": [
            {
                "id": cp.pk,
                "name": cp.name,
                "lng": cp.lng,
                "lat": cp.lat,
                "radius_m": cp.radius_m,
                "visited": cp.pk in visited,
            }
            for cp in checkpoints
        ],
    }


class PatrolAPIView(APIView):
    parser_classes = [JSONParser]

    def own_session(self, request, pk: int) -> PatrolSession:
        return get_object_or_404(PatrolSession.objects.select_related("grid"), pk=pk, user=request.user)


TAGS = ["patrols"]


class SessionStart(PatrolAPIView):
    @extend_schema(
        request=SessionStartIn,
        responses={201: PatrolSessionOut, 200: PatrolSessionOut},
        tags=TAGS,
        summary="Start a patrol",
        description="200 with the patrol already running, or the one started with the same client_id.",
    )
    def post(self, request):
        data = SessionStartIn(data=request.data if isinstance(request.data, dict) else {})
        data.is_valid(raise_exception=True)
        grid = None
        if data.validated_data.get("grid") is not None:
            grid = Grid.objects.filter(pk=data.validated_data["grid"], is_active=True).first()
            if grid is None:
                raise ValidationError({"grid": _("Unknown grid.")})
        session, created = services.session_start(
            user=request.user, grid=grid, client_id=data.validated_data.get("client_id")
        )
        return Response(session_json(session), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class SessionCurrent(PatrolAPIView):
    @extend_schema(responses=CurrentSessionOut, tags=TAGS, summary="The caller's running patrol, if any")
    def get(self, request):
        session = (
            PatrolSession.objects.select_related("grid").filter(user=request.user, status=SessionStatus.ACTIVE).first()
        )
        return Response({"session": session_json(session) if session else None})


class SessionDetail(PatrolAPIView):
    @extend_schema(responses=PatrolSessionOut, tags=TAGS, summary="One of the caller's patrols")
    def get(self, request, pk: int):
        return Response(session_json(self.own_session(request, pk)))


class SessionPoints(PatrolAPIView):
    @extend_schema(
        request=PointBatchIn,
        responses={201: PointBatchOut, 200: PointBatchOut},
        tags=TAGS,
        summary="Send a batch of positions",
        description="Bad positions are counted per reason, not refused. A batch_id sent again is answered with "
        "the first outcome (200, replayed) and stores nothing twice.",
    )
    def post(self, request, pk: int):
        session = self.own_session(request, pk)
        data = request.data if isinstance(request.data, dict) else {}
        result = ingest_points(
            session=session,
            batch_id=data.get("batch_id"),
            points=data.get("points"),
            crs=data.get("crs") or "wgs84",
        )
        return Response(result.as_dict(), status=status.HTTP_200_OK if result.replayed else status.HTTP_201_CREATED)


class SessionEnd(PatrolAPIView):
    @extend_schema(request=None, responses=PatrolSessionOut, tags=TAGS, summary="End a patrol")
    def post(self, request, pk: int):
        session = services.session_end(session=self.own_session(request, pk), actor=request.user)
        return Response(session_json(session))


class CheckPointConfirm(PatrolAPIView):
    @extend_schema(
        request=CheckPointConfirmIn,
        responses={201: CheckPointVisitOut},
        tags=TAGS,
        summary="Confirm a check-point from where the patroller stands",
    )
    def post(self, request, pk: int, checkpoint: int):
        session = self.own_session(request, pk)
        found = CheckPoint.objects.filter(pk=checkpoint, grid_id=session.grid_id, is_active=True).first()
        if found is None:
            raise Http404
        data = request.data if isinstance(request.data, dict) else {}
        visit = services.checkpoint_confirm(
            session=session,
            checkpoint=found,
            actor=request.user,
            lng=data.get("lng"),
            lat=data.get("lat"),
            crs=data.get("crs") or "wgs84",
        )
        return Response(
            {
                "checkpoint": found.pk,
                "visited_at": visit.visited_at.isoformat(),
                "distance_m": round(visit.distance_m, 1),
            },
            status=status.HTTP_201_CREATED,
        )
