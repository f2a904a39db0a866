"""Generated reports (collected by civicgrid.uploads): for those who may download the report."""

from django.db.models import Q

from civicgrid.uploads import Folder


def _report_file(user, name: str) -> bool:
    from command.selectors import visible_reports

    return visible_reports(user).filter(Q(xlsx=name) | Q(pdf=name)).exists()


READERS = [Folder("reports/", _report_file)]
