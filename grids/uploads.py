"""Uploaded grid files (collected by civicgrid.uploads): administrators only, as the import page."""

from accounts.models import RoleCode
from civicgrid.uploads import Folder


def _grid_import(user, name: str) -> bool:
    return user.has_role(RoleCode.ADMIN)


READERS = [Folder("grid-imports/", _grid_import)]
