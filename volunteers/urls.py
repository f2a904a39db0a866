from django.urls import path

from volunteers import api, phone, views

app_name = "volunteers"

urlpatterns = [
    path("", views.rates, name="rates"),
    path("people/", views.volunteer_list, name="list"),
    path("people/inactive/", views.inactive, name="inactive"),
    path("people/import/", views.volunteer_import, name="import"),
    path("people/export.xlsx", views.volunteer_export, name="export"),
    path("people/<int:pk>/", views.volunteer_detail, name="volunteer"),
    path("people/<int:pk>/reveal/", views.volunteer_reveal, name="reveal"),
    path("activities/", views.activity_list, name="activities"),
    path("activities/new/", views.activity_new, name="activity_new"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/qr/", views.activity_qr, name="activity_qr"),
    path("activities/<int:pk>/qr.svg", views.activity_qr_svg, name="activity_qr_svg"),
    path("activities/<int:pk>/by-hand/", views.activity_check_by_hand, name="check_by_hand"),
    path("activities/<int:pk>/record/", views.activity_record, name="activity_record"),
    path("records/<int:pk>/confirm/", views.record_confirm, name="record_confirm"),
    path("records/<int:pk>/correct/", views.record_correct, name="record_correct"),
    path("teams/", views.team_list, name="teams"),
    path("teams/new/", views.team_new, name="team_new"),
    path("teams/<int:pk>/", views.team_detail, name="team"),
    path("teams/<int:pk>/edit/", views.team_edit, name="team_edit"),
    path("teams/<int:pk>/members/", views.team_members, name="team_members"),
    path("stats/", views.stats, name="stats"),
    path("m/", phone.start, name="start"),
    path("m/register/", phone.register, name="register"),
    path("m/sign-out/", phone.sign_out, name="sign_out"),
    path("m/me/", phone.me, name="me"),
    path("m/certificate.pdf", phone.certificate_pdf, name="certificate"),
    path("m/activities/<int:pk>/", phone.activity, name="m_activity"),
    path("m/activities/<int:pk>/<str:action>/", phone.activity_action, name="m_action"),
    path("scan/<int:pk>/", phone.scan, name="scan"),
    path("api/volunteers/", api.VolunteerList.as_view(), name="api_volunteers"),
]
