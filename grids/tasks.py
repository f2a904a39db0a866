import logging

from django.utils import timezone
from django.utils.translation import gettext
from huey.contrib.djhuey import db_task

from grids.io import GridFileError, read_features
from grids.models import GridImport, GridImportStatus
from grids.services import GridImportRejected, grids_import

logger = logging.getLogger(__name__)


@db_task()
def run_grid_import(import_id: int) -> None:
    """Check and import an uploaded grid file; progress and the row report go on the GridImport row."""
    job = GridImport.objects.select_related("uploaded_by").get(pk=import_id)
    GridImport.objects.filter(pk=job.pk).update(status=GridImportStatus.RUNNING)

    def progress(done: int, total: int) -> None:
        GridImport.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        with job.file.open("rb") as handle:
            features = read_features(handle.read(), job.original_name)
        GridImport.objects.filter(pk=job.pk).update(total=len(features))
        report = grids_import(actor=job.uploaded_by, features=features, crs=job.crs, progress=progress)
    except GridFileError as exc:
        GridImport.objects.filter(pk=job.pk).update(
            status=GridImportStatus.FAILED,
            errors=[{"row": 0, "code": "", "field": "file", "message": str(exc)}],
            finished_at=timezone.now(),
        )
        return
    except GridImportRejected as exc:
        GridImport.objects.filter(pk=job.pk).update(
            status=GridImportStatus.FAILED, errors=exc.report.errors[:2000], finished_at=timezone.now()
        )
        return
    except Exception:
        logger.exception("grid import %s crashed", job.pk)
        GridImport.objects.filter(pk=job.pk).update(
            status=GridImportStatus.FAILED,
            errors=[
                {
                    "row": 0,
                    "code": "",
                    "field": "file",
                    "message": gettext("The import failed on our side; nothing was imported."),
                }
            ],
            finished_at=timezone.now(),
        )
        raise
    GridImport.objects.filter(pk=job.pk).update(
        status=GridImportStatus.DONE,
        created=report.created,
        updated=report.updated,
        done=len(features),
        finished_at=timezone.now(),
    )
