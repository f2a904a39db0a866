"""The case workflow as one table: (action) → from which states, to which state, by whom, needing what.

This module is data. cases.services.transition() reads it, checks it, and is the only code that
changes Case.state. DESIGN.md §4 draws the same machine:

 reported ─file→ filed ─dispatch→ dispatched ─accept→ in_progress ─dispose→ disposed ─verify_ok→ verified ─close→ closed
    │  └─self_dispose (before/after photos)──────────────────────────────────────────────────────────────→ closed
    ├─void / merge → voided          dispatched ─return_→ returned ─redispatch→ dispatched
    │                                disposed ─verify_fail (rework)→ dispatched
 filed/dispatched/in_progress ─shelve→ shelved ─unshelve→ (back)         closed ─reopen→ filed

With WorkflowSettings.intake_approval on, an operator's file/void is a request the shift lead decides:
 reported ─request_file / request_void (no state change)→ ─approve_file→ filed | ─approve_void→ voided
                                                          ─reject_request→ (stays reported)
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import RoleCode as R
from cases.models import CaseState as S

# Not a staff role: a resident acting through the public tracking page (cases.services.CitizenActor).
CITIZEN = "citizen"
# The state a case returns to when unshelved is the one it was shelved from.
PREVIOUS = "previous"


@dataclass(frozen=True)
class Transition:
    action: str
    label: Promise
    sources: frozenset[str]
    target: str | None  # None: the state does not change (a request, a flag, a part's feedback)
    roles: frozenset[str]
    required: tuple[str, ...] = ()
    # Who among the holders of `roles` may act: "scope" (anyone who sees the case), "lead" (a member
    # of the lead department), "assist" (a member of an assisting department), "reporter" (who reported it).
    who: str = "scope"
    # How WorkflowSettings.intake_approval changes who may act (see roles_of): "direct" actions are the
    # approver's only while approval is on; "request" actions exist only while it is on.
    gate: str = ""
    # The kinds of pending CaseRequest this action decides: offered only while one is waiting.
    decides: tuple[str, ...] = ()


def _t(action, label, sources, target, roles, required=(), who="scope", gate="", decides=()) -> Transition:
    return Transition(
        action, label, frozenset(sources), target, frozenset(roles), tuple(required), who, gate, tuple(decides)
    )


OPEN_WORK = (S.FILED, S.DISPATCHED, S.RETURNED, S.IN_PROGRESS)
ANY_OPEN = (S.REPORTED, *OPEN_WORK, S.DISPOSED, S.VERIFIED, S.SHELVED)
INTAKE = (R.OPERATOR, R.SHIFT_LEAD)
APPROVER = R.SHIFT_LEAD  # 值班长: approves filing, voiding and postponement

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        _t("file", _("File"), [S.REPORTED], S.FILED, INTAKE, ["category", "condition"], gate="direct"),
        _t("void", _("Void"), [S.REPORTED], S.VOIDED, INTAKE, ["reason"], gate="direct"),
        _t(
            "request_file",
            _("Request filing"),
            [S.REPORTED],
            None,
            [R.OPERATOR],
            ["category", "condition"],
            gate="request",
        ),
        _t("request_void", _("Request voiding"), [S.REPORTED], None, [R.OPERATOR], ["reason"], gate="request"),
        _t("approve_file", _("Approve filing"), [S.REPORTED], S.FILED, [APPROVER], decides=["file"]),
        _t("approve_void", _("Approve voiding"), [S.REPORTED], S.VOIDED, [APPROVER], decides=["void"]),
        _t(
            "reject_request",
            _("Reject the request"),
            [S.REPORTED],
            None,
            [APPROVER],
            ["reason"],
            decides=["file", "void"],
        ),
        _t("merge", _("Merge into another case"), [S.REPORTED, S.FILED], S.VOIDED, INTAKE, ["survivor"]),
        _t(
            "self_dispose",
            _("Fixed on the spot"),
            [S.REPORTED],
            S.CLOSED,
            [R.PATROLLER],
            ["photos_before", "photos_after"],
            "reporter",
        ),
        _t("dispatch", _("Dispatch"), [S.FILED], S.DISPATCHED, [R.DISPATCHER], ["department"]),
        _t("return_", _("Return to dispatcher"), [S.DISPATCHED], S.RETURNED, [R.HANDLER], ["reason"], "lead"),
        _t("redispatch", _("Redispatch"), [S.RETURNED], S.DISPATCHED, [R.DISPATCHER], ["department"]),
        _t("accept", _("Accept"), [S.DISPATCHED], S.IN_PROGRESS, [R.HANDLER], [], "lead"),
        _t(
            "assist_feedback",
            _("Report assisting part"),
            [S.DISPATCHED, S.IN_PROGRESS],
            None,
            [R.HANDLER],
            ["feedback"],
            "assist",
        ),
        _t(
            "dispose",
            _("Report disposal"),
            [S.IN_PROGRESS],
            S.DISPOSED,
            [R.HANDLER],
            ["feedback", "photos_after"],
            "lead",
        ),
        _t(
            "request_postpone",
            _("Request postponement"),
            [S.IN_PROGRESS],
            None,
            [R.HANDLER],
            ["reason", "amount", "unit"],
            "lead",
        ),
        _t(
            "approve_postpone",
            _("Approve postponement"),
            [S.IN_PROGRESS],
            None,
            [APPROVER],
            decides=["postpone"],
        ),
        _t(
            "reject_postpone",
            _("Reject postponement"),
            [S.IN_PROGRESS],
            None,
            [APPROVER],
            ["reason"],
            decides=["postpone"],
        ),
        _t("verify_ok", _("Verified: fixed"), [S.DISPOSED], S.VERIFIED, [R.PATROLLER, R.OPERATOR, R.SHIFT_LEAD]),
        _t(
            "verify_fail",
            _("Verified: not fixed (rework)"),
            [S.DISPOSED],
            S.DISPATCHED,
            [R.PATROLLER, R.OPERATOR, R.SHIFT_LEAD],
            ["reason"],
        ),
        _t("close", _("Close case"), [S.VERIFIED], S.CLOSED, [R.SHIFT_LEAD]),
        _t(
            "close_transferred",
            _("Close as not our responsibility"),
            [S.FILED, S.RETURNED],
            S.CLOSED,
            [R.SHIFT_LEAD],
            ["reason"],
        ),
        _t("shelve", _("Shelve"), OPEN_WORK, S.SHELVED, [R.SHIFT_LEAD], ["reason", "review_date"]),
        _t("unshelve", _("Resume"), [S.SHELVED], PREVIOUS, [R.SHIFT_LEAD]),
        _t("supervise", _("Supervise"), [s for s in ANY_OPEN if s != S.REPORTED], None, [R.COMMANDER], ["message"]),
        _t("reopen", _("Reopen"), [S.CLOSED], S.FILED, [R.PATROLLER, R.OPERATOR, R.SHIFT_LEAD, CITIZEN], ["reason"]),
    ]
}

# The states a case can be in once it exists (a report always enters as `reported`).
REACHABLE_STATES = frozenset(
    {S.REPORTED, *(t.target for t in TRANSITIONS.values() if t.target not in (None, PREVIOUS))}
)


# The actions that end a case as closed (fixed, transferred, or fixed on the spot).
CLOSING_ACTIONS = frozenset(t.action for t in TRANSITIONS.values() if t.target == S.CLOSED)


def action_label(action: str) -> Promise:
    """What people call an action (“申请立案”); never its code, which only the program reads."""
    return TRANSITIONS[action].label


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if state in t.sources]


def roles_of(spec: Transition, *, intake_approval: bool) -> frozenset[str]:
    """The roles that may take `spec` under the current WorkflowSettings.intake_approval switch."""
    if spec.gate == "direct" and intake_approval:
        return spec.roles & {APPROVER}
    if spec.gate == "request" and not intake_approval:
        return frozenset()
    return spec.roles
