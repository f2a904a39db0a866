"""Two people upload a new version of the same file at the same instant: versions 1 and 2, one of them current."""

import threading
from io import BytesIO

import pytest
from django.db import close_old_connections

from archive import samples, services
from archive.models import MaterialFile
from archive.tests.conftest import Archive


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_uploads_of_one_name_make_consecutive_versions_with_one_current(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    from civicgrid.testing import demo_subdistrict

    demo_subdistrict()
    archive = Archive()
    material = archive.material(owner=archive.owner)
    start = threading.Barrier(2)
    errors = []

    def upload(actor, text):
        try:
            start.wait()
            services.material_file_add(
                actor=actor, material=material, stream=BytesIO(samples.pdf(text)), name="方案.pdf"
            )
        except Exception as exc:  # the test reports any failure, it must not hang the other thread
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=upload, args=(archive.assessor, "one")),
        threading.Thread(target=upload, args=(archive.owner, "two")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    rows = MaterialFile.objects.filter(material=material).order_by("version")
    assert [row.version for row in rows] == [1, 2]
    assert [row.is_current for row in rows] == [False, True]
