"""Case review pages, the improvement tracker, learning across reviews and the managed list of themes."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, F
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from partners.models import RoleAssignment
from reviews import access, clocks, exports, learning, rows, services
from reviews.filters import ActionFilter, ReviewFilter
from reviews.forms import (
    ActionForm,
    ActionProgressForm,
    EvidenceForm,
    GrantForm,
    RecommendationForm,
    ReviewEditForm,
    ReviewForm,
    ThemeForm,
    stage_forms,
)
from reviews.models import Action, Evidence, Recommendation, Review, ReviewAccess, ReviewerGrant
from safeguarding.access import deny_write, member_required, require_role, seat_for
from safeguarding.history import history_for
from safeguarding.models import User
from safeguarding.roles import Role

# 25 rows a page: long enough to scan, and the same as the table a page's cost is measured against.
PAGE_SIZE = 25
CONCURRENT = (
    "Someone else saved this action after you opened it, so your changes were not saved. Your changes are "
    "still in the form: open the action in a new tab to see theirs, then save again to replace them."
)


def _form_page(request, form, *, title, submit, back, caption="", intro="", aside=None):
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "back": back,
        "caption": caption,
        "intro": intro,
        "aside": aside or [],
    }
    return render(request, "reviews/form_page.html", context)


def _refused(form_class, request, action: Action, **kwargs):
    """The person's input back in the form, explained, ready to be saved over the newer version."""
    data = request.POST.copy()
    data["version"] = Action.objects.values_list("version", flat=True).get(pk=action.pk)
    form = form_class(data, instance=action, **kwargs)
    form.is_valid()
    form.add_error(None, CONCURRENT)
    return form


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _recommendations(review: Review, actions, today, *, link: bool) -> list:
    """The review's recommendations with their theme names and the table rows of the actions the person
    may see (`action_rows`), in two queries."""
    recommendations = rows.recommendations_with_actions(review, actions)
    for recommendation in recommendations:
        recommendation.action_rows = rows.action_table_rows(recommendation.action_values, today, link=link)
    return recommendations


# The people concerned with a review's grants: those holding the reviewer role in its partnership and those
# already granted it (a grant outlives a role taken away, and must still show so it can be revoked).
REVIEWERS_SQL = """
SELECT u.id, u.full_name, g.id, g.granted_at, EXISTS (
    SELECT 1 FROM {role} ra WHERE ra.partnership_id = %(partnership)s AND ra.role = %(reviewer)s
      AND ra.user_id = u.id)
FROM {user} u
JOIN (SELECT user_id FROM {role} WHERE partnership_id = %(partnership)s AND role = %(reviewer)s
      UNION SELECT user_id FROM {grant} WHERE content_object_id = %(review)s) concerned
  ON concerned.user_id = u.id
LEFT JOIN {grant} g ON g.content_object_id = %(review)s AND g.user_id = u.id
ORDER BY u.full_name, u.id
"""


def _reviewers(review: Review) -> tuple[list[dict], list[dict]]:
    """The review's grants (pk, user__full_name, granted_at) and the people who hold the reviewer role in its
    partnership without one (pk, full_name), both by name, in one query."""
    sql = REVIEWERS_SQL.format(
        role=RoleAssignment._meta.db_table, user=User._meta.db_table, grant=ReviewerGrant._meta.db_table
    )
    params = {"partnership": review.partnership_id, "reviewer": Role.REVIEWER, "review": review.pk}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        people = cursor.fetchall()
    grants, available = [], []
    for user_id, name, grant_id, granted_at, holds_role in people:
        if grant_id is not None:
            grants.append({"pk": grant_id, "user__full_name": name, "granted_at": granted_at})
        elif holds_role:
            available.append({"pk": user_id, "full_name": name})
    return grants, available


# Reviews ---------------------------------------------------------------------------------------------------


@require_safe
@member_required
def review_list(request):
    seat = seat_for(request)
    if not access.can_list_reviews(seat):
        raise Http404
    today = timezone.localdate()
    # Open reviews first (a null closing date), soonest deadline first; those with nothing due after them.
    reviews = access.reviews_for_user(seat, request.user).order_by(
        F("closed_on").asc(nulls_first=True), F("next_due_on").asc(nulls_last=True), "-created_at"
    )
    filterset = ReviewFilter(request.GET or None, queryset=reviews, today=today)
    page = Paginator(filterset.qs.values(*rows.REVIEW_FIELDS), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page": page,
        "rows": rows.review_rows(page, today),
        "query": _query(request),
        "can_manage": access.can_manage_reviews(seat),
    }
    return render(request, "reviews/review_list.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def review_add(request):
    seat = seat_for(request)
    if not access.can_list_reviews(seat):
        raise Http404
    if not access.can_manage_reviews(seat):
        deny_write()
    form = ReviewForm(request.POST or None, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        review = services.review_create(
            partnership=seat.partnership, created_by=request.user, **form.cleaned_data
        )
        messages.success(request, f"Review {review.reference} recorded.")
        return redirect("reviews:detail", public_id=review.public_id)
    return _form_page(
        request, form, title="Record a review", submit="Record the review", back=reverse("reviews:list")
    )


@require_safe
@member_required
def review_detail(request, public_id):
    seat = seat_for(request)
    review = access.get_review_for_user(seat, request.user, public_id)
    services.review_access_record(review=review, user=request.user, action=ReviewAccess.Action.VIEW)
    today = timezone.localdate()
    can_manage = access.can_manage_reviews(seat)
    can_open_tracker = access.can_view_recommendations(seat)
    actions = access.actions_for_user(seat)
    grants, available = _reviewers(review) if can_manage else ([], [])
    context = {
        "review": review,
        "links": review.linked_reviews(),
        "clocks": [(clock, clock.status(today), clock.days_left(today)) for clock in review.clocks()],
        "timeline": clocks.timeline(review, today),
        "recommendations": _recommendations(review, actions, today, link=can_open_tracker),
        "stages": [(slug, form.title) for slug, form in stage_forms(review).items()] if can_manage else [],
        "can_manage": can_manage,
        "can_read_log": access.can_read_access_log(seat),
        "grants": grants,
        "available": available,
        "can_open_tracker": can_open_tracker,
        "history": history_for(review, partnership=seat.partnership) if can_manage else None,
    }
    return render(request, "reviews/review_detail.html", context)


@require_safe
@member_required
def review_export(request, public_id):
    seat = seat_for(request)
    review = access.get_review_for_user(seat, request.user, public_id)
    services.review_access_record(review=review, user=request.user, action=ReviewAccess.Action.EXPORT)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(review)}"'
    recommendations = rows.recommendations_with_actions(review, access.actions_for_user(seat))
    exports.write_review(response, review, recommendations, timezone.localdate())
    return response


@require_http_methods(["GET", "POST"])
@member_required
def review_edit(request, public_id):
    seat = seat_for(request)
    review = access.get_review_for_user(seat, request.user, public_id)
    if not access.can_manage_reviews(seat):
        deny_write()
    form = ReviewEditForm(request.POST or None, instance=review, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        services.review_save(review=form.instance)
        messages.success(request, f"Review {review.reference} updated.")
        return redirect("reviews:detail", public_id=review.public_id)
    back = reverse("reviews:detail", kwargs={"public_id": review.public_id})
    return _form_page(request, form, title=f"Edit review {review.reference}", submit="Save", back=back)


@require_http_methods(["GET", "POST"])
@member_required
def review_stage(request, public_id, stage: str):
    seat = seat_for(request)
    review = access.get_review_for_user(seat, request.user, public_id)
    if not access.can_manage_reviews(seat):
        deny_write()
    form_class = stage_forms(review).get(stage)
    if form_class is None:
        raise Http404
    form = form_class(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        result = services.review_record_stage(review=form.instance)
        if result.opened:
            messages.success(request, f"Decision recorded. LCSPR {result.opened.reference} is now open.")
            return redirect("reviews:detail", public_id=result.opened.public_id)
        messages.success(request, f"{form_class.title}: saved.")
        return redirect("reviews:detail", public_id=review.public_id)
    due_on = form.due_on()
    aside = [("Due date", f"{due_on:%-d %B %Y}")] if due_on else []
    back = reverse("reviews:detail", kwargs={"public_id": review.public_id})
    return _form_page(
        request, form, title=form_class.title, submit="Save", back=back, caption=str(review), aside=aside
    )


@require_safe
@member_required
def access_log(request, public_id):
    seat = seat_for(request)
    review = access.get_review_for_user(seat, request.user, public_id)
    if not access.can_read_access_log(seat):
        deny_write()
    entries = review.access_log.select_related("user").order_by("-at")
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(request, "reviews/access_log.html", {"review": review, "page": page})


@require_POST
@member_required
def reviewer_grant(request, public_id):
    seat = seat_for(request)
    review = access.get_review_for_user(seat, request.user, public_id)
    if not access.can_manage_reviews(seat):
        deny_write()
    form = GrantForm(request.POST, people=services.reviewers_available(review))
    if form.is_valid():
        grant = services.reviewer_grant(review=review, user=form.cleaned_data["user"])
        messages.success(request, f"{grant.user.full_name} can now open this review.")
    else:
        messages.error(request, "Choose a reviewer to grant.")
    return redirect(reverse("reviews:detail", kwargs={"public_id": review.public_id}) + "#reviewers")


@require_POST
@member_required
def reviewer_revoke(request, public_id, pk: int):
    seat = seat_for(request)
    review = access.get_review_for_user(seat, request.user, public_id)
    if not access.can_manage_reviews(seat):
        deny_write()
    grant = access.get_grant_for_user(seat, review, pk)
    services.reviewer_revoke(grant=grant)
    messages.success(request, f"{grant.user.full_name} can no longer open this review.")
    return redirect(reverse("reviews:detail", kwargs={"public_id": review.public_id}) + "#reviewers")


@require_safe
@member_required
def summary_list(request):
    seat = seat_for(request)
    require_role(seat, access.SUMMARY_READERS)
    reviews = access.summaries_for_user(seat).order_by("-created_at")
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reviews/summary_list.html", {"page": page})


@require_safe
@member_required
def review_summary(request, public_id):
    seat = seat_for(request)
    review = access.get_review_summary_for_user(seat, request.user, public_id)
    actions = access.actions_for_user(seat)
    context = {
        "review": review,
        "recommendations": _recommendations(review, actions, timezone.localdate(), link=True),
    }
    return render(request, "reviews/review_summary.html", context)


# The improvement tracker -----------------------------------------------------------------------------------


@require_safe
@member_required
def tracker(request):
    seat = seat_for(request)
    if not access.can_list_actions(seat):
        raise Http404
    today = timezone.localdate()
    actions = access.actions_for_user(seat).order_by("due_on", "pk")
    agencies = access.owner_agencies_for_user(seat)
    filterset = ActionFilter(
        request.GET or None, queryset=actions, partnership=seat.partnership, agencies=agencies, today=today
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    values = rows.action_page_values(page)
    context = {
        "filter": filterset,
        "page": page,
        "rows": rows.action_rows(
            values, filterset.agency_names, today, link_sources=access.can_view_recommendations(seat)
        ),
        "query": _query(request),
    }
    return render(request, "reviews/tracker.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def recommendation_add(request, public_id):
    seat = seat_for(request)
    review = access.get_review_for_user(seat, request.user, public_id)
    if not access.can_manage_tracker(seat):
        deny_write()
    form = RecommendationForm(request.POST or None, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        recommendation = services.recommendation_create(
            partnership=seat.partnership,
            source_kind=Recommendation.SourceKind.REVIEW,
            source_label=f"{review.get_kind_display()} {review.reference}",
            review=review,
            **form.cleaned_data,
        )
        messages.success(request, "Recommendation added. Now add the actions that answer it.")
        return redirect("reviews:recommendation_detail", public_id=recommendation.public_id)
    back = reverse("reviews:detail", kwargs={"public_id": review.public_id})
    return _form_page(
        request, form, title="Add a recommendation", submit="Add", back=back, caption=str(review)
    )


@require_safe
@member_required
def recommendation_detail(request, public_id):
    seat = seat_for(request)
    recommendation = access.get_recommendation_for_user(seat, public_id)
    actions = recommendation.actions.with_evidence_count().values(*rows.ACTION_TABLE_FIELDS)
    context = {
        "recommendation": recommendation,
        "themes": list(recommendation.themes.all()),
        "actions": rows.action_table_rows(actions, timezone.localdate(), link=True),
        "can_manage": access.can_manage_tracker(seat),
    }
    return render(request, "reviews/recommendation_detail.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def recommendation_edit(request, public_id):
    seat = seat_for(request)
    recommendation = access.get_recommendation_for_user(seat, public_id)
    if not access.can_manage_tracker(seat):
        deny_write()
    form = RecommendationForm(request.POST or None, instance=recommendation, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        services.recommendation_update(recommendation=recommendation, **form.cleaned_data)
        messages.success(request, "Recommendation updated.")
        return redirect("reviews:recommendation_detail", public_id=recommendation.public_id)
    back = reverse("reviews:recommendation_detail", kwargs={"public_id": recommendation.public_id})
    return _form_page(request, form, title="Edit the recommendation", submit="Save", back=back)


@require_http_methods(["GET", "POST"])
@member_required
def action_add(request, public_id):
    seat = seat_for(request)
    recommendation = access.get_recommendation_for_user(seat, public_id)
    if not access.can_manage_tracker(seat):
        deny_write()
    form = ActionForm(request.POST or None, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        action = services.action_create(recommendation=recommendation, **data)
        messages.success(request, f"Action added for {action.owner_agency.name}.")
        return redirect("reviews:recommendation_detail", public_id=recommendation.public_id)
    back = reverse("reviews:recommendation_detail", kwargs={"public_id": recommendation.public_id})
    return _form_page(
        request, form, title="Add an action", submit="Add", back=back, caption=str(recommendation)
    )


@require_safe
@member_required
def action_detail(request, public_id):
    seat = seat_for(request)
    action = access.get_action_for_user(seat, public_id)
    context = {
        "action": action,
        "evidence": action.evidence.select_related("uploaded_by"),
        "themes": list(action.recommendation.themes.all()),
        "today": timezone.localdate(),
        "can_update": access.can_update_action(seat, action),
        "can_manage": access.can_manage_tracker(seat),
        "can_see_recommendation": access.can_view_recommendations(seat),
        "history": history_for(action, partnership=seat.partnership)
        if access.can_update_action(seat, action)
        else None,
    }
    return render(request, "reviews/action_detail.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def action_edit(request, public_id):
    seat = seat_for(request)
    action = access.get_action_for_user(seat, public_id)
    if not access.can_manage_tracker(seat):
        deny_write()
    form = ActionForm(request.POST or None, instance=action, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.action_edit(action=action, expected_version=data.pop("version") or 0, **data)
        except services.ConcurrentEdit:
            form = _refused(ActionForm, request, action, partnership=seat.partnership)
        else:
            messages.success(request, "Action updated.")
            return redirect("reviews:action_detail", public_id=action.public_id)
    back = reverse("reviews:action_detail", kwargs={"public_id": action.public_id})
    return _form_page(request, form, title="Edit the action", submit="Save", back=back)


@require_http_methods(["GET", "POST"])
@member_required
def action_update(request, public_id):
    seat = seat_for(request)
    action = access.get_action_for_user(seat, public_id)
    if not access.can_update_action(seat, action):
        deny_write()
    form = ActionProgressForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.action_record_progress(action=action, expected_version=data.pop("version"), **data)
        except services.ConcurrentEdit:
            form = _refused(ActionProgressForm, request, action)
        else:
            messages.success(request, "Progress recorded.")
            return redirect("reviews:action_detail", public_id=action.public_id)
    back = reverse("reviews:action_detail", kwargs={"public_id": action.public_id})
    title = "Record progress and impact"
    return _form_page(request, form, title=title, submit="Save", back=back, caption=action.owner_agency.name)


@require_http_methods(["GET", "POST"])
@member_required
def evidence_upload(request, public_id):
    seat = seat_for(request)
    action = access.get_action_for_user(seat, public_id)
    if not access.can_update_action(seat, action):
        deny_write()
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.evidence_add(
            action=action,
            upload=form.cleaned_data["file"],
            file_type=form.file_type,
            description=form.cleaned_data["description"],
            uploaded_by=request.user,
        )
        messages.success(request, "Evidence uploaded.")
        return redirect("reviews:action_detail", public_id=action.public_id)
    back = reverse("reviews:action_detail", kwargs={"public_id": action.public_id})
    return _form_page(request, form, title="Upload evidence", submit="Upload", back=back, caption=str(action))


@require_safe
@member_required
def evidence_download(request, public_id):
    seat = seat_for(request)
    evidence: Evidence = access.get_evidence_for_user(seat, public_id)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


# Learning and themes ---------------------------------------------------------------------------------------


@require_safe
@member_required
def learning_page(request):
    seat = seat_for(request)
    require_role(seat, access.LEARNING_READERS)
    source = request.GET.get("source", "")
    if source not in Recommendation.SourceKind.values:
        source = ""
    rows = learning.by_theme(seat.partnership, source)
    context = {
        "rows": rows,
        "chart": learning.chart(rows) if any(row.recommendations for row in rows) else None,
        "source": source,
        "sources": Recommendation.SourceKind.choices,
    }
    return render(request, "reviews/learning.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def theme_list(request):
    seat = seat_for(request)
    if not access.can_view_themes(seat):
        raise Http404
    if request.method == "POST" and not access.can_manage_tracker(seat):
        deny_write()
    form = ThemeForm(request.POST or None, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        theme = form.save()
        messages.success(request, f"Theme {theme.name} added.")
        return redirect("reviews:themes")
    context = {
        "themes": access.themes_for_user(seat).annotate(uses=Count("recommendations")).order_by("name"),
        "form": form if access.can_manage_tracker(seat) else None,
    }
    return render(request, "reviews/themes.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def theme_edit(request, pk: int):
    seat = seat_for(request)
    theme = access.get_theme_for_user(seat, pk)
    if not access.can_manage_tracker(seat):
        deny_write()
    form = ThemeForm(request.POST or None, instance=theme, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Theme {theme.name} updated.")
        return redirect("reviews:themes")
    return _form_page(
        request, form, title=f"Edit the theme {theme.name}", submit="Save", back=reverse("reviews:themes")
    )
