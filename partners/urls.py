from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("switch/", views.partnership_switch, name="switch"),
    path("areas/add/", views.area_add, name="area_add"),
    path("areas/<int:pk>/edit/", views.area_edit, name="area_edit"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/export.<str:fmt>", views.agency_export, name="agency_export"),
    path("agencies/add/", views.agency_add, name="agency_add"),
    path("agencies/import/", views.agency_import, name="agency_import"),
    path("agencies/import/confirm/", views.agency_import_confirm, name="agency_import_confirm"),
    path("agencies/<uuid:public_id>/", views.agency_detail, name="agency_detail"),
    path("agencies/<uuid:public_id>/edit/", views.agency_edit, name="agency_edit"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("people/", views.people, name="people"),
    path("people/invite/", views.person_invite, name="person_invite"),
    path("people/roles/<int:pk>/remove/", views.role_remove, name="role_remove"),
]
