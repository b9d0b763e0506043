"""Learning across reviews (per theme), the managed list of themes, dashboard panels and navigation."""

import datetime as dt

import pytest
from django.urls import reverse

from reviews import access, learning
from reviews.models import Review, Theme
from safeguarding.access import build_seat
from tests.reviews.factories import (
    ActionFactory,
    EvidenceFactory,
    RecommendationFactory,
    ReviewFactory,
    ThemeFactory,
    bulk_tracker,
    grant,
    page_queries,
)

pytestmark = pytest.mark.django_db
D = dt.date


def standard(name):
    return Theme.objects.get(partnership=None, name=name)


@pytest.fixture
def neglect_history(cast):
    """Neglect: three recommendations from two reviews (2024 and 2026); one action with evidenced impact."""
    neglect, curiosity = standard("Neglect"), standard("Professional curiosity")
    first = ReviewFactory(partnership=cast.home, kind="lcspr", aware_on=D(2024, 1, 8))
    second = ReviewFactory(partnership=cast.home, kind="lcspr", aware_on=D(2026, 1, 5))
    r1 = RecommendationFactory(review=first, made_on=D(2024, 7, 1), themes=[neglect, curiosity])
    RecommendationFactory(review=first, made_on=D(2024, 7, 1), themes=[neglect])
    r3 = RecommendationFactory(review=second, made_on=D(2026, 7, 1), themes=[neglect])
    evidenced = ActionFactory(
        recommendation=r1,
        owner_agency=cast.agency_a,
        status="complete",
        completed_on=D(2025, 1, 1),
        impact_statement="Chronologies in most files.",
        impact_measure="40% to 85%",
    )
    EvidenceFactory(action=evidenced)
    ActionFactory(
        recommendation=r1, owner_agency=cast.agency_b, status="complete", completed_on=D(2025, 1, 1)
    )
    ActionFactory(recommendation=r3, owner_agency=cast.agency_a)
    # The other partnership's neglect recommendation never counts here.
    RecommendationFactory(review=ReviewFactory(partnership=cast.other), themes=[neglect])
    return neglect


def test_per_theme_counts_reviews_years_and_evidenced_impact(cast, neglect_history):
    rows = {row.theme.name: row for row in learning.by_theme(cast.home)}
    neglect = rows["Neglect"]
    assert (neglect.recommendations, neglect.reviews, neglect.years) == (3, 2, [2024, 2026])
    assert (neglect.actions, neglect.complete, neglect.evidenced) == (3, 2, 1)
    assert neglect.repeating
    curiosity = rows["Professional curiosity"]
    assert (curiosity.recommendations, curiosity.reviews, curiosity.actions, curiosity.evidenced) == (
        1,
        1,
        2,
        1,
    )
    assert not curiosity.repeating
    assert rows["Exploitation"].recommendations == 0


def test_complete_without_evidence_or_measure_is_not_evidenced_impact(cast):
    rec = RecommendationFactory(review=ReviewFactory(partnership=cast.home), themes=[standard("Neglect")])
    ActionFactory(
        recommendation=rec,
        owner_agency=cast.agency_a,
        status="complete",
        completed_on=D(2025, 1, 1),
        impact_statement="Better",
        impact_measure="Measured",
    )
    EvidenceFactory(action=ActionFactory(recommendation=rec, owner_agency=cast.agency_a))
    row = next(r for r in learning.by_theme(cast.home) if r.theme.name == "Neglect")
    assert (row.complete, row.evidenced) == (1, 0)


def test_learning_page_shows_the_chart_with_its_table(client, cast, neglect_history):
    client.force_login(cast.board)
    html = client.get(reverse("reviews:learning")).content.decode()
    assert '<img src="data:image/svg+xml;base64,' in html
    assert "Recommendations and evidenced impact by theme" in html and "govuk-table" in html
    assert "Repeating" in html and "2024, 2026" in html


def test_learning_page_filters_by_source(client, cast, neglect_history):
    from reviews import services

    services.recommendation_create(
        partnership=cast.home,
        source_kind="section_11",
        source_label="S11",
        text="Audit gap",
        themes=[standard("Mental health")],
    )
    client.force_login(cast.chair)
    rows = client.get(reverse("reviews:learning") + "?source=section_11").context["rows"]
    counts = {row.theme.name: row.recommendations for row in rows if row.recommendations}
    assert counts == {"Mental health": 1}


def test_learning_query_count_is_constant_with_2000_actions(client, cast):
    client.force_login(cast.chair)
    bulk_tracker(cast.home, [cast.agency_a], tag="few", reviews=2, recommendations=10, actions=20)
    few = page_queries(client, reverse("reviews:learning"))
    bulk_tracker(cast.home, [cast.agency_a, cast.agency_b], tag="many")
    assert page_queries(client, reverse("reviews:learning")) == few


# Themes ----------------------------------------------------------------------------------------------------


def test_manager_adds_and_retires_the_partnerships_own_theme(client, cast):
    ThemeFactory(partnership=cast.other, name="OTHER-PARTNERSHIP-THEME")
    client.force_login(cast.manager)
    assert (
        client.post(reverse("reviews:themes"), {"name": "Online harm", "description": "x"}).status_code == 302
    )
    theme = Theme.objects.get(name="Online harm")
    assert theme.partnership == cast.home
    html = client.get(reverse("reviews:themes")).content.decode()
    assert "Online harm" in html and "Neglect" in html and "OTHER-PARTNERSHIP-THEME" not in html
    response = client.post(
        reverse("reviews:theme_edit", kwargs={"pk": theme.pk}), {"name": "Online harm", "description": "x"}
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert not theme.is_active
    review = ReviewFactory(partnership=cast.home)
    form = client.get(reverse("reviews:recommendation_add", kwargs={"public_id": review.public_id})).context[
        "form"
    ]
    offered = set(form.fields["themes"].queryset.values_list("name", flat=True))
    assert "Neglect" in offered and "Online harm" not in offered


def test_a_theme_may_not_repeat_a_standard_or_existing_name(client, cast):
    client.force_login(cast.manager)
    response = client.post(reverse("reviews:themes"), {"name": "neglect"})
    assert "There is already a theme with this name." in response.content.decode()
    assert not Theme.objects.filter(partnership=cast.home).exists()


def test_standard_themes_are_not_editable_by_a_partnership(client, cast):
    client.force_login(cast.manager)
    assert client.get(reverse("reviews:theme_edit", kwargs={"pk": standard("Neglect").pk})).status_code == 404


def test_the_standard_list_covers_the_issues_themes():
    names = set(Theme.objects.filter(partnership=None).values_list("name", flat=True))
    expected = {"Neglect", "Exploitation", "Information sharing", "Domestic abuse", "Mental health"}
    assert expected | {"Professional curiosity"} <= names


# Dashboard panels and navigation ---------------------------------------------------------------------------


@pytest.fixture
def dashboard_data(cast, time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 20, 10, 0))
    late = ReviewFactory(partnership=cast.home, reference="PANEL-LATE", aware_on=D(2026, 4, 1))
    ReviewFactory(partnership=cast.home, reference="PANEL-SOON", aware_on=D(2026, 4, 16))
    ReviewFactory(partnership=cast.other, reference="PANEL-OTHER", aware_on=D(2026, 4, 16))
    rec = RecommendationFactory(review=late)
    ActionFactory(recommendation=rec, owner_agency=cast.agency_a, due_on=D(2026, 3, 1))
    ActionFactory(recommendation=rec, owner_agency=cast.agency_a, due_on=D(2026, 3, 2))
    ActionFactory(recommendation=rec, owner_agency=cast.agency_b, due_on=D(2026, 3, 1))
    ActionFactory(recommendation=rec, owner_agency=cast.agency_b, due_on=D(2026, 5, 1))
    return late


def panel(response, title):
    return next(p for p in response.context["panels"] if p["title"] == title)


def test_manager_dashboard_shows_next_deadlines_and_overdue_actions_by_agency(client, cast, dashboard_data):
    client.force_login(cast.manager)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert "PANEL-LATE" in html and "PANEL-SOON" in html and "PANEL-OTHER" not in html
    reviews = panel(response, "Case reviews: next deadlines")
    assert (reviews["open_count"], reviews["overdue_count"]) == (2, 1)
    overdue = panel(response, "Overdue improvement actions")
    assert [(r["owner_agency__name"], r["count"]) for r in overdue["rows"]] == [
        ("Agency A", 2),
        ("Agency B", 1),
    ]


def test_agency_lead_sees_only_their_agencys_overdue_actions_and_no_reviews(client, cast, dashboard_data):
    client.force_login(cast.lead_b)
    response = client.get(reverse("home"))
    titles = [p["title"] for p in response.context["panels"]]
    assert "Case reviews: next deadlines" not in titles
    assert [
        (r["owner_agency__name"], r["count"]) for r in panel(response, "Overdue improvement actions")["rows"]
    ] == [("Agency B", 1)]
    assert "PANEL-LATE" not in response.content.decode()


def test_reviewer_panel_lists_only_granted_reviews(client, cast, dashboard_data):
    grant(cast.reviewer, dashboard_data)
    client.force_login(cast.reviewer)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert "PANEL-LATE" in html and "PANEL-SOON" not in html
    assert [p["title"] for p in response.context["panels"] if p["template"].startswith("reviews/")] == [
        "Case reviews: next deadlines"
    ]


def test_dashboard_query_count_is_constant(client, cast):
    client.force_login(cast.manager)
    bulk_tracker(cast.home, [cast.agency_a], tag="few", reviews=2, recommendations=4, actions=10)
    few = page_queries(client, reverse("home"))
    bulk_tracker(cast.home, [cast.agency_a, cast.agency_b, cast.shared], tag="many", reviews=300)
    assert Review.objects.count() > 300
    assert page_queries(client, reverse("home")) == few


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("manager", ["Case reviews", "Improvement tracker", "Learning"]),
        ("chair", ["Case reviews", "Improvement tracker", "Learning"]),
        ("board", ["Review summaries", "Improvement tracker", "Learning"]),
        ("lead_a", ["Review summaries", "Improvement tracker"]),
        ("reviewer", ["Case reviews"]),
    ],
)
def test_navigation_by_role(cast, role, expected):
    seat = build_seat(getattr(cast, role), None)
    assert [text for text, _ in access.navigation(seat)] == expected
