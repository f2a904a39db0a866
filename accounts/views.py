from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts import selectors, services
from accounts.decorators import role_required
from accounts.forms import LoginForm, UserFilterForm
from civicgrid.navigation import STAFF_ROLES


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def lockout_response(request, original_response=None, credentials=None):
    """django-axes calls this when an account is locked: the login page, with the reason."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    # Unbound, with the typed username kept: the lockout is the only message to show.
    form = LoginForm(request, initial={"username": request.POST.get("username", "")})
    message = _(
        "This account is locked after %(limit)d wrong passwords in a row. "
        "Try again in %(minutes)d minutes, or ask the system administrator to unlock it."
    ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "accounts/login.html", {"form": form, "lockout_message": message}, status=429)


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    for field in form.fields.values():
        field.widget.attrs["class"] = "form-control"
    if request.method == "POST" and form.is_valid():
        services.user_change_password(
            actor=request.user, user=request.user, new_password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password has been changed."))
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


@role_required(*STAFF_ROLES)
def org_unit_list(request):
    units = (
        selectors.visible_org_units(request.user)
        .annotate(user_count=Count("users", distinct=True), department_count=Count("departments", distinct=True))
        .order_by("path")
    )
    return render(request, "accounts/org_unit_list.html", {"units": units})


@role_required(*STAFF_ROLES)
def org_unit_detail(request, pk: int):
    unit = get_object_or_404(selectors.visible_org_units(request.user), pk=pk)
    context = {
        "unit": unit,
        "breadcrumbs": selectors.org_unit_breadcrumbs(user=request.user, unit=unit),
        "children": selectors.org_unit_children(user=request.user, unit=unit),
        "departments": selectors.visible_departments(request.user).filter(org_unit=unit),
        "users": selectors.visible_users(request.user).filter(org_unit=unit)[:200],
        "show_personal": selectors.may_see_personal_data(viewer=request.user),
    }
    return render(request, "accounts/org_unit_detail.html", context)


@role_required(*STAFF_ROLES)
def department_list(request):
    departments = selectors.visible_departments(request.user).annotate(user_count=Count("users"))
    return render(request, "accounts/department_list.html", {"departments": departments})


@role_required(*STAFF_ROLES)
def department_detail(request, pk: int):
    department = get_object_or_404(selectors.visible_departments(request.user), pk=pk)
    users = selectors.visible_users(request.user).filter(department=department)
    context = {
        "department": department,
        "users": users,
        "show_personal": selectors.may_see_personal_data(viewer=request.user),
    }
    return render(request, "accounts/department_detail.html", context)


@role_required(*STAFF_ROLES)
def user_list(request):
    form = UserFilterForm(request.GET or None)
    users = selectors.visible_users(request.user).order_by("org_unit__path", "username")
    if form.is_valid():
        if q := form.cleaned_data["q"]:
            users = users.filter(Q(username__icontains=q) | Q(name__icontains=q))
        if role := form.cleaned_data["role"]:
            users = users.filter(roles__code=role)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "show_personal": selectors.may_see_personal_data(viewer=request.user),
    }
    return render(request, "accounts/user_list.html", context)


@role_required(*STAFF_ROLES)
def user_detail(request, pk: int):
    subject = get_object_or_404(selectors.visible_users(request.user), pk=pk)
    context = {
        "subject": subject,
        "show_personal": selectors.may_see_personal_data(viewer=request.user, subject=subject),
    }
    return render(request, "accounts/user_detail.html", context)
