"""Recording reviews, their stages and decisions, restricted access for reviewers, and the access log."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from reviews.models import Review, ReviewAccess, ReviewerGrant
from tests.reviews.factories import ActionFactory, RecommendationFactory, ReviewFactory, grant, page_queries

pytestmark = pytest.mark.django_db
D = dt.date


def detail(review):
    return reverse("reviews:detail", kwargs={"public_id": review.public_id})


def stage_url(review, stage):
    return reverse("reviews:stage", kwargs={"public_id": review.public_id, "stage": stage})


# Recording a review ----------------------------------------------------------------------------------------


def test_manager_records_a_serious_incident_and_its_clock_starts(client, cast, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 24, 10, 0))
    client.force_login(cast.manager)
    response = client.post(
        reverse("reviews:add"),
        {
            "kind": "serious_incident",
            "reference": "TR-2026-09",
            "subject": "Child A",
            "aware_on": "2026-12-23",
            "summary": "A baby was injured.",
        },
    )
    review = Review.objects.get(reference="TR-2026-09")
    assert response.status_code == 302 and response["Location"] == detail(review)
    assert review.partnership == cast.home and review.created_by == cast.manager
    assert (review.stage, review.next_clock, review.next_due_on) == (
        "notification",
        "notification",
        D(2027, 1, 4),
    )


def test_the_form_says_subjects_are_pseudonymised(client, cast):
    client.force_login(cast.manager)
    html = client.get(reverse("reviews:add")).content.decode()
    assert "A pseudonym only, such as Child A" in html
    assert "no names, no dates of birth" in html


@pytest.mark.parametrize("subject", ["Jayden Smith", "Child Jayden", "child a", "Child A born 2019"])
def test_names_are_refused_as_a_subject(client, cast, subject):
    client.force_login(cast.manager)
    data = {"kind": "other", "reference": "X-1", "subject": subject, "commissioned_on": "2026-01-05"}
    response = client.post(reverse("reviews:add"), data)
    assert response.status_code == 200
    assert "Enter a pseudonym such as Child A" in response.content.decode()
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    "summary", ["Child A (DOB 03/04/2019) was injured.", "Born on 3 April; date of birth known"]
)
def test_dates_of_birth_are_refused_in_free_text(client, cast, summary):
    client.force_login(cast.manager)
    data = {"kind": "other", "reference": "X-1", "subject": "Child A", "commissioned_on": "2026-01-05"}
    response = client.post(reverse("reviews:add"), {**data, "summary": summary})
    assert response.status_code == 200 and not Review.objects.exists()


def test_a_duplicate_reference_is_refused_but_the_other_partnership_may_use_it(client, cast):
    ReviewFactory(partnership=cast.other, reference="R-1")
    ReviewFactory(partnership=cast.home, reference="R-2")
    client.force_login(cast.manager)
    base = {"kind": "other", "subject": "Child A", "commissioned_on": "2026-01-05"}
    assert client.post(reverse("reviews:add"), {**base, "reference": "r-2"}).status_code == 200
    assert client.post(reverse("reviews:add"), {**base, "reference": "R-1"}).status_code == 302


def test_manager_corrects_a_start_date_and_the_clock_moves(client, cast):
    review = ReviewFactory(partnership=cast.home, reference="FIX-1", aware_on=D(2026, 3, 30))
    client.force_login(cast.manager)
    url = reverse("reviews:edit", kwargs={"public_id": review.public_id})
    data = {
        "reference": "FIX-1",
        "subject": "Child A",
        "aware_on": "2026-03-23",
        "summary": "",
        "details": "",
    }
    assert client.post(url, data).status_code == 302
    review.refresh_from_db()
    assert (review.aware_on, review.next_due_on) == (D(2026, 3, 23), D(2026, 3, 30))


def test_a_start_date_cannot_move_after_a_recorded_stage(client, cast):
    review = ReviewFactory(
        partnership=cast.home, reference="FIX-2", aware_on=D(2026, 3, 2), notified_on=D(2026, 3, 4)
    )
    client.force_login(cast.manager)
    url = reverse("reviews:edit", kwargs={"public_id": review.public_id})
    data = {"reference": "FIX-2", "subject": "Child A", "aware_on": "2026-03-05"}
    response = client.post(url, data)
    assert (
        "The date cannot be after the notification to the Panel (4 March 2026)." in response.content.decode()
    )


def test_chair_may_read_but_not_record(client, cast):
    client.force_login(cast.chair)
    assert client.get(reverse("reviews:add")).status_code == 403


# Stages, delays and the rapid review decision --------------------------------------------------------------


def test_a_late_notification_needs_the_reason_for_delay(client, cast, time_machine):
    time_machine.move_to(dt.datetime(2027, 1, 8, 10, 0))
    review = ReviewFactory(partnership=cast.home, aware_on=D(2026, 12, 23))  # due 4 January 2027
    client.force_login(cast.manager)
    response = client.post(stage_url(review, "notification"), {"notified_on": "2027-01-06"})
    assert response.status_code == 200
    assert "This was 2 working days after the due date of 4 January 2027" in response.content.decode()
    response = client.post(
        stage_url(review, "notification"),
        {
            "notified_on": "2027-01-06",
            "notification_delay_reason": "The incident was reported over Christmas.",
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.notified_on == D(2027, 1, 6) and review.stage == "rapid_review"
    assert review.next_due_on == D(2027, 1, 27)
    assert "over Christmas" in client.get(detail(review)).content.decode()


def test_an_on_time_stage_keeps_no_delay_reason(client, cast, time_machine):
    time_machine.move_to(dt.datetime(2027, 1, 8, 10, 0))
    review = ReviewFactory(partnership=cast.home, aware_on=D(2026, 12, 23))
    client.force_login(cast.manager)
    client.post(
        stage_url(review, "notification"), {"notified_on": "2027-01-04", "notification_delay_reason": "x"}
    )
    review.refresh_from_db()
    assert review.notified_on == D(2027, 1, 4) and review.notification_delay_reason == ""


def test_a_stage_date_cannot_be_in_the_future_or_before_the_one_it_follows(client, cast, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 10, 10, 0))
    review = ReviewFactory(partnership=cast.home, aware_on=D(2026, 3, 2))
    client.force_login(cast.manager)
    assert (
        "cannot be in the future"
        in client.post(stage_url(review, "notification"), {"notified_on": "2026-03-11"}).content.decode()
    )
    assert (
        "cannot be before"
        in client.post(stage_url(review, "notification"), {"notified_on": "2026-03-01"}).content.decode()
    )


def test_stages_that_do_not_apply_are_not_found(client, cast):
    review = ReviewFactory(partnership=cast.home)  # not yet notified: no rapid review stage
    client.force_login(cast.manager)
    assert client.get(stage_url(review, "rapid-review")).status_code == 404
    assert client.get(stage_url(review, "final-report")).status_code == 404


def test_choosing_an_lcspr_opens_it_linked_to_the_rapid_review(client, cast, time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 30, 10, 0))
    review = ReviewFactory(
        partnership=cast.home, reference="TR-9", aware_on=D(2026, 3, 23), notified_on=D(2026, 3, 30)
    )
    grant(cast.reviewer, review)
    client.force_login(cast.manager)
    response = client.post(
        stage_url(review, "rapid-review"),
        {
            "rapid_review_completed_on": "2026-04-21",
            "decision": "lcspr",
            "decision_rationale": "Criteria met.",
        },
    )
    lcspr = Review.objects.get(origin=review)
    assert response.status_code == 302 and response["Location"] == detail(lcspr)
    assert (lcspr.kind, lcspr.reference, lcspr.subject) == ("lcspr", "TR-9-LCSPR", review.subject)
    assert lcspr.commissioned_on == D(2026, 4, 21)
    assert (lcspr.next_clock, lcspr.next_due_on) == ("final_report", D(2026, 10, 21))
    review.refresh_from_db()
    assert review.stage == "decided" and review.decision_rationale == "Criteria met."
    # The reviewers of the rapid review carry over to the LCSPR it opened.
    client.force_login(cast.reviewer)
    assert client.get(detail(lcspr)).status_code == 200
    # Recording the stage again does not open a second LCSPR, and the decision can no longer change.
    client.force_login(cast.manager)
    client.post(
        stage_url(review, "rapid-review"),
        {"rapid_review_completed_on": "2026-04-21", "decision": "none", "decision_rationale": "Changed."},
    )
    review.refresh_from_db()
    assert review.decision == "lcspr" and Review.objects.filter(origin=review).count() == 1


def test_a_decision_needs_its_rationale(client, cast):
    review = ReviewFactory(partnership=cast.home, aware_on=D(2026, 3, 23), notified_on=D(2026, 3, 30))
    client.force_login(cast.manager)
    response = client.post(
        stage_url(review, "rapid-review"), {"rapid_review_completed_on": "2026-04-21", "decision": "none"}
    )
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.decision == ""


def test_publishing_an_lcspr_checks_the_panel_notice(client, cast, time_machine):
    time_machine.move_to(dt.datetime(2026, 9, 10, 10, 0))
    review = ReviewFactory(
        partnership=cast.home, kind="lcspr", commissioned_on=D(2026, 1, 5), final_report_on=D(2026, 6, 30)
    )
    client.force_login(cast.manager)
    client.post(stage_url(review, "publication"), {"publication_planned_on": "2026-09-30"})
    review.refresh_from_db()
    assert (review.next_clock, review.next_due_on) == ("panel_notice", D(2026, 9, 21))
    # Sent to the Panel on 2 September, published on the 7th: fewer than 7 working days' notice.
    data = {
        "publication_planned_on": "2026-09-07",
        "panel_sent_on": "2026-09-02",
        "published_on": "2026-09-07",
    }
    response = client.post(stage_url(review, "publication"), data)
    assert "give the reason for the delay" in response.content.decode()
    data["panel_notice_delay_reason"] = "The family asked for publication before the anniversary."
    assert client.post(stage_url(review, "publication"), data).status_code == 302
    review.refresh_from_db()
    assert review.stage == "published" and review.next_due_on is None


# Restricted access -----------------------------------------------------------------------------------------


def test_reviewer_sees_only_the_reviews_granted_to_them(client, cast):
    granted = ReviewFactory(partnership=cast.home, reference="GRANTED-REF")
    hidden = ReviewFactory(partnership=cast.home, reference="HIDDEN-REF")
    grant(cast.reviewer, granted)
    client.force_login(cast.reviewer)
    html = client.get(reverse("reviews:list")).content.decode()
    assert "GRANTED-REF" in html and "HIDDEN-REF" not in html
    assert client.get(detail(granted)).status_code == 200
    assert client.get(detail(hidden)).status_code == 404
    assert client.get(reverse("reviews:export", kwargs={"public_id": hidden.public_id})).status_code == 404


def test_a_model_wide_permission_does_not_open_a_review(client, cast):
    hidden = ReviewFactory(partnership=cast.home)
    cast.reviewer.user_permissions.add(Permission.objects.get(codename="view_review"))
    client.force_login(cast.reviewer)
    assert client.get(detail(hidden)).status_code == 404


def test_a_grant_in_one_partnership_opens_nothing_in_another(client, cast):
    other = ReviewFactory(partnership=cast.other)
    grant(cast.reviewer, other)  # a grant that should never have been made: the seat still rules
    client.force_login(cast.reviewer)
    assert client.get(detail(other)).status_code == 404


def test_manager_grants_and_revokes_a_reviewer_on_the_review_page(client, cast):
    review = ReviewFactory(partnership=cast.home)
    client.force_login(cast.manager)
    html = client.get(detail(review)).content.decode()
    assert "Grant a reviewer" in html and "Reviewer</option>" in html
    url = reverse("reviews:reviewer_grant", kwargs={"public_id": review.public_id})
    assert client.post(url, {"user": cast.reviewer.pk}).status_code == 302
    client.force_login(cast.reviewer)
    assert client.get(detail(review)).status_code == 200
    grant_pk = review.reviewer_grants.get().pk
    client.force_login(cast.manager)
    revoke = reverse("reviews:reviewer_revoke", kwargs={"public_id": review.public_id, "pk": grant_pk})
    assert client.post(revoke).status_code == 302
    client.force_login(cast.reviewer)
    assert client.get(detail(review)).status_code == 404
    # Both changes are in the audit trail, with who made them.
    events = ReviewerGrant.pgh_event_model.objects.filter(content_object_id=review.pk).order_by("pgh_id")
    assert [e.pgh_label for e in events] == ["insert", "delete"]
    assert {e.pgh_context.metadata["user"] for e in events} == {cast.manager.pk}


def test_a_grant_still_shows_for_revoking_after_the_reviewer_role_is_taken_away(client, cast):
    from partners.models import RoleAssignment
    from tests.factories import RoleFactory, UserFactory

    review = ReviewFactory(partnership=cast.home)
    second = UserFactory(full_name="Second Reviewer", email="second.reviewer@test.example.org")
    RoleFactory(user=second, partnership=cast.home, role="reviewer")
    grant(cast.reviewer, review)
    RoleAssignment.objects.filter(user=cast.reviewer, role="reviewer").delete()
    client.force_login(cast.manager)
    html = client.get(detail(review)).content.decode()
    granted, offered = html.split("Grant a reviewer")
    assert 'Revoke<span class="govuk-visually-hidden"> Reviewer</span>' in granted
    # Only role holders without a grant are offered; the former reviewer is not offered again.
    assert '">Second Reviewer</option>' in offered and '">Reviewer</option>' not in offered


def test_only_people_holding_the_reviewer_role_can_be_granted(client, cast):
    review = ReviewFactory(partnership=cast.home)
    client.force_login(cast.manager)
    url = reverse("reviews:reviewer_grant", kwargs={"public_id": review.public_id})
    client.post(url, {"user": cast.lead_a.pk})
    assert not review.reviewer_grants.exists()


def test_board_members_and_agency_leads_get_404_on_the_detail_but_read_the_summary(client, cast):
    review = ReviewFactory(partnership=cast.home, summary="ANON-SUMMARY", details="RESTRICTED-DETAIL")
    rec = RecommendationFactory(review=review)
    ActionFactory(recommendation=rec, owner_agency=cast.agency_a, description="AGENCY-A-ACTION")
    ActionFactory(recommendation=rec, owner_agency=cast.agency_b, description="AGENCY-B-ACTION")
    summary = reverse("reviews:summary", kwargs={"public_id": review.public_id})
    for person in (cast.board, cast.lead_a):
        client.force_login(person)
        assert client.get(detail(review)).status_code == 404
        html = client.get(summary).content.decode()
        assert "ANON-SUMMARY" in html and "AGENCY-A-ACTION" in html
        assert (
            "RESTRICTED-DETAIL" not in html and "AGENCY-B-ACTION" not in html and review.subject not in html
        )
    assert not ReviewAccess.objects.exists()


def test_the_detail_rejects_post(client, cast):
    review = ReviewFactory(partnership=cast.home)
    client.force_login(cast.chair)
    assert client.post(detail(review)).status_code == 405


def test_anonymous_people_are_sent_to_sign_in(client, cast):
    review = ReviewFactory(partnership=cast.home)
    response = client.get(detail(review))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not ReviewAccess.objects.exists()


# The access log --------------------------------------------------------------------------------------------


def test_every_view_and_export_of_the_detail_is_logged(client, cast):
    review = ReviewFactory(partnership=cast.home)
    grant(cast.reviewer, review)
    for person in (cast.scrutineer, cast.reviewer, cast.scrutineer):
        client.force_login(person)
        assert client.get(detail(review)).status_code == 200
    client.get(reverse("reviews:export", kwargs={"public_id": review.public_id}))
    log = list(ReviewAccess.objects.order_by("pk").values_list("user__full_name", "action"))
    assert log == [
        ("Scrutineer", "view"),
        ("Reviewer", "view"),
        ("Scrutineer", "view"),
        ("Scrutineer", "export"),
    ]


def test_a_refused_view_is_not_logged_as_a_view(client, cast):
    review = ReviewFactory(partnership=cast.home)
    client.force_login(cast.reviewer)
    client.get(detail(review))
    assert not ReviewAccess.objects.exists()


def test_chair_and_manager_read_the_access_log_others_may_not(client, cast):
    review = ReviewFactory(partnership=cast.home)
    client.force_login(cast.delegated_partner)
    client.get(detail(review))
    url = reverse("reviews:access_log", kwargs={"public_id": review.public_id})
    for person in (cast.chair, cast.manager):
        client.force_login(person)
        html = client.get(url).content.decode()
        assert "Delegated Partner" in html and "Viewed" in html
    client.force_login(cast.scrutineer)
    assert client.get(url).status_code == 403


def test_the_access_log_cannot_be_changed_or_deleted(cast):
    from django.db import IntegrityError, InternalError, transaction

    review = ReviewFactory(partnership=cast.home)
    entry = ReviewAccess.objects.create(review=review, user=cast.chair, action="view")
    for change in (lambda: ReviewAccess.objects.filter(pk=entry.pk).update(action="export"), entry.delete):
        with pytest.raises((InternalError, IntegrityError)), transaction.atomic():
            change()


def test_export_is_a_csv_with_the_timeline_and_actions(client, cast):
    review = ReviewFactory(partnership=cast.home, reference="EXP-1")
    ActionFactory(
        recommendation=RecommendationFactory(review=review, text="Share chronologies."),
        owner_agency=cast.agency_a,
    )
    client.force_login(cast.chair)
    response = client.get(reverse("reviews:export", kwargs={"public_id": review.public_id}))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="review-EXP-1.csv"' in response["Content-Disposition"]
    body = response.content.decode()
    assert "became aware" in body and "Share chronologies." in body and "Agency A" in body


def test_export_cells_cannot_run_as_spreadsheet_formulas(client, cast):
    review = ReviewFactory(partnership=cast.home, reference='Q"1')
    RecommendationFactory(review=review, text='=HYPERLINK("http://example.org")')
    client.force_login(cast.chair)
    response = client.get(reverse("reviews:export", kwargs={"public_id": review.public_id}))
    assert 'filename="review-Q-1.csv"' in response["Content-Disposition"]
    assert "'=HYPERLINK" in response.content.decode()


# The list --------------------------------------------------------------------------------------------------


def test_list_shows_each_open_review_with_its_next_deadline_and_rag(client, cast, time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 20, 10, 0))
    ReviewFactory(partnership=cast.home, reference="LATE-1", aware_on=D(2026, 4, 1))  # due 10 April
    ReviewFactory(partnership=cast.home, reference="SOON-1", aware_on=D(2026, 4, 16))  # due 23 April
    ReviewFactory(partnership=cast.home, reference="FAR-1", kind="lcspr", aware_on=D(2026, 4, 1))  # October
    ReviewFactory(partnership=cast.other, reference="OTHER-PARTNERSHIP-1")
    client.force_login(cast.chair)
    html = client.get(reverse("reviews:list")).content.decode()
    assert "OTHER-PARTNERSHIP-1" not in html
    assert html.index("LATE-1") < html.index("SOON-1") < html.index("FAR-1")
    assert "Overdue by 6 working days" in html and "3 working days left" in html
    assert "govuk-tag--red" in html and "govuk-tag--yellow" in html and "govuk-tag--green" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=lcspr", {"FAR-1"}),
        ("stage=notification", {"LATE-1", "SOON-1"}),
        ("overdue=yes", {"LATE-1"}),
        ("rag=amber", {"SOON-1"}),
        ("rag=green", {"FAR-1"}),
        ("status=closed", {"CLOSED-1"}),
    ],
)
def test_list_filters(client, cast, time_machine, query, expected):
    time_machine.move_to(dt.datetime(2026, 4, 20, 10, 0))
    ReviewFactory(partnership=cast.home, reference="LATE-1", aware_on=D(2026, 4, 1))
    ReviewFactory(partnership=cast.home, reference="SOON-1", aware_on=D(2026, 4, 16))
    ReviewFactory(partnership=cast.home, reference="FAR-1", kind="lcspr", aware_on=D(2026, 4, 1))
    ReviewFactory(
        partnership=cast.home,
        reference="CLOSED-1",
        kind="other",
        aware_on=D(2026, 1, 5),
        closed_on=D(2026, 3, 1),
    )
    client.force_login(cast.chair)
    html = client.get(reverse("reviews:list") + "?" + query).content.decode()
    shown = {ref for ref in ("LATE-1", "SOON-1", "FAR-1", "CLOSED-1") if ref in html}
    assert shown == expected


def test_list_sorts_by_reference_descending(client, cast):
    for ref in ("B-1", "C-1", "A-1"):
        ReviewFactory(partnership=cast.home, reference=ref)
    client.force_login(cast.chair)
    html = client.get(reverse("reviews:list") + "?order=-reference").content.decode()
    assert html.index("C-1") < html.index("B-1") < html.index("A-1")


def test_list_sorts_by_deadline_latest_first_with_closed_reviews_last(client, cast):
    ReviewFactory(partnership=cast.home, reference="EARLY-1", aware_on=D(2026, 3, 2))
    ReviewFactory(partnership=cast.home, reference="LATER-1", aware_on=D(2026, 5, 4))
    ReviewFactory(partnership=cast.home, reference="SHUT-1", aware_on=D(2026, 5, 4), closed_on=D(2026, 5, 5))
    client.force_login(cast.chair)
    html = client.get(reverse("reviews:list") + "?order=-deadline").content.decode()
    assert html.index("LATER-1") < html.index("EARLY-1") < html.index("SHUT-1")
    html = client.get(reverse("reviews:list")).content.decode()
    assert html.index("EARLY-1") < html.index("LATER-1") < html.index("SHUT-1")
    assert 'name="order" class="govuk-select"' in html


def _bulk_reviews(partnership, count, start=0):
    reviews = []
    for n in range(start, start + count):
        review = Review(
            partnership=partnership,
            kind="serious_incident",
            reference=f"BULK-{n}",
            subject="Child A",
            aware_on=D(2026, 1, 5) + dt.timedelta(days=n % 200),
        )
        review.refresh_clock()
        reviews.append(review)
    Review.objects.bulk_create(reviews)


def test_list_query_count_is_constant_with_300_reviews(client, cast, django_assert_max_num_queries):
    client.force_login(cast.chair)
    _bulk_reviews(cast.home, 5)
    few = page_queries(client, reverse("reviews:list"))
    _bulk_reviews(cast.home, 295, start=5)
    many = page_queries(client, reverse("reviews:list") + "?order=-deadline")
    assert many == few
    with django_assert_max_num_queries(12):
        client.get(reverse("reviews:list") + "?overdue=yes&kind=serious_incident")


def test_reviewer_list_query_count_is_constant(client, cast):
    _bulk_reviews(cast.home, 300)
    for review in Review.objects.all()[:40]:
        grant(cast.reviewer, review)
    client.force_login(cast.reviewer)
    first = page_queries(client, reverse("reviews:list"))
    for review in Review.objects.all()[40:120]:
        grant(cast.reviewer, review)
    assert page_queries(client, reverse("reviews:list")) == first


def test_summaries_query_count_is_constant(client, cast):
    client.force_login(cast.board)
    _bulk_reviews(cast.home, 5)
    few = page_queries(client, reverse("reviews:summaries"))
    _bulk_reviews(cast.home, 295, start=5)
    assert page_queries(client, reverse("reviews:summaries")) == few


def test_the_review_page_lists_each_recommendations_themes_and_its_actions_evidence(client, cast):
    from reviews.models import Theme
    from tests.reviews.factories import EvidenceFactory

    review = ReviewFactory(partnership=cast.home)
    neglect = Theme.objects.get(partnership=None, name="Neglect")
    curiosity = Theme.objects.get(partnership=None, name="Professional curiosity")
    rec = RecommendationFactory(review=review, themes=[neglect, curiosity])
    with_files = ActionFactory(recommendation=rec, owner_agency=cast.agency_a, description="TWO-FILES")
    EvidenceFactory(action=with_files)
    EvidenceFactory(action=with_files)
    ActionFactory(recommendation=rec, owner_agency=cast.agency_b, description="NO-FILES")
    client.force_login(cast.manager)
    html = client.get(detail(review)).content.decode()
    assert "Themes: Neglect, Professional curiosity" in html
    two, none = html.split("TWO-FILES")[1], html.split("NO-FILES")[1]
    assert two.index("2 files") < two.index("</tr>")
    assert none.index("0 files") < none.index("</tr>")
