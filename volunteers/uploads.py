"""Photos of activity records (collected by civicgrid.uploads): who may see the activity may see its photos."""

from civicgrid.uploads import Folder


def _activity_photo(user, name: str) -> bool:
    from volunteers.models import ReportPhoto
    from volunteers.selectors import VIEW_ROLES, visible_activities

    if not user.is_authenticated or not user.has_role(*VIEW_ROLES):
        return False
    activity_id = ReportPhoto.objects.filter(file=name).values_list("report__activity_id", flat=True).first()
    return activity_id is not None and visible_activities(user).filter(pk=activity_id).exists()


READERS = [Folder("volunteers/", _activity_photo)]
