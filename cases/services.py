"""Every write to a case. Reports enter through case_report(); every later change through transition().

transition() reads the table in cases.workflow, checks state, role, data scope and required fields,
locks the case row, applies the action, writes one CaseEvent, moves the stage clocks and queues the
notifications after commit. Nothing else changes Case.state.
"""

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department
from audit.services import audit_record
from cases import rows, stages
from cases.deadlines import DeadlineUnit
from cases.models import (
    INTAKE_REQUESTS,
    Attachment,
    AttachmentPhase,
    Case,
    CaseAssignment,
    CaseEvent,
    CaseRequest,
    CaseSource,
    CaseStage,
    CaseState,
    Category,
    FilingCondition,
    RequestKind,
    RequestStatus,
    Resolution,
    Stage,
    WorkflowSettings,
)
from cases.rows import RowWrites
from cases.selectors import actor_relation, find_duplicates
from cases.workflow import CLOSING_ACTIONS, PREVIOUS, TRANSITIONS, roles_of
from civicgrid.personal import phone_hash
from civicgrid.retry import retry_on_conflict
from grids.locator import locate_point
from notifications import services as notifications

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
MAX_ASSISTS = 10  # assisting departments of one dispatch


class CaseError(Exception):
    """A domain error with a message for the user; views and the API turn it into one answer shape."""

    code = "case_error"
    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TransitionNotAllowed(CaseError):
    code = "transition_not_allowed"
    status = 409


class CaseChanged(CaseError):
    code = "case_changed"
    status = 409


class CaseNotFound(CaseError):
    code = "not_found"
    status = 404


class CitizenActor:
    """A resident acting on their own case through the public tracking page (no account)."""

    is_citizen = True
    is_superuser = False
    is_authenticated = False
    is_active = True
    pk = None
    department_id = None

    def __init__(self, tracking_code: str):
        self.tracking_code = tracking_code

    def has_role(self, *roles: str) -> bool:
        return "citizen" in roles

    def __str__(self) -> str:
        return str(_("Resident"))


@dataclass(frozen=True)
class Photo:
    """A cleaned upload ready to store (see cases.media.clean_upload)."""

    clean: object
    name: str


def clean_photos(files, field: str, *, required: bool = False) -> list[Photo]:
    from cases.media import UploadRejected, clean_upload

    files = [f for f in (files or []) if f]
    if required and not files:
        raise ValidationError({field: _("At least one photo is required.")})
    cleaned = []
    for upload in files:
        name = getattr(upload, "name", "") or "upload"
        try:
            cleaned.append(Photo(clean=clean_upload(upload, filename=name), name=name))
        except UploadRejected as exc:
            raise ValidationError({field: f"{name}: {exc.message}"}) from exc
    return cleaned


def _store(case: Case, photos: list[Photo], phase: str, actor, event: CaseEvent | None) -> None:
    for photo in photos:
        clean = photo.clean
        attachment = Attachment(
            case=case,
            event=event,
            kind=clean.kind,
            phase=phase,
            content_type=clean.content_type,
            size=len(clean.data),
            sha256=clean.sha256,
            width=clean.width,
            height=clean.height,
            captured_at=clean.captured_at,
            lng=clean.lng,
            lat=clean.lat,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        clean.save_files(attachment)
        attachment.save()


def _actor_label(actor) -> str:
    if actor is None:
        return _("system")
    return str(actor)[:60]


def _kpi_context(case: Case, action: str, done: CaseStage | None) -> dict:
    """What the KPIs need to know about the case *as it was* at this event (command.kpis reads it).

    Stored with the event so that figures for a past period stay right however the case changes later,
    and so that the rollups can be rebuilt from the events alone.
    """
    ctx = {"org": case.org_unit_id, "dept": case.lead_department_id, "rep": case.reporter_id, "src": case.source}
    if done is not None:
        ctx["stage"] = done.stage
        ctx["late"] = done.completed_at > done.due_at
        ctx["swept"] = done.overdue_at is not None
    if action in CLOSING_ACTIONS:
        late = [stage for stage, due, completed in _stage_times(case, done) if completed is None or completed > due]
        ctx["ontime"] = not late
        ctx["disposal_ontime"] = Stage.DISPOSAL not in late
    elif action == "dispose":
        ctx["first"] = case.rework_count == 0 and case.reopen_count == 0
    elif action == "verify_fail":
        ctx["first"] = case.rework_count == 1
    elif action == "return_":
        ctx["disp"] = (
            CaseEvent.objects.filter(case=case, action__in=("dispatch", "redispatch"))
            .order_by("-created_at", "-id")
            .values_list("actor_id", flat=True)
            .first()
        )
    return ctx


def _stage_times(case: Case, done: CaseStage | None) -> list[tuple[str, datetime, datetime | None]]:
    # The stage this action completes is not written yet (RowWrites): its row here is the one in memory.
    rows = CaseStage.objects.filter(case=case).values_list("pk", "stage", "due_at", "completed_at")
    return [
        (done.stage, done.due_at, done.completed_at) if done is not None and pk == done.pk else (stage, due, completed)
        for pk, stage, due, completed in rows
    ]


def _event(
    case: Case,
    action: str,
    actor,
    from_state: str,
    note: str = "",
    payload: dict | None = None,
    now=None,
    done: CaseStage | None = None,
    key: str | None = None,
) -> CaseEvent:
    """The event row, not yet written (the caller writes it with the case row, see cases.rows)."""
    payload = {**(payload or {}), "kpi": _kpi_context(case, action, done)}
    return CaseEvent(
        case=case,
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor),
        from_state=from_state,
        to_state=case.state,
        note=note,
        payload=payload,
        created_at=now or timezone.now(),
        idempotency_key=key,
    )


def _queue_delivery(event: CaseEvent, writes: RowWrites) -> None:
    """The event's delivery order, written with it (one statement on PostgreSQL, no extra round trip), and
    after the commit the fast hand-off to the worker. If the hand-off is lost, the order is still in the
    database and the periodic job delivers it (notifications.queue)."""
    writes.insert(notifications.queued(event=event))
    transaction.on_commit(lambda: notifications.publish(event_id=event.pk))


# --- Intake ----------------------------------------------------------------------------------


def case_report(
    *,
    source: str,
    description: str,
    lng: float,
    lat: float,
    crs: str = "wgs84",
    actor=None,
    category: Category | None = None,
    address: str = "",
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_email: str = "",
    idempotency_key: str | None = None,
    sender: str = "",
    photos=(),
    now: datetime | None = None,
) -> tuple[Case, bool]:
    """Every source lands here, in `reported`. Returns (case, created).

    The same idempotency key twice from the same sender gives the same case; from another sender it is
    another report (see idempotency_sender)."""
    key = (idempotency_key or "").strip()[:64] or None
    sender = idempotency_sender(actor=actor, sender=sender)
    if key:
        existing = _reported_with_key(sender, key)
        if existing:
            return existing, False
    errors = {}
    if source not in CaseSource.values:
        errors["source"] = _("Unknown source.")
    description = (description or "").strip()
    if not description:
        errors["description"] = _("Describe the problem.")
    elif len(description) > 2000:
        errors["description"] = _("At most 2,000 characters.")
    try:
        lng, lat = float(lng), float(lat)
        if not (-180 <= lng <= 180 and -90 <= lat <= 90):
            raise ValueError
    except (TypeError, ValueError):
        errors["position"] = _("The position is not a valid longitude/latitude.")
    if errors:
        raise ValidationError(errors)
    try:
        location = locate_point(lng, lat, crs=crs)
    except ValueError as exc:
        raise ValidationError({"crs": _("Unknown coordinate system.")}) from exc
    grid = location.grid_of("community") or location.grid_of("road") or location.grid_of("unit")
    if grid is None:
        raise ValidationError({"position": location.message})
    from grids.models import Grid

    grids = {
        g.kind: g
        for g in Grid.objects.filter(pk__in=[hit.id for hit in location.grids.values()]).select_related("org_unit")
    }
    unit_grid = grids.get("community") or grids.get("road") or grids.get("unit")
    if unit_grid.org_unit is None:
        raise ValidationError({"position": _("This grid has no responsible unit yet; ask the administrator.")})
    cleaned = clean_photos(photos, "photos")
    now = now or timezone.now()
    try:
        with transaction.atomic():
            case = Case.objects.create(
                source=source,
                description=description,
                address=address.strip()[:200],
                lng=location.lng,
                lat=location.lat,
                community_grid=grids.get("community"),
                road_grid=grids.get("road"),
                org_unit=unit_grid.org_unit,
                scope_path=unit_grid.org_unit.path,
                category=category,
                reporter=actor if getattr(actor, "pk", None) else None,
                reporter_name=reporter_name.strip()[:50],
                reporter_phone=reporter_phone.strip()[:20],
                reporter_phone_hash=phone_hash(reporter_phone),
                reporter_email=reporter_email.strip()[:254],
                idempotency_key=key,
                idempotency_sender=sender,
                reported_at=now,
                tracking_code="".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10)),
            )
            created = _row(case)
            case.number = f"{timezone.localtime(now):%Y%m%d}{case.pk:06d}"
            if category is not None:
                duplicates = find_duplicates(
                    category_id=category.pk, lng=case.lng, lat=case.lat, at=now, exclude_id=case.pk
                )
                if duplicates:
                    case.duplicate_of, _distance, case.duplicate_score = duplicates[0]
            writes = RowWrites()
            stages.start_stage(case, stages.STATE_STAGE[CaseState.REPORTED], now, WorkflowSettings.current(), writes)
            writes.update(case, *_changed_columns(case, created), "updated_at")
            event = _event(case, "report", actor, "", payload={"source": source}, now=now)
            writes.insert(event)
            _queue_delivery(event, writes)
            writes.flush()
            _store(case, cleaned, AttachmentPhase.BEFORE, actor, event)
    except IntegrityError:
        # Two submissions with one key at the same instant: the other one won; answer with its case.
        if key:
            existing = _reported_with_key(sender, key)
            if existing:
                return existing, False
        raise
    return case, True


def idempotency_sender(*, actor=None, sender: str = "") -> str:
    """Whose idempotency key it is: a staff account ("user:<id>"), or what the caller names for a sender without
    an account (an Open311 client application, a citizen's device and phone). Keys are unique per sender, so
    a key guessed or reused by someone else never answers with another sender's case. "" is the system's own
    callers (the demo data, imports), which no one outside can reach."""
    if getattr(actor, "pk", None):
        return f"user:{actor.pk}"
    return sender[:64]


def _reported_with_key(sender: str, key: str) -> Case | None:
    return Case.objects.filter(idempotency_sender=sender, idempotency_key=key).first()


# --- Transitions -------------------------------------------------------------------------------


def transition(
    *,
    case: Case,
    action: str,
    actor,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
    now: datetime | None = None,
    **fields,
) -> Case:
    """Take one workflow action. With an idempotency_key, a resend of an action already taken (a phone's
    outbox retrying after a lost answer) returns the case as it is instead of acting twice or failing."""
    spec = TRANSITIONS.get(action)
    if spec is None:
        raise TransitionNotAllowed(_("Unknown action “%(action)s”.") % {"action": action})
    settings = WorkflowSettings.current()
    if actor is None or not actor.has_role(*roles_of(spec, intake_approval=settings.intake_approval)):
        if actor is not None and spec.gate == "direct" and actor.has_role(*spec.roles):
            raise TransitionNotAllowed(
                _("“%(action)s” needs the shift lead's approval: send a request instead.") % {"action": spec.label}
            )
        raise TransitionNotAllowed(_("Your role may not “%(action)s” a case.") % {"action": spec.label})
    now = now or timezone.now()
    prepared = _prepare(spec.action, fields, now=now)

    def attempt() -> Case:
        with transaction.atomic():
            # The open stage comes with the locked row (one round trip); only the case row is locked.
            locked = rows.lock_case(case.pk)
            if locked is None:
                raise CaseNotFound(_("No such case."))
            relation = actor_relation(locked, actor)
            if "scope" not in relation:
                raise CaseNotFound(_("No such case."))
            key = (idempotency_key or "").strip()[:64] or None
            if key and locked.events.filter(idempotency_key=key).exists():
                return locked
            if expected_version is not None and locked.version != expected_version:
                raise CaseChanged(
                    _("Case %(number)s was changed by someone else (it is now “%(state)s”); reload and try again.")
                    % {"number": locked.number, "state": locked.get_state_display()}
                )
            if locked.state not in spec.sources:
                raise TransitionNotAllowed(
                    _("A case that is “%(state)s” cannot be “%(action)s”.")
                    % {"state": locked.get_state_display(), "action": spec.label}
                )
            if spec.who != "scope" and spec.who not in relation:
                raise TransitionNotAllowed(
                    _("Only %(who)s may “%(action)s” this case.")
                    % {"who": WHO_LABELS[spec.who](), "action": spec.label}
                )
            before = _row(locked)
            old_state = locked.previous_state = locked.state
            if spec.target == PREVIOUS:
                locked.state = locked.shelved_from or CaseState.FILED
            elif spec.target is not None:
                locked.state = spec.target
            writes = RowWrites()
            note, payload, after_event = HANDLERS[action](locked, actor, prepared, now, writes)
            if (
                old_state == CaseState.REPORTED
                and locked.state != old_state
                and settings.intake_approval
                and not spec.decides
            ):
                _cancel_intake_requests(locked, actor, now)
            done = stages.follow_transition(locked, action=action, old_state=old_state, now=now, writes=writes)
            locked.version += 1
            writes.update(locked, *_changed_columns(locked, before), "updated_at")
            event = _event(locked, action, actor, old_state, note=note, payload=payload, now=now, done=done, key=key)
            writes.insert(event)
            _queue_delivery(event, writes)
            writes.flush()  # one statement on PostgreSQL: stage rows, case row, event row, its delivery order
            if after_event:
                after_event(event)
        return locked

    # PostgreSQL may give up a transaction to break a lock cycle (with the one lock order, only foreign-key
    # share locks can still form one): run it again rather than show the user an error.
    return retry_on_conflict(attempt)


CASE_COLUMNS = [field for field in Case._meta.concrete_fields if not field.primary_key and field.name != "updated_at"]


def _row(case: Case) -> list:
    return [getattr(case, field.attname) for field in CASE_COLUMNS]


def _changed_columns(case: Case, before: list) -> list[str]:
    """The columns changed since _row(case) was `before`: an UPDATE of only these is smaller and checks fewer
    foreign keys at commit. A foreign key set to a row not written yet (the stage just started) has no id to
    compare, so it counts as changed: its id comes with the write (cases.rows)."""
    return [
        field.name
        for field, old in zip(CASE_COLUMNS, before, strict=True)
        if getattr(case, field.attname) != old or _points_at_unsaved(case, field)
    ]


def _points_at_unsaved(case: Case, field) -> bool:
    if not field.is_relation or not field.is_cached(case):
        return False
    target = field.get_cached_value(case)
    return target is not None and target.pk is None


WHO_LABELS = {
    "lead": lambda: _("the lead department"),
    "assist": lambda: _("an assisting department"),
    "reporter": lambda: _("the patroller who reported it"),
}


def _text(fields: dict, name: str, errors: dict, label_required: bool = True) -> str:
    value = (fields.get(name) or "").strip() if isinstance(fields.get(name) or "", str) else ""
    if label_required and not value:
        errors[name] = _("This field is required.")
    return value[:2000]


def _prepare(action: str, fields: dict, *, now: datetime) -> dict:
    """Validate the action's input before taking any lock: field errors name the field. Dates are judged
    against the moment of the action (`now`), which is the present except for back-dated imports and tests."""
    spec = TRANSITIONS[action]
    errors: dict = {}
    prepared = dict(fields)
    for name in ("reason", "feedback", "message"):
        if name in spec.required:
            prepared[name] = _text(fields, name, errors)
    prepared["note"] = (fields.get("note") or "").strip()[:2000]
    if action in ("file", "request_file"):
        category, condition = fields.get("category"), fields.get("condition")
        if not isinstance(category, Category):
            category = Category.objects.filter(pk=category, is_active=True).first() if category else None
        if category is None:
            errors["category"] = _("Choose a category.")
        if not isinstance(condition, FilingCondition):
            condition = (
                FilingCondition.objects.filter(pk=condition).select_related("category").first() if condition else None
            )
        if (
            condition is None
            or (category and condition.category_id != category.pk)
            or (condition and not condition.is_active)
        ):
            errors["condition"] = _("Choose one of the category's filing conditions.")
        prepared.update(category=category, condition=condition)
    if action in ("dispatch", "redispatch"):
        department = fields.get("department")
        if not isinstance(department, Department):
            department = Department.objects.filter(pk=department, is_active=True).first() if department else None
        if department is None:
            errors["department"] = _("Choose the lead department.")
        # The same department named twice assists once; more than MAX_ASSISTS is a mistake, not a joint disposal.
        named = list(dict.fromkeys(d.pk if isinstance(d, Department) else d for d in fields.get("assists") or []))
        assists = (
            []
            if len(named) > MAX_ASSISTS
            else [Department.objects.filter(pk=pk, is_active=True).first() for pk in named]
        )
        if len(named) > MAX_ASSISTS:
            errors["assists"] = _("At most %(count)d assisting departments.") % {"count": MAX_ASSISTS}
        elif any(a is None for a in assists):
            errors["assists"] = _("Unknown assisting department.")
        elif department and any(a.pk == department.pk for a in assists):
            errors["assists"] = _("The lead department cannot also assist.")
        prepared.update(
            department=department,
            assists=[a for a in assists if a],
            instructions=(fields.get("instructions") or "").strip()[:2000],
        )
    if action == "merge" and not isinstance(fields.get("survivor"), Case):
        survivor = Case.objects.filter(pk=fields.get("survivor")).first() if fields.get("survivor") else None
        if survivor is None:
            errors["survivor"] = _("Choose the case to merge into.")
        prepared["survivor"] = survivor
    if action == "request_postpone":
        try:
            amount = Decimal(str(fields.get("amount")))
            if amount <= 0 or amount > 1000:
                raise InvalidOperation
            prepared["amount"] = amount
        except (InvalidOperation, ValueError, TypeError):
            errors["amount"] = _("Enter a positive number.")
        if fields.get("unit") not in DeadlineUnit.values:
            errors["unit"] = _("Choose a unit.")
    if action == "shelve":
        review = fields.get("review_date")
        if isinstance(review, str):
            try:
                review = date.fromisoformat(review)
            except ValueError:
                review = None
        if not isinstance(review, date) or review < timezone.localdate(now):
            errors["review_date"] = _("Enter a review date from today on.")
        prepared["review_date"] = review
    try:
        if action == "self_dispose":
            prepared["photos_before"] = clean_photos(fields.get("photos_before"), "photos_before", required=True)
            prepared["photos_after"] = clean_photos(fields.get("photos_after"), "photos_after", required=True)
        elif action == "dispose":
            prepared["photos_after"] = clean_photos(fields.get("photos_after"), "photos_after", required=True)
        else:
            prepared["photos"] = clean_photos(fields.get("photos"), "photos")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError({key: value for key, value in errors.items()})
    return prepared


def _photos_after_event(case, actor, photos_by_phase):
    def attach(event):
        for phase, photos in photos_by_phase:
            _store(case, photos, phase, actor, event)

    return attach


def _file(case, actor, f, now, writes):
    case.category, case.condition = f["category"], f["condition"]
    case.rules = f["condition"].snapshot()
    case.urgent = f["condition"].urgent
    case.filed_at = case.filed_at or now
    case.duplicate_of, case.duplicate_score = None, None
    return f["note"], {"category": case.category.code, "condition": case.rules}, None


def _void(case, actor, f, now, writes):
    case.resolution = Resolution.INVALID
    case.closed_at = now
    return f["reason"], {}, None


# --- Filing and voiding on approval (WorkflowSettings.intake_approval) -----------------------------


def _request_intake(case, actor, kind, f, condition=None) -> CaseRequest:
    if case.requests.filter(kind__in=INTAKE_REQUESTS, status=RequestStatus.PENDING).exists():
        raise TransitionNotAllowed(_("A request for this case is already waiting for the shift lead."))
    return CaseRequest.objects.create(
        case=case, kind=kind, reason=f.get("reason") or f["note"], condition=condition, requested_by=actor
    )


def _request_file(case, actor, f, now, writes):
    request = _request_intake(case, actor, RequestKind.FILE, f, condition=f["condition"])
    payload = {"request": request.pk, "category": f["category"].code, "condition": f["condition"].pk}
    return f["note"], payload, None


def _request_void(case, actor, f, now, writes):
    request = _request_intake(case, actor, RequestKind.VOID, f)
    return f["reason"], {"request": request.pk}, None


def _pending(case, kinds, missing: str) -> CaseRequest:
    request = case.requests.filter(kind__in=kinds, status=RequestStatus.PENDING).select_related("condition").first()
    if request is None:
        raise TransitionNotAllowed(missing)
    return request


def _decide(request: CaseRequest, status: str, actor, now, note: str) -> None:
    request.status, request.decided_by, request.decided_at, request.decision_note = status, actor, now, note
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])


def _approve_file(case, actor, f, now, writes):
    request = _pending(case, [RequestKind.FILE], _("There is no filing request to decide."))
    condition = request.condition
    if condition is None or not condition.is_active or not condition.category.is_active:
        raise TransitionNotAllowed(_("The requested filing condition is no longer in use; reject the request."))
    _decide(request, RequestStatus.APPROVED, actor, now, f["note"])
    note, payload, _after = _file(
        case, actor, {**f, "category": condition.category, "condition": condition}, now, writes
    )
    return note, {**payload, "request": request.pk}, None


def _approve_void(case, actor, f, now, writes):
    request = _pending(case, [RequestKind.VOID], _("There is no voiding request to decide."))
    _decide(request, RequestStatus.APPROVED, actor, now, f["note"])
    _void(case, actor, {**f, "reason": request.reason}, now, writes)
    return request.reason, {"request": request.pk, "note": f["note"]}, None


def _reject_request(case, actor, f, now, writes):
    request = _pending(case, INTAKE_REQUESTS, _("There is no request to decide."))
    _decide(request, RequestStatus.REJECTED, actor, now, f["reason"])
    return f["reason"], {"request": request.pk, "kind": request.kind}, None


def _cancel_intake_requests(case, actor, now) -> None:
    """The case left `reported` another way (filed by the shift lead, merged, fixed on the spot)."""
    case.requests.filter(kind__in=INTAKE_REQUESTS, status=RequestStatus.PENDING).update(
        status=RequestStatus.CANCELLED, decided_by=actor if getattr(actor, "pk", None) else None, decided_at=now
    )


def _merge(case, actor, f, now, writes):
    survivor = f["survivor"]
    if survivor.pk == case.pk or not survivor.is_open or survivor.merged_into_id:
        raise ValidationError({"survivor": _("Merge into an open case other than this one.")})
    if "scope" not in actor_relation(survivor, actor):
        raise ValidationError({"survivor": _("Merge into an open case other than this one.")})
    case.merged_into = survivor
    case.resolution = Resolution.DUPLICATE
    case.closed_at = now
    # The reporters of this case follow the survivor from now on (see cases.messages.reporters_of).
    return f["note"], {"survivor": survivor.number}, None


def _self_dispose(case, actor, f, now, writes):
    case.resolution = Resolution.SELF_DISPOSED
    case.closed_at = now
    return (
        f["note"],
        {},
        _photos_after_event(
            case, actor, [(AttachmentPhase.BEFORE, f["photos_before"]), (AttachmentPhase.AFTER, f["photos_after"])]
        ),
    )


def _dispatch(case, actor, f, now, writes):
    current_round = (case.assignments.order_by("-round").values_list("round", flat=True).first() or 0) + 1
    case.assignments.filter(state__in=["dispatched", "accepted"]).update(state="cancelled", finished_at=now)
    case.lead_department = f["department"]
    parts = [
        CaseAssignment(
            case=case, department=f["department"], role="lead", round=current_round, instructions=f["instructions"]
        )
    ]
    parts += [
        CaseAssignment(case=case, department=d, role="assist", round=current_round, instructions=f["instructions"])
        for d in f["assists"]
    ]
    CaseAssignment.objects.bulk_create(parts)
    payload = {"round": current_round, "lead": f["department"].code, "assists": [d.code for d in f["assists"]]}
    return f["instructions"] or f["note"], payload, None


def _lead_part(case) -> CaseAssignment | None:
    return case.assignments.filter(role="lead").exclude(state="cancelled").order_by("-round").first()


def _return(case, actor, f, now, writes):
    case.return_count += 1
    case.assignments.filter(state__in=["dispatched", "accepted"]).update(state="returned", finished_at=now)
    return f["reason"], {"department": case.lead_department.code if case.lead_department else ""}, None


def _accept(case, actor, f, now, writes):
    part = _lead_part(case)
    if part:
        part.state, part.accepted_at = "accepted", now
        part.save(update_fields=["state", "accepted_at"])
    return f["note"], {}, None


def _assist_feedback(case, actor, f, now, writes):
    part = (
        case.assignments.filter(role="assist", department_id=actor.department_id)
        .exclude(state="cancelled")
        .order_by("-round")
        .first()
    )
    if part is None or part.state == "disposed":
        raise TransitionNotAllowed(_("Your department's part is already reported."))
    part.state, part.feedback, part.finished_at = "disposed", f["feedback"], now
    part.save(update_fields=["state", "feedback", "finished_at"])
    return (
        f["feedback"],
        {"department": part.department.code},
        _photos_after_event(case, actor, [(AttachmentPhase.AFTER, f["photos"])]),
    )


def _dispose(case, actor, f, now, writes):
    part = _lead_part(case)
    open_assists = case.assignments.filter(role="assist", round=part.round if part else 0).exclude(
        state__in=["disposed", "cancelled"]
    )
    if open_assists.exists():
        names = "、".join(open_assists.values_list("department__name", flat=True))
        raise TransitionNotAllowed(_("Waiting for the assisting departments: %(names)s.") % {"names": names})
    if part:
        part.state, part.feedback, part.finished_at = "disposed", f["feedback"], now
        part.save(update_fields=["state", "feedback", "finished_at"])
    return f["feedback"], {}, _photos_after_event(case, actor, [(AttachmentPhase.AFTER, f["photos_after"])])


def _request_postpone(case, actor, f, now, writes):
    if case.requests.filter(kind=RequestKind.POSTPONE, status=RequestStatus.PENDING).exists():
        raise TransitionNotAllowed(_("A postponement request is already waiting for approval."))
    request = CaseRequest.objects.create(
        case=case, kind=RequestKind.POSTPONE, reason=f["reason"], amount=f["amount"], unit=f["unit"], requested_by=actor
    )
    return f["reason"], {"request": request.pk, "amount": str(f["amount"]), "unit": f["unit"]}, None


def _pending_postpone(case) -> CaseRequest:
    request = case.requests.filter(kind=RequestKind.POSTPONE, status=RequestStatus.PENDING).first()
    if request is None:
        raise TransitionNotAllowed(_("There is no postponement request to decide."))
    return request


def _approve_postpone(case, actor, f, now, writes):
    request = _pending_postpone(case)
    request.status, request.decided_by, request.decided_at, request.decision_note = (
        RequestStatus.APPROVED,
        actor,
        now,
        f["note"],
    )
    request.save()
    row = stages.extend_stage(case, request.amount, request.unit, now, writes)
    case.postpone_count += 1
    return f["note"], {"request": request.pk, "due_at": row.due_at.isoformat() if row else None}, None


def _reject_postpone(case, actor, f, now, writes):
    request = _pending_postpone(case)
    request.status, request.decided_by, request.decided_at, request.decision_note = (
        RequestStatus.REJECTED,
        actor,
        now,
        f["reason"],
    )
    request.save()
    return f["reason"], {"request": request.pk}, None


def _verify_ok(case, actor, f, now, writes):
    return f["note"], {}, _photos_after_event(case, actor, [(AttachmentPhase.EVIDENCE, f["photos"])])


def _verify_fail(case, actor, f, now, writes):
    case.rework_count += 1
    part = _lead_part(case)
    if part:
        # Rework goes back to the same department, as a new round with the same parts.
        parts = case.assignments.filter(round=part.round).exclude(state="cancelled")
        CaseAssignment.objects.bulk_create(
            [
                CaseAssignment(
                    case=case,
                    department_id=p.department_id,
                    role=p.role,
                    round=part.round + 1,
                    instructions=f["reason"],
                )
                for p in parts
            ]
        )
    return (
        f["reason"],
        {"rework": case.rework_count},
        _photos_after_event(case, actor, [(AttachmentPhase.EVIDENCE, f["photos"])]),
    )


def _close(case, actor, f, now, writes):
    case.resolution = Resolution.FIXED
    case.closed_at = now
    return f["note"], {}, None


def _close_transferred(case, actor, f, now, writes):
    case.resolution = Resolution.TRANSFERRED
    case.closed_at = now
    return f["reason"], {}, None


def _shelve(case, actor, f, now, writes):
    case.shelved_from = case.previous_state
    case.shelve_review_date = f["review_date"]
    return f["reason"], {"review_date": f["review_date"].isoformat()}, None


def _unshelve(case, actor, f, now, writes):
    case.shelved_from = ""
    case.shelve_review_date = None
    return f["note"], {}, None


def _supervise(case, actor, f, now, writes):
    case.supervised = True
    return f["message"], {}, None


def _reopen(case, actor, f, now, writes):
    settings = WorkflowSettings.current()
    if case.closed_at and (now - case.closed_at).days >= settings.reopen_days:
        raise TransitionNotAllowed(
            _("A case can be reopened within %(days)d days of closing.") % {"days": settings.reopen_days}
        )
    if case.resolution not in (Resolution.FIXED, Resolution.SELF_DISPOSED, Resolution.TRANSFERRED):
        raise TransitionNotAllowed(_("Only a case closed as fixed can be reopened."))
    case.reopened_from = case.resolution
    case.reopen_count += 1
    case.resolution = ""
    case.closed_at = None
    return f["reason"], {"reopen": case.reopen_count}, None


HANDLERS = {
    "file": _file,
    "void": _void,
    "request_file": _request_file,
    "request_void": _request_void,
    "approve_file": _approve_file,
    "approve_void": _approve_void,
    "reject_request": _reject_request,
    "merge": _merge,
    "self_dispose": _self_dispose,
    "dispatch": _dispatch,
    "return_": _return,
    "redispatch": _dispatch,
    "accept": _accept,
    "assist_feedback": _assist_feedback,
    "dispose": _dispose,
    "request_postpone": _request_postpone,
    "approve_postpone": _approve_postpone,
    "reject_postpone": _reject_postpone,
    "verify_ok": _verify_ok,
    "verify_fail": _verify_fail,
    "close": _close,
    "close_transferred": _close_transferred,
    "shelve": _shelve,
    "unshelve": _unshelve,
    "supervise": _supervise,
    "reopen": _reopen,
}


def category_record_revision(*, actor, category: Category) -> Category:
    """After an admin changed a catalogue entry: a new revision with the full content, and an audit row.

    Cases filed earlier are not affected: each keeps the snapshot of its rules (Case.rules).
    """
    from cases.models import CategoryRevision

    with transaction.atomic():
        category = Category.objects.select_for_update().get(pk=category.pk)
        category.revision = (
            category.revisions.order_by("-revision").values_list("revision", flat=True).first() or 0
        ) + 1
        category.save(update_fields=["revision", "updated_at"])
        CategoryRevision.objects.create(
            category=category,
            revision=category.revision,
            snapshot=category_snapshot(category),
            changed_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor,
            action="category.change",
            target=category,
            summary=str(category),
            data={"revision": category.revision},
        )
    return category


def category_snapshot(category: Category) -> dict:
    return {
        "code": category.code,
        "kind": category.kind,
        "major": [category.major_code, category.major_name],
        "minor": [category.minor_code, category.minor_name],
        "default_department": category.default_department.code if category.default_department_id else None,
        "conditions": [
            {
                "text": c.text,
                "limit": str(c.limit),
                "unit": c.unit,
                "urgent": c.urgent,
                "closing": c.closing,
                "active": c.is_active,
            }
            for c in category.conditions.all()
        ],
    }
