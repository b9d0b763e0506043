from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_create, name="create"),
    path("<uuid:public_id>/", views.report_detail, name="detail"),
    path("<uuid:public_id>/preview/", views.report_preview, name="preview"),
    path("<uuid:public_id>/sections/<int:pk>/", views.section_edit, name="section_edit"),
    path("<uuid:public_id>/sections/<int:pk>/move/", views.section_move, name="section_move"),
    path("<uuid:public_id>/generate/", views.report_generate, name="generate"),
    path("<uuid:public_id>/sent/", views.record_sent, name="record_sent"),
    path("<uuid:public_id>/versions/<int:number>/pdf/", views.version_download, name="version_download"),
    path("<uuid:public_id>/versions/<int:number>/sign/", views.version_sign, name="version_sign"),
    path("<uuid:public_id>/versions/<int:number>/publish/", views.version_publish, name="version_publish"),
    path("jobs/<uuid:public_id>/", views.job_status, name="job_status"),
    path("jobs/<uuid:public_id>/retry/", views.job_retry, name="job_retry"),
]
