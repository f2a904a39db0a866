from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.selectors import inbox_for


@login_required
def inbox(request):
    notifications = inbox_for(request.user)
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    return render(request, "cases/inbox.html", {"page": page})


@require_POST
@login_required
def inbox_mark_read(request):
    # A department's notification is read for the whole department once someone there has read it.
    inbox_for(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("cases:inbox")
