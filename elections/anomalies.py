"""The anomaly rule of the vote (刷票识别): which votes an administrator should look at, and why.

A vote is flagged, never refused, by this rule: refusing would tell a ballot-stuffer what the rule is, and a
flag costs an honest voter nothing until an administrator voids the vote with a reason (services.votes_void).

1. Burst from one network (`network_burst`): more than `campaign.burst_votes` votes of the campaign came from
   one network — the same IPv4 /24 or IPv6 /48 — within the last `campaign.burst_minutes` minutes. All of that
   network's votes in the window are flagged (a whole office or school behind one address can trip it: that is
   why a person decides, not the rule).
2. Phones in one number sequence (`phone_sequence`): `campaign.sequence_phones` or more different phones of one
   block of 100 numbers (the same first 9 digits, e.g. 138000000xx) voted in the campaign on the same day. All
   of that block's votes of the day are flagged. The block is kept as a keyed hash, never as digits.

The rule runs as each vote is cast, inside its transaction, on two indexed counts.
"""

import ipaddress
from datetime import timedelta

from django.db.models import Q

from elections.models import Flag, Vote

UNKNOWN_NETWORK = "unknown"


def network_of(ip: str) -> str:
    """The network an address belongs to for the burst rule: its /24 (IPv4) or /48 (IPv6)."""
    try:
        address = ipaddress.ip_address((ip or "").strip())
    except ValueError:
        return UNKNOWN_NETWORK
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def flag_after(vote: Vote) -> None:
    campaign = vote.campaign
    unflagged = Q(flag="")
    since = vote.created_at - timedelta(minutes=campaign.burst_minutes)
    if vote.network != UNKNOWN_NETWORK:
        burst = Vote.objects.filter(campaign=campaign, network=vote.network, created_at__gte=since)
        if burst.count() > campaign.burst_votes:
            burst.filter(unflagged).update(flag=Flag.NETWORK_BURST)
    block = Vote.objects.filter(campaign=campaign, phone_block=vote.phone_block, day=vote.day)
    if block.values("voter").distinct().count() >= campaign.sequence_phones:
        block.filter(unflagged).update(flag=Flag.PHONE_SEQUENCE)
