"""Nomination photos (collected by civicgrid.uploads): staff who may see the nomination.

The public sees the photos of approved nominations through elections.public.photo, never through /media/."""

from django.db.models import Q

from civicgrid.uploads import Folder


def _nomination_photo(user, name: str) -> bool:
    from elections.selectors import visible_nominations

    return visible_nominations(user).filter(Q(photos__file=name) | Q(photos__thumbnail=name)).exists()


READERS = [Folder("elections/", _nomination_photo)]
