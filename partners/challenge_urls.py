from django.urls import path

from partners import challenge_views as views

app_name = "challenges"

urlpatterns = [
    path("", views.challenge_list, name="list"),
    path("export.<str:fmt>", views.challenge_export, name="export"),
    path("summary/", views.challenge_summary, name="summary"),
    path("ladder/", views.escalation_ladder, name="ladder"),
    path("raise/", views.challenge_raise, name="raise"),
    path("<uuid:public_id>/", views.challenge_detail, name="detail"),
    path("<uuid:public_id>/respond/", views.challenge_respond, name="respond"),
    path("<uuid:public_id>/decide/", views.challenge_decide, name="decide"),
    path("<uuid:public_id>/escalate/", views.challenge_escalate, name="escalate"),
    path("<uuid:public_id>/withdraw/", views.challenge_withdraw, name="withdraw"),
    path("<uuid:public_id>/evidence/<int:step_id>/", views.challenge_evidence, name="evidence"),
]
