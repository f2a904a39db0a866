"""What the apps add to shared pages, collected without the core importing any app by name.

An app declares its part in a module of its own (`<app>/navigation.py` ITEMS, `<app>/home.py` TASKS); the
shared page asks `collect("home", "TASKS")`. A new module thus plugs in by adding its files only.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


@cache
def collect(module_name: str, attribute: str) -> tuple:
    """Every installed app's `<app>.<module_name>.<attribute>` (a list), joined in INSTALLED_APPS order."""
    found: list = []
    for config in apps.get_app_configs():
        if config.name == "civicgrid" or not module_has_submodule(config.module, module_name):
            continue
        found.extend(getattr(import_module(f"{config.name}.{module_name}"), attribute, ()))
    return tuple(found)


@dataclass(frozen=True)
class ScreenTile:
    """A figure an app adds to the command screen (`<app>/screen.py` TILES): value(user, unit) is polled every few
    seconds by every screen, so it must be cheap (cached) and return a number, a short text or None."""

    key: str
    label: object
    value: Callable
    url_name: str = ""
    css: str = ""


@dataclass(frozen=True)
class ScreenLayer:
    """Points an app draws on the command screen's map (`<app>/screen.py` LAYERS): `url_name` answers a GeoJSON
    FeatureCollection of points for ?unit=<id>, each with properties name, status ("ok" / "failing") and url.
    Loaded once with the page; a user the endpoint refuses simply does not get the layer."""

    key: str
    label: object
    url_name: str


@dataclass(frozen=True)
class KpiPanel:
    """A section an app adds to the KPI page (`<app>/kpis.py` PANELS): `figures(user, unit, period)` returns the
    context of `template` (a partial), or None to show nothing for that unit."""

    key: str
    template: str
    figures: Callable


@dataclass(frozen=True)
class ReportTable:
    """A table of the weekly/monthly report: a sheet of the workbook and a section of the PDF."""

    title: str
    columns: list
    rows: list


@dataclass(frozen=True)
class ReportSection:
    """What an app adds to the weekly/monthly reports (`<app>/reports.py` SECTIONS): tables(unit, period) -> list of
    ReportTable. A report of a closed period must come out the same however often it is made: read the period."""

    key: str
    tables: Callable


@dataclass(frozen=True)
class EvidenceFile:
    """A file of an evidence record, as kept in the default storage (read with `default_storage.open(path)`)."""

    name: str
    path: str


@dataclass(frozen=True)
class EvidenceRef:
    """One record another app offers as archive evidence: a volunteer activity's record, a case closed with
    before/after photos, a meeting note. `ref_id` is stable, so the archive keeps the link, not a copy."""

    source: str
    ref_id: str
    title: str
    date: object  # datetime.date or None
    url: str
    files: tuple = ()


@dataclass(frozen=True)
class EvidenceSource:
    """Records an app offers to the archive materials (`<app>/evidence.py` SOURCES).

    search(user, text, limit) -> list[EvidenceRef] among what the user may see (newest first);
    resolve(user, ref_id) -> EvidenceRef, or None when the record is gone or not visible to the user."""

    key: str
    label: object
    search: Callable
    resolve: Callable


@dataclass(frozen=True)
class PersonalDataSource:
    """What an app holds about a resident who has no staff account (`<app>/privacy.py` SOURCES), found by the keyed
    hash of their phone (civicgrid.personal.phone_hash), for requests under the 个人信息保护法.

    export(phone_hash) -> list of JSON-ready dicts with the plain values; erase(phone_hash) -> how many records it
    anonymised (the records stay, without the person; runs inside the erasure's transaction); retain(now) -> how
    many records it anonymised because their retention time is over (daily, by the worker), or None."""

    key: str
    label: object
    export: Callable
    erase: Callable
    retain: Callable | None = None


@dataclass(frozen=True)
class MetricGauge:
    """A figure an app adds to /metrics (`<app>/metrics.py` GAUGES), read from the database at each scrape:
    value() returns a number, or {label value(s): number} for a gauge with `labels`. Keep it one indexed query."""

    name: str
    documentation: str
    value: Callable
    labels: tuple = ()


@dataclass(frozen=True)
class Outgoing:
    """What one committed event says and to whom (a MessageSource's answer). The notifications app writes the
    inbox rows (one per recipient), mails the users and routes the webhooks from it."""

    event_id: int
    action: str
    verb: str
    title: str
    body: str
    case_id: int | None = None
    users: frozenset = frozenset()
    departments: frozenset = frozenset()
    # Endpoints of these departments, of these org units (paths: the event's unit and those above it) and
    # the endpoints of neither receive the event.
    webhook_departments: frozenset = frozenset()
    webhook_org_paths: tuple = ()


@dataclass(frozen=True)
class MessageSource:
    """An app whose committed events the notifications app delivers (`<app>/messages.py` SOURCES).

    outgoing(event_id) says what the event says and to whom (None: the event is gone); webhook_message
    (event_id) builds the notifications.channels.Message a webhook carries, when it is sent; delivered
    (event_ids) runs after the delivery of those events committed (the rollups follow them)."""

    name: str
    outgoing: Callable
    webhook_message: Callable
    delivered: Callable = lambda event_ids: None


def message_source(name: str) -> MessageSource:
    return next(source for source in collect("messages", "SOURCES") if source.name == name)
