"""A resident's survey answers, for requests under the 个人信息保护法 (privacy app).

No phone is stored with the answers: a response carries the phone's hash keyed again per survey, so the person is
found by recomputing that key for each survey. Erasure unlinks the answers from the person (the key is replaced);
the anonymous answers stay in the results, as counted."""

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civicgrid.personal import lookup_hash
from civicgrid.plugins import PersonalDataSource


def respondent_key(*, phone_hash: str, survey_id: int) -> str:
    """The key a phone-verified response of this survey carries (surveys.answering uses it)."""
    return "p:" + lookup_hash(phone_hash, purpose=f"survey-phone:{survey_id}")


def _responses(phone_hash: str):
    from surveys.models import Response, Survey

    if not phone_hash:
        return Response.objects.none()
    keys = [respondent_key(phone_hash=phone_hash, survey_id=pk) for pk in Survey.objects.values_list("pk", flat=True)]
    return Response.objects.filter(respondent_key__in=keys)


def export(phone_hash: str) -> list[dict]:
    rows = []
    for response in _responses(phone_hash).select_related("survey", "community").prefetch_related("answers"):
        answers: dict = {}
        for answer in sorted(response.answers.all(), key=lambda a: a.pk):
            value = answer.option or (str(answer.number) if answer.number is not None else answer.text)
            answers.setdefault(answer.code, []).append(value)
        rows.append(
            {
                "survey": response.survey.title,
                "submitted_at": timezone.localtime(response.submitted_at).isoformat(),
                "community": response.community.name if response.community else "",
                "answers": answers,
            }
        )
    return rows


def erase(phone_hash: str) -> int:
    return _responses(phone_hash).update(respondent_key=Concat(Value("erased:"), Cast("id", CharField())))


SOURCES = [PersonalDataSource("surveys", _("Survey answers"), export=export, erase=erase)]
