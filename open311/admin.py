from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from open311 import services
from open311.models import ClientApplication, Submission


def _show_key(request, client: ClientApplication, raw_key: str) -> None:
    messages.warning(
        request,
        _("API key of “%(name)s”: %(key)s — copy it now; it is stored only as a hash and will not be shown again.")
        % {"name": client.name, "key": raw_key},
    )


@admin.register(ClientApplication)
class ClientApplicationAdmin(admin.ModelAdmin):
    list_display = ["name", "key_prefix", "is_active", "rate_limit_per_minute", "contact", "last_used_at", "is_demo"]
    list_filter = ["is_active", "is_demo"]
    search_fields = ["name", "contact", "key_prefix"]
    fields = ["name", "contact", "is_active", "rate_limit_per_minute", "key_prefix", "key_created_at", "last_used_at"]
    readonly_fields = ["key_prefix", "key_created_at", "last_used_at"]
    actions = ["generate_key"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # A new application gets its key here, shown once in the message.
        _show_key(request, obj, services.client_register(actor=request.user, client=obj))

    @admin.action(description=_("Generate a new API key (the old one stops working)"))
    def generate_key(self, request, queryset):
        for client in queryset:
            _show_key(request, client, services.client_rotate_key(actor=request.user, client=client))


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["case", "client", "condition", "created_at"]
    list_filter = ["client"]
    search_fields = ["case__number"]
    list_select_related = ["case", "client", "condition"]
    readonly_fields = [
        "case",
        "client",
        "account_id",
        "device_id",
        "media_url",
        "condition",
        "attributes",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
