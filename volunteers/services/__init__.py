"""Writes of the volunteer module (keyword-only, one transaction, an audit row each), split by subject."""

from volunteers.services.activities import (
    MAX_REPORT_PHOTOS,
    activity_create,
    activity_report_save,
    signup,
    signup_cancel,
)
from volunteers.services.attendance import (
    check_by_hand,
    check_in,
    check_out,
    hours_correct,
    record_confirm,
    volunteer_totals,
)
from volunteers.services.periodic import patrol_hours_credit, patrol_members_link, rate_snapshot, remind_signups
from volunteers.services.registration import (
    Registration,
    registration_duplicate_check,
    registration_fields,
    volunteer_link_user,
    volunteer_register,
    volunteer_reveal,
)
from volunteers.services.teams import (
    TEAM_UNIT_KINDS,
    team_create,
    team_leader_set,
    team_member_add,
    team_member_remove,
    team_update,
)

__all__ = [
    "MAX_REPORT_PHOTOS",
    "TEAM_UNIT_KINDS",
    "Registration",
    "activity_create",
    "activity_report_save",
    "check_by_hand",
    "check_in",
    "check_out",
    "hours_correct",
    "patrol_hours_credit",
    "patrol_members_link",
    "rate_snapshot",
    "record_confirm",
    "registration_duplicate_check",
    "registration_fields",
    "remind_signups",
    "signup",
    "signup_cancel",
    "team_create",
    "team_leader_set",
    "team_member_add",
    "team_member_remove",
    "team_update",
    "volunteer_link_user",
    "volunteer_register",
    "volunteer_reveal",
    "volunteer_totals",
]
