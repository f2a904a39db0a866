"""Every write of the 实事 register: one transaction, a row lock on changes, an audit row, the owner told."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import OrgUnit, User
from audit.services import audit_record
from pledges import selectors
from pledges.models import Pledge, PledgeSource, PledgeStatus


class PledgeError(ValidationError):
    """A domain error with a message per field."""


def pledge_create(
    *,
    actor: User,
    title: str,
    request: str,
    org_unit: OrgUnit,
    source: str,
    owner: User,
    promised_on: date,
    case_number: str = "",
    source_note: str = "",
) -> Pledge:
    """Take a resident's request on as a 实事. From a case: the case (one the actor may see) is linked by number,
    and taking the same case on twice returns the first 实事."""
    if not selectors.may_manage(actor, path=org_unit.path):
        raise PledgeError({"org_unit": _("You may not register practical things for this community.")})
    case = None
    if source == PledgeSource.CASE:
        case = selectors.find_case(actor, case_number or "")
        if case is None:
            raise PledgeError({"case_number": _("No case you may see has this number.")})
        existing = Pledge.objects.filter(case_id=case.pk).first()
        if existing is not None:
            return existing
    elif not source_note.strip():
        raise PledgeError({"source_note": _("Say which survey or visit the request came from.")})
    pledge = Pledge(
        title=title,
        request=request,
        org_unit=org_unit,
        scope_path=org_unit.path,
        source=source,
        case_id=case.pk if case else None,
        case_number=case.number if case else "",
        source_note=source_note,
        owner=owner,
        promised_on=promised_on,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            pledge.save()
            audit_record(actor=actor, action="pledges.create", target=pledge, summary=pledge.title)
            transaction.on_commit(lambda: _tell_owner(pledge, actor))
    except IntegrityError:
        # The same case taken on at the same moment by another request: that one stands.
        return Pledge.objects.get(case_id=case.pk)
    return pledge


def _tell_owner(pledge: Pledge, actor: User) -> None:
    if pledge.owner_id == actor.pk:
        return
    from django.urls import reverse

    from notifications.services import inbox_message

    inbox_message(
        user_ids=[pledge.owner_id],
        title=_("A practical thing for you: %(title)s") % {"title": pledge.title},
        body=_("Promised by %(date)s.") % {"date": pledge.promised_on.isoformat()},
        link=reverse("pledges:detail", args=[pledge.pk]),
    )


def pledge_status(*, actor: User, pledge: Pledge, status: str, done_on: date | None = None) -> Pledge:
    with transaction.atomic():
        pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
        if not selectors.may_update(actor, pledge):
            raise PledgeError({"status": _("Only its owner and the office may change this practical thing.")})
        if status == PledgeStatus.DONE:
            done_on = done_on or timezone.localdate()
            if done_on > timezone.localdate():
                raise PledgeError({"done_on": _("The date it was done cannot be in the future.")})
        else:
            done_on = None
        if pledge.status == status and pledge.done_on == done_on:
            return pledge
        before = pledge.status
        pledge.status, pledge.done_on = status, done_on
        if status != PledgeStatus.DONE:
            pledge.feedback, pledge.feedback_text, pledge.feedback_at = "", "", None
        pledge.save()
        audit_record(
            actor=actor, action="pledges.status", target=pledge, summary=f"{before} → {status}", data={"to": status}
        )
    return pledge


def pledge_feedback(*, actor: User, pledge: Pledge, feedback: str, text: str = "") -> Pledge:
    """The resident's word on a done 实事, as the owner or the office heard it."""
    with transaction.atomic():
        pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
        if not selectors.may_update(actor, pledge):
            raise PledgeError({"feedback": _("Only its owner and the office may record the feedback.")})
        if pledge.status != PledgeStatus.DONE:
            raise PledgeError({"feedback": _("Feedback is recorded once the practical thing is done.")})
        pledge.feedback, pledge.feedback_text, pledge.feedback_at = feedback, text, timezone.now()
        pledge.save(update_fields=["feedback", "feedback_text", "feedback_at"])
        audit_record(actor=actor, action="pledges.feedback", target=pledge, summary=feedback)
    return pledge
