"""Our categories and cases as GeoReport v2 documents: plain dicts and lists, in the spec's element order.

open311.renderers turns them into XML or JSON. A value of None is an empty element in XML and null in JSON.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.deadlines import DeadlineUnit
from cases.models import Case, CaseState, Category
from cases.publication import public_position, public_text
from open311 import conf
from open311.selectors import PUBLIC_NOTE_ACTIONS, open311_status


def w3c(moment: datetime | None) -> str | None:
    """W3C date-time with the local offset, e.g. 2026-11-30T09:00:00+08:00."""
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _state_notes() -> dict[str, str]:
    return {
        CaseState.REPORTED: _("Received; waiting to be reviewed."),
        CaseState.FILED: _("Accepted as a case; waiting to be sent to the responsible department."),
        CaseState.DISPATCHED: _("Sent to the responsible department."),
        CaseState.RETURNED: _("Being sent to the right department."),
        CaseState.IN_PROGRESS: _("The responsible department is working on it."),
        CaseState.DISPOSED: _("Reported as fixed; waiting to be checked on site."),
        CaseState.VERIFIED: _("Checked on site as fixed; about to be closed."),
        CaseState.CLOSED: _("Closed."),
        CaseState.SHELVED: _("On hold; it will be taken up again later."),
        CaseState.VOIDED: _("Not accepted as a case."),
    }


# --- Services ---------------------------------------------------------------------------------------


def _conditions(category: Category) -> list:
    conditions = getattr(category, "active_conditions", None)
    return conditions if conditions is not None else list(category.conditions.filter(is_active=True))


def service_item(category: Category) -> dict:
    conditions = _conditions(category)
    description = category.label
    if conditions:
        description = f"{category.label}：{conditions[0].text}"
    keywords = []
    for word in (category.major_name, category.minor_name, category.get_kind_display()):
        if word and word not in keywords:
            keywords.append(str(word))
    return {
        "service_code": category.code,
        "service_name": category.minor_name or category.major_name,
        "description": description,
        "metadata": bool(conditions),
        "type": "realtime",
        "keywords": ", ".join(keywords),
        "group": category.major_name,
    }


def service_definition(category: Category) -> dict:
    conditions = _conditions(category)
    attributes = []
    if conditions:
        attributes.append(
            {
                "variable": True,
                "code": "condition",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": None,
                "order": 1,
                "description": _("Which of these describes the problem best? (optional)"),
                "values": [{"key": str(condition.pk), "name": condition.text} for condition in conditions],
            }
        )
    return {"service_code": category.code, "attributes": attributes}


# --- Service requests ----------------------------------------------------------------------------------


def _status_notes(case: Case) -> str:
    note = (getattr(case, "status_note", "") or "").strip()
    if note and getattr(case, "status_action", "") in PUBLIC_NOTE_ACTIONS:
        return public_text(note)
    return _state_notes().get(case.state, "")


def _service_notice(case: Case) -> str | None:
    rules = case.rules or {}
    if not rules.get("condition"):
        return None
    unit = DeadlineUnit(rules["unit"]).label if rules.get("unit") in DeadlineUnit.values else rules.get("unit", "")
    return _("Handled as “%(condition)s”: to be fixed within %(limit)s %(unit)s.") % {
        "condition": rules["condition"],
        "limit": rules.get("limit", ""),
        "unit": unit,
    }


def request_item(case: Case, request) -> dict:
    """One service request as cases.publication allows; the cases come from open311.selectors.public_cases()."""
    status = open311_status(case.state)
    lng, lat = public_position(case.lng, case.lat)
    category = case.category
    updated = case.closed_at if status == "closed" and case.closed_at else case.updated_at
    return {
        "service_request_id": case.number,
        "status": status,
        "status_notes": _status_notes(case),
        "service_name": (category.minor_name or category.major_name) if category else None,
        "service_code": category.code if category else None,
        "description": public_text(case.description),
        "agency_responsible": case.lead_department.name if case.lead_department_id else None,
        "service_notice": _service_notice(case),
        "requested_datetime": w3c(case.reported_at),
        "updated_datetime": w3c(updated),
        "expected_datetime": w3c(case.due_at) if status == "open" else None,
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": lat,
        "long": lng,
        "media_url": None,
    }


def created_item(case: Case, account_id: str) -> dict:
    return {
        "service_request_id": case.number,
        "service_notice": _("Received as case %(number)s. Tracking code: %(code)s.")
        % {"number": case.number, "code": case.tracking_code},
        "account_id": account_id or None,
    }


def token_item(case: Case, token: str) -> dict:
    return {"service_request_id": case.number, "token": token}


# --- Discovery ---------------------------------------------------------------------------------------------


def discovery(*, url: str, changeset: datetime | None) -> dict:
    changed = w3c(changeset)
    return {
        "changeset": changed,
        "contact": conf.contact(),
        "key_service": conf.key_service(),
        "endpoints": [
            {
                "specification": conf.SPECIFICATION,
                "url": url,
                "changeset": changed,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
