from django.urls import path

from audits import views

app_name = "audits"

urlpatterns = [
    path("", views.home, name="home"),
    path("sets/", views.set_list, name="set_list"),
    path("sets/import/", views.set_import, name="set_import"),
    path("sets/<uuid:public_id>/", views.set_detail, name="set_detail"),
    path("sets/<uuid:public_id>/copy/", views.set_copy, name="set_copy"),
    path("sets/<uuid:public_id>/edit/", views.set_edit, name="set_edit"),
    path("sets/<uuid:public_id>/standards/<int:number>/", views.standard_edit, name="standard_edit"),
    path("sets/<uuid:public_id>/export.xlsx", views.set_export, name="set_export"),
    path("cycles/open/", views.cycle_open, name="cycle_open"),
    path("cycles/<uuid:public_id>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<uuid:public_id>/share/", views.cycle_share, name="cycle_share"),
    path("cycles/<uuid:public_id>/agencies/", views.cycle_agencies, name="cycle_agencies"),
    path("cycles/<uuid:public_id>/answers.<str:fmt>", views.cycle_export, name="cycle_export"),
    path("returns/<uuid:public_id>/", views.return_detail, name="return_detail"),
    path("returns/<uuid:public_id>/summary/", views.return_summary, name="return_summary"),
    path("returns/<uuid:public_id>/standards/<int:number>/", views.return_standard, name="return_standard"),
    path(
        "returns/<uuid:public_id>/answers/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"
    ),
    path("returns/<uuid:public_id>/submit/", views.return_submit, name="return_submit"),
    path("returns/<uuid:public_id>/send-back/", views.return_send_back, name="return_send_back"),
    path("returns/<uuid:public_id>/accept/", views.return_accept, name="return_accept"),
    path("returns/<uuid:public_id>/return.pdf", views.return_pdf, name="return_pdf"),
    path("returns/<uuid:public_id>/moderation/", views.moderation, name="moderation"),
    path("returns/<uuid:public_id>/moderation/send/", views.letter_send, name="letter_send"),
    path("returns/<uuid:public_id>/moderation/letter.pdf", views.letter_pdf, name="letter_pdf"),
    path("evidence/<uuid:public_id>/", views.evidence_download, name="evidence_download"),
    path("evidence/<uuid:public_id>/remove/", views.evidence_remove, name="evidence_remove"),
]
