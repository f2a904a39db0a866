"""The shapes of the patrol phone API, for its OpenAPI description (/api/schema/, /api/docs/).

The views parse their own input (a phone's batch may hold bad points that are counted, not refused) and
build their answers with patrols.api.session_json; these serializers only document both.
"""

from rest_framework import serializers

from grids.coords import CRS
from patrols.ingest import MAX_BATCH
from patrols.models import SessionStatus

CRS_CHOICES = [crs.value for crs in CRS]


class GridRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CheckPointState(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    lng = serializers.FloatField()
    lat = serializers.FloatField()
    radius_m = serializers.IntegerField()
    visited = serializers.BooleanField()


class PatrolSessionOut(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=SessionStatus.choices)
    grid = GridRef(allow_null=True)
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    points = serializers.IntegerField(help_text="positions stored")
    duplicates = serializers.IntegerField()
    rejected = serializers.IntegerField()
    distance_m = serializers.FloatField()
    duration_s = serializers.IntegerField()
    flags = serializers.ListField(child=serializers.CharField(), help_text="why the patrol needs a review")
    counted = serializers.BooleanField(help_text="counts towards coverage and the patroller's figures")
    checkpoints = CheckPointState(many=True)


class CurrentSessionOut(serializers.Serializer):
    session = PatrolSessionOut(allow_null=True)


class SessionStartIn(serializers.Serializer):
    grid = serializers.IntegerField(required=False, allow_null=True, help_text="the grid to patrol (id)")
    client_id = serializers.CharField(
        required=False, max_length=64, help_text="chosen by the phone: sent again, the same patrol is answered"
    )


class TrackPointIn(serializers.Serializer):
    lng = serializers.FloatField()
    lat = serializers.FloatField()
    t = serializers.CharField(help_text="capture time: ISO 8601 (local time without an offset) or epoch milliseconds")
    acc = serializers.FloatField(required=False, help_text="accuracy in metres")


class PointBatchIn(serializers.Serializer):
    batch_id = serializers.CharField(max_length=64, help_text="chosen by the phone: sent again, answered once")
    points = TrackPointIn(many=True, max_length=MAX_BATCH)
    crs = serializers.ChoiceField(choices=CRS_CHOICES, required=False, default="wgs84")


class PointBatchOut(serializers.Serializer):
    batch_id = serializers.CharField()
    received = serializers.IntegerField()
    accepted = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    rejected = serializers.IntegerField()
    reasons = serializers.DictField(child=serializers.IntegerField(), help_text="rejected positions per reason")
    replayed = serializers.BooleanField(help_text="this batch id was received before: nothing stored again")


class CheckPointConfirmIn(serializers.Serializer):
    lng = serializers.FloatField()
    lat = serializers.FloatField()
    crs = serializers.ChoiceField(choices=CRS_CHOICES, required=False, default="wgs84")


class CheckPointVisitOut(serializers.Serializer):
    checkpoint = serializers.IntegerField()
    visited_at = serializers.DateTimeField()
    distance_m = serializers.FloatField()
