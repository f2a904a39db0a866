from django.contrib import admin

from archive.models import ArchiveMaterial, EvidenceLink, MaterialFile


class MaterialFileInline(admin.TabularInline):
    model = MaterialFile
    fields = ["name", "version", "is_current", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class EvidenceLinkInline(admin.TabularInline):
    model = EvidenceLink
    fields = ["source", "ref_id", "title", "date", "linked_by", "linked_at"]
    readonly_fields = fields
    extra = 0


@admin.register(ArchiveMaterial)
class ArchiveMaterialAdmin(admin.ModelAdmin):
    list_display = ["indicator_code", "title", "kind", "owner", "due_on", "status", "org_unit"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "indicator_code"]
    readonly_fields = ["org_unit", "status", "reject_reason", "completed_at", "scope_path"]
    raw_id_fields = ["owner"]
    inlines = [MaterialFileInline, EvidenceLinkInline]

    def has_add_permission(self, request):
        # Materials are set up on the archive pages (archive.services), which fill the scope and audit it.
        return False
