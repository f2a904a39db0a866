from civicgrid.personal import phone_hash
from elections import privacy, selectors
from elections.models import Nomination
from elections.tests.factories import Voter, make_nomination

PHONE = "13912345678"


def test_a_residents_nominations_and_votes_are_exported(campaign):
    nomination = make_nomination(campaign, nominator_phone=PHONE)
    Voter(PHONE).vote(campaign, nomination)
    rows = privacy.export(phone_hash(PHONE))
    assert [row["kind"] for row in rows] == ["nomination", "vote"]
    assert rows[0]["nominator_phone"] == PHONE


def test_erasure_removes_the_person_but_keeps_the_nomination_and_the_count(campaign):
    nomination = make_nomination(campaign, nominator_phone=PHONE)
    Voter(PHONE).vote(campaign, nomination)
    assert privacy.erase(phone_hash(PHONE)) == 2
    assert privacy.export(phone_hash(PHONE)) == []
    kept = Nomination.objects.get(pk=nomination.pk)
    assert kept.nominator_phone == "" and kept.story
    assert selectors.ballot(campaign).get().valid_votes == 1
