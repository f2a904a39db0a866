"""The volunteer's service certificate (志愿服务记录证明), a PDF made like the weekly reports (WeasyPrint, the
Chinese font of command/reports). Shows the masked ID number: the certificate is printed and passed around."""

from django.template.loader import render_to_string
from django.utils import timezone

from volunteers.models import RecordStatus, Volunteer


def render_pdf(*, volunteer: Volunteer, masked: dict) -> bytes:
    from PIL import ImageFile
    from weasyprint import HTML  # heavy, imported only when a PDF is made

    # WeasyPrint's import relaxes Pillow process-wide; uploads must stay strict (cases.media).
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    records = (
        volunteer.records.filter(status=RecordStatus.CONFIRMED).select_related("activity").order_by("-day", "-pk")[:40]
    )
    html = render_to_string(
        "volunteers/certificate.html",
        {"volunteer": volunteer, "masked": masked, "records": records, "issued": timezone.localdate()},
    )
    return HTML(string=html).write_pdf()
