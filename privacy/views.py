import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.decorators import role_required
from accounts.models import RoleCode
from privacy import services
from privacy.forms import ErasureForm, PersonForm
from privacy.models import PersonalDataRequest

ROLES = (RoleCode.ADMIN,)


@role_required(*ROLES)
def requests(request):
    """Find what is held about one resident (by phone), export it, or erase it; and the requests handled."""
    person = PersonForm(request.POST or None)
    erasure = ErasureForm(request.POST if request.POST.get("action") == "erase" else None)
    found = None
    if request.method == "POST" and person.is_valid():
        phone = person.cleaned_data["phone"]
        try:
            if request.POST.get("action") == "export":
                document = services.person_export(phone=phone, actor=request.user)
                response = HttpResponse(
                    json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
                )
                stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
                response["Content-Disposition"] = f'attachment; filename="personal-data-{stamp}.json"'
                return response
            if request.POST.get("action") == "erase" and erasure.is_valid():
                counts = services.person_erase(phone=phone, actor=request.user, reason=erasure.cleaned_data["reason"])
                messages.success(
                    request, _("The person was removed from %(total)s records.") % {"total": sum(counts.values())}
                )
                return redirect("privacy:requests")
            found = services.person_find(phone=phone, actor=request.user)
        except services.PrivacyError as error:
            person.add_error(error.field if error.field in person.fields else None, error.message)
    page = Paginator(PersonalDataRequest.objects.select_related("actor"), 30).get_page(request.GET.get("page"))
    return render(
        request, "privacy/requests.html", {"person": person, "erasure": erasure, "found": found, "page": page}
    )
