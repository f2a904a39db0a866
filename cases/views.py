from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import RoleCode
from accounts.selectors import may_see_personal_data
from cases import services
from cases.forms import CaseFilterForm, ReportForm, action_form, transition_fields
from cases.queues import QUEUES_BY_KEY, queues_for, search
from cases.selectors import (
    allowed_transitions,
    case_timeline,
    current_parts,
    nearby_open_cases,
    pending_requests,
    visible_cases,
)
from cases.workflow import action_label
from grids.views import map_settings

LIST_PAGE_SIZE = 30
# Sort keys a list accepts (each backed by an index or a small filtered set) → the ORM ordering.
SORTS = {
    "-reported_at": "-reported_at",
    "reported_at": "reported_at",
    "due_at": F("due_at").asc(nulls_last=True),
    "-due_at": F("due_at").desc(nulls_last=True),
    "state": "state",
    "number": "number",
}
# Who reports problems through the staff form (patrollers in the street, operators taking calls).
REPORTER_ROLES = (RoleCode.PATROLLER, RoleCode.OPERATOR, RoleCode.SHIFT_LEAD)


def _queue_and_filter(request):
    queues = queues_for(request.user)
    if not queues:
        raise PermissionDenied
    queue = QUEUES_BY_KEY.get(request.GET.get("queue") or queues[0].key)
    if queue is None or queue not in queues:
        raise Http404
    form = CaseFilterForm(request.GET or None)
    cases = queue.cases(request.user)
    if form.is_valid():
        cases = search(cases, **form.cleaned_data)
    return queues, queue, form, cases


@require_POST
@login_required
def save_filter(request):
    from urllib.parse import urlencode

    from cases.models import SavedFilter

    name = (request.POST.get("name") or "").strip()[:40]
    allowed = {"queue", "q", "state", "source", "overdue"}
    query = urlencode([(k, v) for k, v in request.POST.items() if k in allowed and v])[:500]
    if name:
        SavedFilter.objects.update_or_create(user=request.user, name=name, defaults={"query": query})
        messages.success(request, _("Filter “%(name)s” saved.") % {"name": name})
    else:
        messages.error(request, _("Give the filter a name."))
    return redirect(f"{reverse('cases:list')}?{query}")


@require_POST
@login_required
def delete_filter(request, pk: int):
    request.user.saved_filters.filter(pk=pk).delete()
    return redirect("cases:list")


@login_required
def case_export(request):
    from django.http import FileResponse

    from audit.services import audit_access
    from cases.export import export_cases

    _queues, queue, _form, cases = _queue_and_filter(request)
    name = f"cases-{queue.key}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
    # Who took which cases out of the system: the file name and the filter that chose them.
    filters = {key: request.GET.getlist(key) for key in sorted(request.GET) if key != "page"}
    audit_access(actor=request.user, action="cases.export", target_type="cases.case", summary=name, data=filters)
    return FileResponse(export_cases(cases), as_attachment=True, filename=name)


@login_required
def case_list(request):
    queues, queue, form, cases = _queue_and_filter(request)
    sort = request.GET.get("sort", "-reported_at")
    if sort not in SORTS:
        sort = "-reported_at"
    cases = cases.select_related("category", "lead_department", "community_grid").order_by(SORTS[sort], "-id")
    page = Paginator(cases, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "queues": queues,
        "queue": queue,
        "form": form,
        "page": page,
        "can_report": request.user.has_role(*REPORTER_ROLES),
        "sort": sort,
        "saved_filters": request.user.saved_filters.all()[:20],
    }
    template = "cases/_case_rows.html" if request.htmx else "cases/list.html"
    return render(request, template, context)


def _case_or_404(user, pk: int):
    return get_object_or_404(
        visible_cases(user).select_related(
            "category", "condition", "lead_department", "community_grid", "road_grid", "org_unit", "reporter",
            "merged_into", "duplicate_of",
        ),
        pk=pk,
    )  # fmt: skip


def _detail_context(request, case, forms=None) -> dict:
    transitions = allowed_transitions(case, request.user)
    forms = forms or {}
    actions = [(t, forms.get(t.action) or action_form(t.action, case)) for t in transitions]
    attachments = list(case.attachments.all())
    return {
        "case": case,
        "actions": actions,
        "timeline": case_timeline(case),
        "stages": case.stages.order_by("started_at", "id"),
        "parts": current_parts(case),
        "before": [a for a in attachments if a.phase == "before"],
        "after": [a for a in attachments if a.phase in ("after", "evidence")],
        "pending_requests": pending_requests(case),
        "nearby": case.duplicate_of,
        "nearby_cases": nearby_open_cases(case, request.user),
        "map_config": map_settings(),
        "point": {"lng": case.lng, "lat": case.lat},
        "show_personal": may_see_personal_data(viewer=request.user),
        "now": timezone.now(),
    }


@login_required
def case_detail(request, pk: int):
    case = _case_or_404(request.user, pk)
    return render(request, "cases/detail.html", _detail_context(request, case))


@require_POST
@login_required
def case_act(request, pk: int, action: str):
    case = _case_or_404(request.user, pk)
    form = (
        action_form(action, case, request.POST, request.FILES)
        if action in {t.action for t in allowed_transitions(case, request.user)}
        else None
    )
    if form is None:
        messages.error(request, _("This action is not available for this case now."))
        return redirect("cases:detail", pk=case.pk)
    if form.is_valid():
        try:
            services.transition(
                case=case, action=action, actor=request.user, expected_version=form.cleaned_data["version"],
                **transition_fields(action, form.cleaned_data),
            )  # fmt: skip
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except services.CaseError as exc:
            messages.error(request, exc.message)
            return redirect("cases:detail", pk=case.pk)
        else:
            messages.success(
                request,
                # The label from the table, not from the actions still open: once done, this one no longer is.
                _("Done: %(action)s.") % {"action": action_label(action)},
            )
            return redirect("cases:detail", pk=case.pk)
    context = _detail_context(request, case, forms={action: form})
    context["open_action"] = action
    return render(request, "cases/detail.html", context, status=400)


@require_http_methods(["GET", "POST"])
@login_required
def case_new(request):
    if not request.user.has_role(*REPORTER_ROLES):
        raise PermissionDenied
    form = ReportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case, created = services.case_report(
                source=data["source"], description=data["description"], lng=data["lng"], lat=data["lat"],
                crs=data["crs"] or "wgs84", actor=request.user, category=data["category"], address=data["address"],
                idempotency_key=data["idempotency_key"], photos=data["photos"],
            )  # fmt: skip
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error("lng" if field == "position" else field if field in form.fields else None, errors)
        else:
            if created:
                messages.success(request, _("Reported as case %(number)s.") % {"number": case.number})
            return redirect("cases:detail", pk=case.pk)
    return render(
        request, "cases/new.html", {"form": form, "map_config": map_settings()}, status=400 if form.errors else 200
    )
