"""Every write of the assessment module: one business action per function, atomic, audited.

Cases are made through the case engine's own intake (cases.services.case_report), never by hand, so a
failure found on a field check is filed, dispatched, fixed and verified like any other case.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assessment.models import (
    CheckItem,
    CheckResult,
    Deduction,
    DeductionStatus,
    FieldCheck,
    Indicator,
    LocationType,
    Outcome,
    Scheme,
    SchemeStatus,
    Site,
)
from assessment.selectors import deductions_out_of_step, open_deduction_for, status_of_case, visible_sites
from audit.services import audit_record
from cases.models import CaseSource
from cases.services import case_report, clean_photos
from grids.locator import locate_point

MAX_INSTANCES = 50
MAX_SCHEME_MARKS = Decimal("99999.99")  # Scheme.full_marks has 7 digits


# --- Sites ---------------------------------------------------------------------------------------


def site_create(
    *,
    actor: User,
    name: str,
    location_type: LocationType,
    lng: float,
    lat: float,
    crs: str = "wgs84",
    address: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    is_old_compound: bool = False,
    inspector: User | None = None,
    is_demo: bool = False,
) -> Site:
    """A check site where the position falls: its community grid (or road zone) and that grid's unit."""
    from grids.models import Grid

    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Give the site a name.")
    try:
        location = locate_point(float(lng), float(lat), crs=crs)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError({"lng": _("The position is not a valid longitude/latitude.")}) from None
    hit = location.grid_of("community") or location.grid_of("road") or location.grid_of("unit")
    if hit is None:
        errors["lng"] = location.message or _("This position is outside the service area.")
    if errors:
        raise ValidationError(errors)
    grid = Grid.objects.select_related("org_unit").get(pk=hit.id)
    if grid.org_unit is None:
        raise ValidationError({"lng": _("This grid has no responsible unit yet; ask the administrator.")})
    path = getattr(actor, "org_unit", None) and actor.org_unit.path
    if not actor.is_superuser and not (path and grid.org_unit.path.startswith(path)):
        raise ValidationError({"lng": _("This position is outside your area.")})
    if Site.objects.filter(org_unit=grid.org_unit, name=name).exists():
        raise ValidationError({"name": _("This community already has a site of that name.")})
    with transaction.atomic():
        site = Site.objects.create(
            name=name[:100],
            location_type=location_type,
            lng=location.lng,
            lat=location.lat,
            address=(address or "").strip()[:200],
            grid=grid,
            org_unit=grid.org_unit,
            scope_path=grid.org_unit.path,
            contact_name=(contact_name or "").strip()[:50],
            contact_phone=(contact_phone or "").strip()[:20],
            is_old_compound=is_old_compound,
            inspector=inspector,
            is_demo=is_demo,
        )
        audit_record(actor=actor, action="assessment.site_create", target=site, summary=site.name)
    return site


# --- Field checks --------------------------------------------------------------------------------


@dataclass
class Answer:
    """One item's answer as submitted: outcome, instances seen, a note and the photos of a failure."""

    item_id: int
    outcome: str
    count: int = 1
    note: str = ""
    photos: list = field(default_factory=list)


def field_check_submit(
    *,
    actor: User,
    site: Site,
    scheme: Scheme,
    client_id: str,
    answers: list[Answer],
    note: str = "",
    lng: float | None = None,
    lat: float | None = None,
    now: datetime | None = None,
    is_demo: bool = False,
) -> tuple[FieldCheck, bool]:
    """Record a walk of the site's checklist. Each failure becomes a deduction and a case at the site, or,
    when the same failure is already open there, confirms that deduction (seen again) without a second case.

    Returns (check, created): the same client_id from the same inspector gives the first check back, so a
    phone that retries after a lost answer never counts a check twice.
    """
    client_id = (client_id or "").strip()[:64]
    if not client_id:
        raise ValidationError({"client_id": _("The submission has no key; reload the page.")})
    sent = FieldCheck.objects.filter(inspector=actor, client_id=client_id).first()
    if sent is not None:
        return sent, False
    if not visible_sites(actor).filter(pk=site.pk).exists():
        raise ValidationError({"site": _("This site is outside your area.")})
    if scheme.status != SchemeStatus.ACTIVE:
        raise ValidationError({"scheme": _("This checklist version is no longer in use; reload the page.")})
    items = {
        item.pk: item for item in scheme.items.filter(location_type=site.location_type).select_related("indicator")
    }
    if not items:
        raise ValidationError({"scheme": _("This checklist has no items for this type of site.")})
    cleaned = _clean_answers(answers, items)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            check = FieldCheck.objects.create(
                scheme=scheme,
                site=site,
                inspector=actor,
                client_id=client_id,
                checked_at=now,
                note=(note or "").strip()[:2000],
                lng=lng,
                lat=lat,
                scope_path=site.scope_path,
                passed=sum(a.outcome == Outcome.PASS for a in cleaned),
                failed=sum(a.outcome == Outcome.FAIL for a in cleaned),
                not_applicable=sum(a.outcome == Outcome.NOT_APPLICABLE for a in cleaned),
                is_demo=is_demo,
            )
            for answer in cleaned:
                item = items[answer.item_id]
                result = CheckResult(
                    field_check=check,
                    item=item,
                    outcome=answer.outcome,
                    count=answer.count,
                    note=answer.note,
                    site=site,
                    location_type_id=site.location_type_id,
                    scope_path=site.scope_path,
                    checked_at=now,
                )
                if answer.outcome == Outcome.FAIL:
                    result.deduction = _deduct(
                        actor=actor, check=check, item=item, answer=answer, now=now, is_demo=is_demo
                    )
                result.save()
            audit_record(
                actor=actor,
                action="assessment.check",
                target=check,
                summary=f"{site.name}: {check.failed} failed",
                data={"scheme": scheme.pk, "failed": check.failed, "passed": check.passed},
            )
    except IntegrityError:
        # The same submission twice at the same instant: the other one won.
        sent = FieldCheck.objects.filter(inspector=actor, client_id=client_id).first()
        if sent is None:
            raise
        return sent, False
    return check, True


def _clean_answers(answers: list[Answer], items: dict[int, CheckItem]) -> list[Answer]:
    """Every item of the list answered once; a failure's instances, note and photos in order. Field errors are
    keyed `item-<id>` so a form can show them beside the item."""
    errors: dict[str, str] = {}
    seen: dict[int, Answer] = {}
    for answer in answers:
        try:
            item_id = int(answer.item_id)
        except (TypeError, ValueError):
            errors["answers"] = _("An answer names no known item; reload the page.")
            continue
        if item_id not in items:
            errors["answers"] = _("An answer names an item of another checklist; reload the page.")
            continue
        key = f"item-{item_id}"
        if item_id in seen:
            errors[key] = _("This item was answered twice.")
            continue
        if answer.outcome not in Outcome.values:
            errors[key] = _("Choose pass, fail or not applicable.")
            continue
        try:
            count = int(answer.count or 1)
        except (TypeError, ValueError):
            count = 0
        if not 1 <= count <= MAX_INSTANCES:
            errors[key] = _("Instances: a whole number from 1 to %(most)s.") % {"most": MAX_INSTANCES}
            continue
        photos = []
        if answer.outcome == Outcome.FAIL:
            try:
                photos = clean_photos(answer.photos, key, required=items[item_id].photo_required)
            except ValidationError as exc:
                errors[key] = " ".join(exc.message_dict.get(key, exc.messages))
                continue
        seen[item_id] = Answer(
            item_id=item_id,
            outcome=answer.outcome,
            count=count if answer.outcome == Outcome.FAIL else 1,
            note=(answer.note or "").strip()[:500],
            photos=list(answer.photos or []) if photos else [],
        )
    missing = [pk for pk in items if pk not in seen and f"item-{pk}" not in errors]
    for pk in missing:
        errors[f"item-{pk}"] = _("Answer this item: pass, fail or not applicable.")
    if errors:
        raise ValidationError(errors)
    return [seen[pk] for pk in items]


def _deduct(*, actor, check: FieldCheck, item: CheckItem, answer: Answer, now: datetime, is_demo: bool) -> Deduction:
    site = check.site
    points = item.cost(answer.count)
    open_one = open_deduction_for(site=site, item=item)
    if open_one is not None:
        # Seen again while its case is still open: confirm it, keep one case, count the larger cost.
        open_one.times_seen += 1
        open_one.last_seen_at = now
        open_one.points = max(open_one.points, points)
        open_one.save(update_fields=["times_seen", "last_seen_at", "points"])
        return open_one
    for upload in answer.photos:
        upload.seek(0)
    description = _("Field check at %(site)s: %(item)s — %(requirement)s") % {
        "site": site.name,
        "item": item.name,
        "requirement": item.requirement[:300],
    }
    if answer.note:
        description += f"\n{answer.note}"
    case, _created = case_report(
        source=CaseSource.INSPECTION,
        description=description[:2000],
        lng=site.lng,
        lat=site.lat,
        actor=actor,
        category=item.category,
        address=site.address or site.name,
        idempotency_key=f"check-{check.pk}-{item.pk}",
        photos=answer.photos,
        now=now,
    )
    return Deduction.objects.create(
        site=site,
        item=item,
        indicator=item.indicator,
        kind=check.scheme.kind,
        points=points,
        case=case,
        org_unit_id=site.org_unit_id,
        scope_path=site.scope_path,
        found_at=now,
        last_seen_at=now,
        is_demo=is_demo,
    )


# --- Deductions follow their case -----------------------------------------------------------------


def deduction_sync(*, case_id: int, now: datetime | None = None) -> Deduction | None:
    """Copy the case's outcome onto its deduction (won back, withdrawn, or open again after a reopen)."""
    with transaction.atomic():
        deduction = Deduction.objects.select_for_update().select_related("case").filter(case_id=case_id).first()
        if deduction is None:
            return None
        status = status_of_case(deduction.case.state, deduction.case.resolution)
        if status != deduction.status:
            deduction.status = status
            # Settled when the case was closed (a late reconciliation must not move the trend to its own time).
            case = deduction.case
            closed = case.closed_at or now or timezone.now()
            deduction.settled_at = None if status == DeductionStatus.OPEN else closed
            deduction.save(update_fields=["status", "settled_at"])
            audit_record(
                actor=None,
                action="assessment.deduction_" + status,
                target=deduction,
                summary=f"{deduction.case.number}: {deduction.points}",
            )
    return deduction


def deductions_reconcile() -> int:
    """Bring every deduction in step with its case (events a worker missed); returns how many changed."""
    changed = 0
    for case_id in deductions_out_of_step().values_list("case_id", flat=True).iterator():
        deduction_sync(case_id=case_id)
        changed += 1
    return changed


# --- Campaign actions --------------------------------------------------------------------------------


def action_task_done(*, actor: User, task, done: bool = True, now: datetime | None = None):
    """Mark a campaign task done (or not done again): the task's owner, the action's lead or a commander."""
    from accounts.models import RoleCode
    from assessment.models import ActionTask

    with transaction.atomic():
        task = ActionTask.objects.select_for_update().select_related("action").get(pk=task.pk)
        allowed = actor.pk in (task.owner_id, task.action.owner_id) or actor.has_role(
            RoleCode.COMMANDER, RoleCode.ADMIN
        )
        if not allowed:
            raise ValidationError({"task": _("Only the task's owner, the action's lead or a commander marks it.")})
        if bool(task.done_at) != done:
            task.done_at = (now or timezone.now()) if done else None
            task.save(update_fields=["done_at"])
            audit_record(
                actor=actor,
                action="assessment.task_" + ("done" if done else "reopened"),
                target=task,
                summary=task.title,
            )
    return task


# --- Reminders -------------------------------------------------------------------------------------------


def remind_due_checks(*, now: datetime | None = None) -> int:
    """Tell each responsible inspector which of their sites are due (or overdue) for a dust check: one inbox
    message per inspector and day. Returns the messages written."""
    from django.urls import reverse

    from assessment.models import AssessmentSettings
    from assessment.selectors import due_sites
    from notifications.services import inbox_message

    now = now or timezone.now()
    due = due_sites(path="", now=now, within_days=AssessmentSettings.current().due_soon_days)
    by_inspector: dict[int, list] = {}
    for row in due:
        if row.site.inspector_id:
            by_inspector.setdefault(row.site.inspector_id, []).append(row)
    written = 0
    for inspector, rows in by_inspector.items():
        lines = [
            f"{row.site.name}（{_('overdue') if row.overdue else timezone.localtime(row.due_at).strftime('%m-%d')}）"
            for row in rows
        ]
        written += inbox_message(
            user_ids=[inspector],
            title=_("%(count)s sites due for a dust check") % {"count": len(rows)},
            body="、".join(lines),
            link=reverse("assessment:dust"),
            now=now,
        )
    return written


# --- Scheme versions ---------------------------------------------------------------------------


def scheme_new_version(*, actor: User, scheme: Scheme) -> Scheme:
    """A draft copy of the scheme (indicators and items) with the next version number, to be edited and then
    put in use; checks already made keep the version they used."""
    with transaction.atomic():
        latest = Scheme.objects.filter(kind=scheme.kind, name=scheme.name).order_by("-version").first()
        draft = Scheme.objects.create(
            kind=scheme.kind,
            name=scheme.name,
            version=latest.version + 1,
            status=SchemeStatus.DRAFT,
            full_marks=scheme.full_marks,
            note=scheme.note,
        )
        copies: dict[int, Indicator] = {}
        for indicator in scheme.indicators.order_by("parent_id", "pk"):
            copies[indicator.pk] = Indicator.objects.create(
                scheme=draft,
                parent=copies.get(indicator.parent_id),
                code=indicator.code,
                name=indicator.name,
                full_marks=indicator.full_marks,
                cap=indicator.cap,
                order=indicator.order,
            )
        CheckItem.objects.bulk_create(
            CheckItem(
                scheme=draft,
                indicator=copies[item.indicator_id],
                location_type_id=item.location_type_id,
                code=item.code,
                name=item.name,
                requirement=item.requirement,
                points=item.points,
                cap_per_place=item.cap_per_place,
                category_id=item.category_id,
                photo_required=item.photo_required,
                source=item.source,
                order=item.order,
            )
            for item in scheme.items.all()
        )
        audit_record(actor=actor, action="assessment.scheme_new_version", target=draft, summary=str(draft))
    return draft


def scheme_activate(*, actor: User, scheme: Scheme) -> Scheme:
    """Put a version in use; the version in use before it is retired (checks keep pointing at it)."""
    with transaction.atomic():
        Scheme.objects.select_for_update().filter(kind=scheme.kind, status=SchemeStatus.ACTIVE).exclude(
            pk=scheme.pk
        ).update(status=SchemeStatus.RETIRED)
        scheme.status = SchemeStatus.ACTIVE
        scheme.save(update_fields=["status"])
        audit_record(actor=actor, action="assessment.scheme_activate", target=scheme, summary=str(scheme))
    return scheme


def scheme_import(*, actor: User, kind: str, name: str, data: bytes) -> Scheme:
    """A workbook in the export format (assessment.excel) as the next draft version of the scheme `name`.

    All or nothing: any bad row raises SchemeImportError with every error found (sheet, row, column)."""
    from assessment.excel import RowError, read_scheme
    from cases.models import Category

    parsed, errors = read_scheme(data)
    if parsed is not None:
        errors += _check_references(parsed)
    if not errors and not parsed.items:
        errors.append(RowError("检查项", 0, "", _("The workbook has no check items.")))
    if not errors and sum(row["full_marks"] for row in parsed.indicators if not row["parent"]) > MAX_SCHEME_MARKS:
        errors.append(
            RowError("指标", 0, "满分", _("The full marks add up to more than %(max)s.") % {"max": MAX_SCHEME_MARKS})
        )
    if errors:
        raise SchemeImportError(errors)
    name = (name or "").strip()[:100] or _("Imported scheme")
    types = {t.code: t for t in LocationType.objects.all()}
    categories = dict(Category.objects.values_list("code", "pk"))
    with transaction.atomic():
        latest = Scheme.objects.filter(kind=kind, name=name).order_by("-version").first()
        scheme = Scheme.objects.create(
            kind=kind,
            name=name,
            version=(latest.version + 1) if latest else 1,
            status=SchemeStatus.DRAFT,
            full_marks=sum((row["full_marks"] for row in parsed.indicators if not row["parent"]), Decimal(0)),
            note=_("Imported from Excel."),
        )
        indicators: dict[str, Indicator] = {}
        for row in parsed.indicators:  # parents come first: _check_references made sure of it
            indicators[row["code"]] = Indicator.objects.create(
                scheme=scheme,
                parent=indicators.get(row["parent"]),
                code=row["code"],
                name=row["name"],
                full_marks=row["full_marks"],
                cap=row["cap"],
                order=row["order"],
            )
        CheckItem.objects.bulk_create(
            CheckItem(
                scheme=scheme,
                indicator=indicators[row["indicator"]],
                location_type=types[row["location_type"]],
                code=row["code"],
                name=row["name"],
                requirement=row["requirement"],
                points=row["points"],
                cap_per_place=row["cap_per_place"],
                category_id=categories[row["category"]],
                photo_required=row["photo_required"],
                source=row["source"],
                order=index,
            )
            for index, row in enumerate(parsed.items)
        )
        audit_record(
            actor=actor,
            action="assessment.scheme_import",
            target=scheme,
            summary=str(scheme),
            data={"indicators": len(parsed.indicators), "items": len(parsed.items)},
        )
    return scheme


class SchemeImportError(ValidationError):
    def __init__(self, errors):
        self.rows = errors
        super().__init__(_("The workbook has %(count)s errors.") % {"count": len(errors)})


def _check_references(parsed) -> list:
    from assessment.excel import INDICATOR_SHEET, ITEM_SHEET, RowError
    from cases.models import Category

    errors = []
    seen: set[str] = set()
    for row in parsed.indicators:
        if row["code"] in seen:
            errors.append(RowError(INDICATOR_SHEET, row["row"], "编码", _("This code is used twice.")))
        if row["parent"] and row["parent"] not in seen:
            errors.append(
                RowError(INDICATOR_SHEET, row["row"], "上级编码", _("No indicator with this code above this row."))
            )
        seen.add(row["code"])
    types = set(LocationType.objects.values_list("code", flat=True))
    categories = set(Category.objects.filter(is_active=True).values_list("code", flat=True))
    codes: set[str] = set()
    for row in parsed.items:
        if row["code"] in codes:
            errors.append(RowError(ITEM_SHEET, row["row"], "编码", _("This code is used twice.")))
        codes.add(row["code"])
        if row["location_type"] and row["location_type"] not in types:
            errors.append(RowError(ITEM_SHEET, row["row"], "点位类型", _("Unknown location type.")))
        if row["indicator"] and row["indicator"] not in seen:
            errors.append(RowError(ITEM_SHEET, row["row"], "指标编码", _("Unknown indicator code.")))
        if row["category"] and row["category"] not in categories:
            errors.append(RowError(ITEM_SHEET, row["row"], "案卷类别编码", _("Unknown case category code.")))
    return errors
