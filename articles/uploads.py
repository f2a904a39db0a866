"""Article pictures (collected by civicgrid.uploads): editors see every one, staff those of published articles.
The public site serves them itself (articles.public.image)."""

from civicgrid.uploads import Folder


def _article_image(user, name: str) -> bool:
    from articles.selectors import image_of_file

    return image_of_file(user, name) is not None


READERS = [Folder("articles/", _article_image)]
