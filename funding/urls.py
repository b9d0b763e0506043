from django.urls import path

from funding import views

app_name = "funding"

urlpatterns = [
    path("", views.index, name="index"),
    path("years/add/", views.year_add, name="year_add"),
    path("years/<uuid:public_id>/", views.year_detail, name="year_detail"),
    path("years/<uuid:public_id>/split/", views.split_edit, name="split_edit"),
    path("years/<uuid:public_id>/pledges/", views.pledges, name="pledges"),
    path("years/<uuid:public_id>/spend/", views.outturn_edit, name="outturn_edit"),
    path("years/<uuid:public_id>/new-version/", views.budget_new_version, name="budget_new_version"),
    path("years/<uuid:public_id>/contributions/", views.contribution_list, name="contribution_list"),
    path("years/<uuid:public_id>/contributions/add/", views.contribution_add, name="contribution_add"),
    path("years/<uuid:public_id>/budget-table/", views.budget_table, name="budget_table"),
    path(
        "years/<uuid:public_id>/budget-table.<str:fmt>", views.budget_table_export, name="budget_table_export"
    ),
    path("budgets/<uuid:public_id>/", views.budget_detail, name="budget_detail"),
    path("budgets/<uuid:public_id>/lines/", views.budget_lines, name="budget_lines"),
    path("budgets/<uuid:public_id>/sign/", views.budget_sign, name="budget_sign"),
    path("contributions/<uuid:public_id>/", views.contribution_detail, name="contribution_detail"),
    path("contributions/<uuid:public_id>/edit/", views.contribution_edit, name="contribution_edit"),
]
