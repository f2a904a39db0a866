"""The three rates of a survey (知晓率 / 支持率 / 满意度): the one place their rule is written.

For each rate the survey's settings name a question (by code, the same across versions) and what counts:
- 知晓率 (awareness) and 支持率 (support): the respondent chose one of the listed answers (for a multiple-choice
  question: at least one of them);
- 满意度 (satisfaction): the respondent's rating is at least `satisfaction_min` (e.g. 4 or 5 out of 5).
rate = respondents who count ÷ respondents who answered that question (a respondent the skip logic led past it,
or who left an optional question empty, is in neither). Flagged responses (outside the area, beyond a quota) are
kept and shown but left out of the rates. Public and door-to-door answers are counted separately and together.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from surveys.models import Answer

RATES = [
    ("awareness", _("Awareness rate (知晓率)")),
    ("support", _("Support rate (支持率)")),
    ("satisfaction", _("Satisfaction (满意度)")),
]


@dataclass(frozen=True)
class Rate:
    counted: int
    answered: int

    @property
    def value(self) -> float | None:
        """The rate in percent, one decimal; None without any answer."""
        return round(100 * self.counted / self.answered, 1) if self.answered else None


def rule(survey, key: str) -> tuple[str, Q] | None:
    """(question code, the filter on Answer of the answers that count), or None if the survey sets no question."""
    code = getattr(survey, f"{key}_question")
    if not code:
        return None
    if key == "satisfaction":
        return code, Q(number__gte=survey.satisfaction_min)
    return code, Q(option__in=getattr(survey, f"{key}_answers") or [])


def counted_responses(responses):
    """The responses the rates count: not flagged."""
    return responses.filter(outside_area=False, over_quota=False)


def rates_by(survey, responses, *, group: tuple[str, ...] = ()) -> dict:
    """{rate key: {group values tuple: Rate}} over `responses`, grouped by response fields (e.g. ("community_id",
    "mode")); one query per rate whatever the number of groups."""
    result = {}
    fields = [f"response__{name}" for name in group]
    for key, _label in RATES:
        found = rule(survey, key)
        result[key] = {}
        if found is None:
            continue
        code, counts = found
        answers = Answer.objects.filter(response__in=counted_responses(responses), code=code)
        tally = {
            "answered": Count("response_id", distinct=True),
            "counted": Count("response_id", distinct=True, filter=counts),
        }
        rows = answers.values(*fields).annotate(**tally).order_by() if fields else [answers.aggregate(**tally)]
        for row in rows:
            result[key][tuple(row[f] for f in fields)] = Rate(counted=row["counted"], answered=row["answered"])
    return result


def overall(survey, responses) -> dict:
    """{rate key: Rate} over all of `responses`."""
    return {key: by_group.get((), Rate(0, 0)) for key, by_group in rates_by(survey, responses).items()}
