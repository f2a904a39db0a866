from django.conf import settings

from civicgrid.navigation import navigation_for


def shell(request):
    user = getattr(request, "user", None)
    nav = navigation_for(user, request.path) if user is not None and user.is_authenticated else []
    return {"product_name": settings.PRODUCT_NAME, "navigation": nav}
