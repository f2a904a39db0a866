"""Project photos (collected by civicgrid.uploads): whoever may open the project. The public page serves the
photos of public projects itself (projects.public.photo)."""

from civicgrid.uploads import Folder


def _project_photo(user, name: str) -> bool:
    from projects.selectors import photo_of_file

    return photo_of_file(user, name) is not None


READERS = [Folder("projects/", _project_photo)]
