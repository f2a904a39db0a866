"""Who may read an uploaded file (`/media/<name>`): each app declares its upload folders, nothing else decides.

An app lists `Folder`s in `<app>/uploads.py` (READERS), collected like the navigation; a file is served only
when the folder it lies in says this user may see the object it belongs to. A file in no declared folder is
served to no one, so a new kind of upload is private until its app says otherwise.
"""

import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from civicgrid.plugins import collect


@dataclass(frozen=True)
class Folder:
    prefix: str  # e.g. "cases/", as in the FileField's upload_to
    may_read: Callable[..., bool]  # (user, name) -> whether the user may see the object the file belongs to


def clean_name(path: str) -> str | None:
    """The storage name of a requested path, or None when it tries to leave MEDIA_ROOT or is not normal."""
    name = posixpath.normpath(path)
    if name != path or name.startswith(("/", "../")) or name in (".", "..") or "\\" in name or "\x00" in name:
        return None
    return name


def may_read(user, path: str) -> bool:
    name = clean_name(path)
    if name is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    for folder in collect("uploads", "READERS"):
        if name.startswith(folder.prefix):
            return folder.may_read(user, name)
    return False
