from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("cases/", views.review_list, name="list"),
    path("cases/add/", views.review_add, name="add"),
    path("cases/<uuid:public_id>/", views.review_detail, name="detail"),
    path("cases/<uuid:public_id>/export.csv", views.review_export, name="export"),
    path("cases/<uuid:public_id>/edit/", views.review_edit, name="edit"),
    path("cases/<uuid:public_id>/stages/<slug:stage>/", views.review_stage, name="stage"),
    path("cases/<uuid:public_id>/access-log/", views.access_log, name="access_log"),
    path("cases/<uuid:public_id>/reviewers/grant/", views.reviewer_grant, name="reviewer_grant"),
    path("cases/<uuid:public_id>/reviewers/<int:pk>/revoke/", views.reviewer_revoke, name="reviewer_revoke"),
    path("cases/<uuid:public_id>/recommendations/add/", views.recommendation_add, name="recommendation_add"),
    path("summaries/", views.summary_list, name="summaries"),
    path("summaries/<uuid:public_id>/", views.review_summary, name="summary"),
    path("tracker/", views.tracker, name="tracker"),
    path("recommendations/<uuid:public_id>/", views.recommendation_detail, name="recommendation_detail"),
    path("recommendations/<uuid:public_id>/edit/", views.recommendation_edit, name="recommendation_edit"),
    path("recommendations/<uuid:public_id>/actions/add/", views.action_add, name="action_add"),
    path("actions/<uuid:public_id>/", views.action_detail, name="action_detail"),
    path("actions/<uuid:public_id>/edit/", views.action_edit, name="action_edit"),
    path("actions/<uuid:public_id>/progress/", views.action_update, name="action_update"),
    path("actions/<uuid:public_id>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<uuid:public_id>/", views.evidence_download, name="evidence_download"),
    path("learning/", views.learning_page, name="learning"),
    path("themes/", views.theme_list, name="themes"),
    path("themes/<int:pk>/edit/", views.theme_edit, name="theme_edit"),
]
