from django.http import JsonResponse
from django.views.decorators.http import require_POST

from civicgrid.ratelimit import client_ip
from verification.services import VerificationError, code_send


@require_POST
def code(request):
    """Send a code to the phone in the form; the page's own form then sends phone + code with its action."""
    try:
        code_send(phone=request.POST.get("phone", ""), purpose=request.POST.get("purpose", ""), ip=client_ip(request))
    except VerificationError as error:
        return JsonResponse({"errors": {error.field: [error.message]}}, status=error.status)
    return JsonResponse({"ok": True})
