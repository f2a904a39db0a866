"""URLs of the weekly/monthly reports (included by command.urls under /command/reports/)."""

urlpatterns: list = []
