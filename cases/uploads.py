"""Case photos and videos (collected by civicgrid.uploads): for those who may see the case."""

from civicgrid.uploads import Folder


def _case_file(user, name: str) -> bool:
    from cases.selectors import visible_attachment_files

    return visible_attachment_files(user, name).exists()


READERS = [Folder("cases/", _case_file)]
