from django.db.models import Q, QuerySet

from notifications.models import Notification


def inbox_for(user) -> QuerySet[Notification]:
    """The user's own notifications and their department's, newest first."""
    condition = Q(user=user)
    if user.department_id:
        condition |= Q(department_id=user.department_id)
    return Notification.objects.filter(condition).select_related("case").order_by("-created_at", "-id")
