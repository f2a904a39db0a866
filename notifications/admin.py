from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from notifications.models import Notification, WebhookDelivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["name", "channel", "url", "department", "org_unit", "is_active"]
    list_filter = ["channel", "is_active"]
    autocomplete_fields = ["department", "org_unit"]


@admin.action(description=_("Send again"))
def replay_deliveries(modeladmin, request, queryset):
    from django.utils import timezone

    count = queryset.update(status="pending", next_attempt_at=timezone.now())
    modeladmin.message_user(request, _("%(count)d deliveries queued again.") % {"count": count})


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["endpoint", "event", "status", "attempts", "last_status_code", "next_attempt_at", "delivered_at"]
    list_filter = ["status", "endpoint"]
    actions = [replay_deliveries]
    list_select_related = ["endpoint", "event", "event__case"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in WebhookDelivery._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "verb", "user", "department", "created_at", "read_at"]
    list_filter = ["verb"]
    list_select_related = ["user", "department"]
