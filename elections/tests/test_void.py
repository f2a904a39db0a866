import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from elections import selectors, services
from elections.models import Vote
from elections.tests.factories import Voter, assessor, make_nomination


@pytest.fixture
def votes(campaign):
    nomination = make_nomination(campaign)
    return [Voter(f"13{n}12345678").vote(campaign, nomination)[0] for n in range(3)]


def test_each_voided_vote_leaves_an_audit_row_with_the_reason(campaign, votes):
    services.votes_void(actor=assessor(), campaign=campaign, vote_ids=[v.pk for v in votes[:2]], reason="同一网段刷票")
    rows = AuditEntry.objects.filter(action="elections.vote_void").order_by("target_id")
    assert [row.target_id for row in rows] == [str(v.pk) for v in votes[:2]]
    assert {row.summary for row in rows} == {"同一网段刷票"}
    assert {row.actor_id for row in rows} == {assessor().pk}


def test_voided_votes_leave_the_counts(campaign, votes):
    services.votes_void(actor=assessor(), campaign=campaign, vote_ids=[votes[0].pk], reason="刷票")
    assert selectors.ballot(campaign).get().valid_votes == 2
    assert selectors.vote_summary(campaign)["voided"] == 1


def test_a_void_without_a_reason_is_refused(campaign, votes):
    with pytest.raises(ValidationError):
        services.votes_void(actor=assessor(), campaign=campaign, vote_ids=[votes[0].pk], reason=" ")
    assert not Vote.objects.filter(campaign=campaign, voided_at__isnull=False).exists()


def test_voiding_a_vote_twice_writes_one_audit_row(campaign, votes):
    for _attempt in range(2):
        services.votes_void(actor=assessor(), campaign=campaign, vote_ids=[votes[0].pk], reason="刷票")
    assert AuditEntry.objects.filter(action="elections.vote_void", target_id=str(votes[0].pk)).count() == 1
