"""The REST API's one router; each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from accounts import api as accounts_api
from cases import api as cases_api
from grids import api as grids_api

router = DefaultRouter()
router.register("org-units", accounts_api.OrgUnitViewSet, basename="org-unit")
router.register("departments", accounts_api.DepartmentViewSet, basename="department")
router.register("users", accounts_api.UserViewSet, basename="user")
router.register("grids", grids_api.GridViewSet, basename="grid")
router.register("cases", cases_api.CaseViewSet, basename="case")
router.register("categories", cases_api.CategoryViewSet, basename="category")

urlpatterns = router.urls
