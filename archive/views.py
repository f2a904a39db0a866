"""The archive pages: completeness, the list of materials, one material with its files and links, the export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.selectors import visible_org_units
from archive import selectors, services
from archive.export import archive_zip
from archive.files import FileRejected
from archive.forms import (
    EvidenceSearchForm,
    LinkForm,
    MaterialFilterForm,
    MaterialForm,
    NoteForm,
    RejectForm,
    UploadForm,
)
from archive.models import ArchiveMaterial, EvidenceLink, MaterialStatus
from archive.selectors import MANAGE_ROLES, READ_ROLES
from audit.services import audit_access
from civicgrid.forms import service_errors
from civicgrid.navigation import STAFF_ROLES

PAGE_SIZE = 50
EVIDENCE_RESULTS = 20


def _filters(request) -> dict:
    form = MaterialFilterForm(request.GET)
    return form.cleaned_data if form.is_valid() else {}


def _unit(request, unit_id):
    units = visible_org_units(request.user)
    if unit_id:
        unit = units.filter(pk=unit_id).first()
        if unit is None:
            raise Http404
        return unit
    unit = request.user.org_unit or units.order_by("depth", "path").first()
    if unit is None:
        raise Http404
    return unit


def _in_unit(request, unit):
    return selectors.visible_materials(request.user).filter(scope_path__startswith=unit.path)


@role_required(*READ_ROLES)
def overview(request):
    """Completeness overall, per indicator and per owner, with what is overdue."""
    unit = _unit(request, _filters(request).get("unit"))
    materials = _in_unit(request, unit)
    today = timezone.localdate()
    return render(
        request,
        "archive/overview.html",
        {
            "unit": unit,
            "units": visible_org_units(request.user).exclude(kind="grid").order_by("path"),
            "overall": selectors.completeness(materials, today=today),
            "by_indicator": selectors.completeness_by_indicator(materials, today=today),
            "by_owner": selectors.completeness_by_owner(materials, today=today),
            "overdue": selectors.overdue_materials(materials, today=today)[:PAGE_SIZE],
            "can_manage": request.user.has_role(*MANAGE_ROLES),
        },
    )


@role_required(*STAFF_ROLES)
def material_list(request):
    data = _filters(request)
    materials = selectors.visible_materials(request.user).select_related("owner", "org_unit")
    if data.get("unit"):
        materials = materials.filter(scope_path__startswith=_unit(request, data["unit"]).path)
    if data.get("status"):
        materials = materials.filter(status=data["status"])
    if data.get("indicator"):
        materials = materials.filter(indicator_code=data["indicator"])
    if data.get("mine"):
        materials = materials.filter(owner=request.user)
    if data.get("overdue"):
        materials = materials.filter(selectors.overdue())
    page = Paginator(materials.order_by("indicator_code", "title", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    tree = selectors.indicator_tree()
    for material in page.object_list:
        node = tree.get(material.indicator_code)
        material.indicator_label = node.label if node else material.indicator_code
    return render(
        request,
        "archive/material_list.html",
        {
            "page": page,
            "filters": data,
            "statuses": MaterialStatus.choices,
            "indicators": selectors.indicator_choices(),
            "today": timezone.localdate(),
            "can_manage": request.user.has_role(*MANAGE_ROLES),
        },
    )


@role_required(*MANAGE_ROLES)
def material_new(request):
    form = MaterialForm(request.POST or None, user=request.user, initial={"org_unit": request.user.org_unit_id})
    if request.method == "POST" and form.is_valid():
        try:
            material = services.material_create(actor=request.user, **form.cleaned_data)
        except services.ArchiveError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Material added."))
            return redirect("archive:material", pk=material.pk)
    return render(request, "archive/material_form.html", {"form": form, "material": None})


def _visible(request, pk) -> ArchiveMaterial:
    return get_object_or_404(selectors.visible_materials(request.user).select_related("owner", "org_unit"), pk=pk)


@role_required(*MANAGE_ROLES)
def material_edit(request, pk):
    material = _visible(request, pk)
    if not selectors.may_manage(request.user, material):
        raise PermissionDenied
    initial = {
        "indicator_code": material.indicator_code,
        "title": material.title,
        "kind": material.kind,
        "requirement": material.requirement,
        "owner": material.owner_id,
        "due_on": material.due_on,
    }
    form = MaterialForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.material_update(actor=request.user, material=material, **form.cleaned_data)
        except services.ArchiveError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Material saved."))
            return redirect("archive:material", pk=material.pk)
    return render(request, "archive/material_form.html", {"form": form, "material": material})


def _detail(request, material, *, status=200, **forms):
    tree = selectors.indicator_tree()
    node = tree.get(material.indicator_code)
    can_supply = selectors.may_supply(request.user, material)
    context = {
        "material": material,
        "indicator": " / ".join(node.labels) if node else None,
        "files": selectors.material_files(material),
        "links": material.links.select_related("linked_by"),
        "can_manage": selectors.may_manage(request.user, material),
        "can_supply": can_supply,
        "upload_form": forms.get("upload_form") or UploadForm(),
        "note_form": forms.get("note_form") or NoteForm(initial={"note": material.note}),
        "reject_form": forms.get("reject_form") or RejectForm(),
        "sources": [(key, source.label) for key, source in services.evidence_sources().items()],
        "today": timezone.localdate(),
    }
    search = EvidenceSearchForm(request.GET)
    if can_supply and search.is_valid() and search.cleaned_data["source"]:
        source = services.evidence_sources().get(search.cleaned_data["source"])
        query = search.cleaned_data["q"].replace("\x00", "").strip()
        context["search"] = {"source": search.cleaned_data["source"], "q": query}
        context["results"] = source.search(request.user, query, EVIDENCE_RESULTS) if source else []
    return render(request, "archive/material_detail.html", context, status=status)


@role_required(*STAFF_ROLES)
def material_detail(request, pk):
    return _detail(request, _visible(request, pk))


@require_POST
@role_required(*STAFF_ROLES)
def material_upload(request, pk):
    material = _visible(request, pk)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            row = services.material_file_add(
                actor=request.user, material=material, stream=upload.file, name=upload.name
            )
        except FileRejected as exc:
            form.add_error("file", exc.message)
        except services.ArchiveError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request, _("File %(name)s stored as version %(version)s.") % {"name": row.name, "version": row.version}
            )
            return redirect("archive:material", pk=material.pk)
    material.refresh_from_db()
    return _detail(request, material, status=400, upload_form=form)


@require_POST
@role_required(*STAFF_ROLES)
def material_note(request, pk):
    material = _visible(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.material_note(
                actor=request.user, material=material, note=form.cleaned_data["note"].replace("\x00", "")
            )
        except services.ArchiveError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Record saved."))
            return redirect("archive:material", pk=material.pk)
    return _detail(request, material, status=400, note_form=form)


@require_POST
@role_required(*STAFF_ROLES)
def material_link(request, pk):
    material = _visible(request, pk)
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a record to link."))
    else:
        try:
            services.material_link(actor=request.user, material=material, **form.cleaned_data)
        except services.ArchiveError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Record linked."))
    return redirect("archive:material", pk=material.pk)


@require_POST
@role_required(*STAFF_ROLES)
def material_unlink(request, pk, link):
    material = _visible(request, pk)
    row = get_object_or_404(EvidenceLink, pk=link, material=material)
    try:
        services.material_unlink(actor=request.user, link=row)
    except services.ArchiveError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("archive:material", pk=material.pk)


@require_POST
@role_required(*MANAGE_ROLES)
def material_complete(request, pk):
    material = _visible(request, pk)
    try:
        services.material_complete(actor=request.user, material=material)
    except services.ArchiveError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Material accepted as complete."))
    return redirect("archive:material", pk=material.pk)


@require_POST
@role_required(*MANAGE_ROLES)
def material_reject(request, pk):
    material = _visible(request, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.material_reject(actor=request.user, material=material, reason=form.cleaned_data["reason"])
        except services.ArchiveError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, _("Material sent back to its owner."))
            return redirect("archive:material", pk=material.pk)
    return _detail(request, material, status=400, reject_form=form)


@role_required(*READ_ROLES)
def export(request):
    """The zip assessors ask for, streamed; the export itself is audited."""
    unit = _unit(request, _filters(request).get("unit"))
    materials = _in_unit(request, unit)
    stream = archive_zip(user=request.user, materials=materials)
    audit_access(
        actor=request.user,
        action="archive.export",
        target_type="archive.export",
        target_id=str(unit.pk),
        summary=unit.name,
        data={"unit": unit.path, "entries": stream.num_queued()},
    )
    name = f"{_('Archive materials')} {unit.name} {timezone.localdate():%Y%m%d}.zip"
    response = StreamingHttpResponse(stream, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
