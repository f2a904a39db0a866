"""Archive material files (collected by civicgrid.uploads): for those who may see the material, every version."""

from civicgrid.uploads import Folder


def _material_file(user, name: str) -> bool:
    from archive.selectors import visible_material_files

    return visible_material_files(user, name).exists()


READERS = [Folder("archive/", _material_file)]
