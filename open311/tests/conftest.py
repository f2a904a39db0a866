import io
import json
import xml.etree.ElementTree as ET
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from accounts.models import User
from cases.models import Category
from cases.services import case_report
from civicgrid.testing import demo_subdistrict
from grids.models import Grid
from open311 import demo

SHANGHAI = ZoneInfo("Asia/Shanghai")
BASE = "/open311/v2/"
REQUEST_ELEMENTS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def photo(name: str = "photo.jpg", color=(200, 80, 40)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def xml_of(response) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def json_of(response):
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def tags(element: ET.Element) -> list[str]:
    return [child.tag for child in element]


def errors_of(response, fmt: str = "xml") -> list[tuple[int, str]]:
    """The spec's error document as (code, description) pairs; checks its shape on the way."""
    if fmt == "json":
        data = json_of(response)
        assert isinstance(data, list) and all(set(item) == {"code", "description"} for item in data)
        return [(item["code"], item["description"]) for item in data]
    root = xml_of(response)
    assert root.tag == "errors" and tags(root) == ["error"] * len(root)
    assert all(tags(error) == ["code", "description"] for error in root)
    return [(int(error.findtext("code")), error.findtext("description")) for error in root]


class World:
    """The demo subdistrict, the demo Open311 client, and helpers to call the API."""

    key = demo.DEMO_KEY

    def __init__(self):
        demo_subdistrict()
        demo.load()
        self.http = Client()
        self.users = {u.username: u for u in User.objects.all()}
        self.grid = Grid.objects.get(code="G-DK-C01")
        self.category = Category.objects.get(code="event-0102")  # 暴露垃圾
        self.condition = self.category.conditions.filter(is_active=True).order_by("position", "id").first()
        # A category no demo case uses, so that filter tests see only the cases they make.
        self.quiet = (
            Category.objects.filter(is_active=True, cases__isnull=True, conditions__is_active=True)
            .exclude(pk=self.category.pk)
            .distinct()
            .order_by("code")
            .first()
        )

    def point(self) -> tuple[float, float]:
        return self.grid.min_lng + 0.001, self.grid.min_lat + 0.001

    def params(self, **overrides) -> dict:
        lng, lat = self.point()
        params = {
            "api_key": self.key,
            "service_code": self.category.code,
            "lat": str(lat),
            "long": str(lng),
            "description": "路边有暴露垃圾",
            "address_string": "堤口路 88 号",
        }
        params.update(overrides)
        return {key: value for key, value in params.items() if value is not None}

    def post(self, fmt: str = "xml", data: dict | None = None, **params):
        """A spec-style POST (form-encoded) of a service request."""
        from urllib.parse import urlencode

        body = urlencode(data if data is not None else self.params(**params), doseq=True)
        return self.http.post(
            f"{BASE}requests.{fmt}", body, content_type="application/x-www-form-urlencoded; charset=utf-8"
        )

    def get(self, path: str, **params):
        return self.http.get(BASE + path, params)

    def report(self, *, now: datetime | None = None, category="default", **fields) -> object:
        """A case straight through case_report, e.g. one reported long ago."""
        lng, lat = self.point()
        values = {"source": "open311", "description": "路面有垃圾", "lng": lng, "lat": lat, "now": now}
        values["category"] = self.category if category == "default" else category
        values.update(fields)
        case, _ = case_report(**values)
        return case


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The rate limit counts in the cache, keyed by client id; ids come back after a test's rollback.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    return World()
