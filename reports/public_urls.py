from django.urls import path

from reports import views

app_name = "public"

urlpatterns = [
    path("<slug:slug>/", views.public_partnership, name="partnership"),
    path("<slug:slug>/reports/<uuid:public_id>/", views.public_report, name="report"),
    path("<slug:slug>/reports/<uuid:public_id>/pdf/", views.public_report_pdf, name="report_pdf"),
]
