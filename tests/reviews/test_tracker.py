"""The improvement tracker: recommendations from any source, actions, progress, evidence and impact."""

import datetime as dt
import io
import zipfile

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from reviews import services
from reviews.models import Action, Evidence, Recommendation, Theme
from tests.reviews.factories import (
    ActionFactory,
    EvidenceFactory,
    RecommendationFactory,
    ReviewFactory,
    ThemeFactory,
    bulk_tracker,
    page_queries,
)

pytestmark = pytest.mark.django_db
D = dt.date
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def office(kind: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return buffer.getvalue()


def action_url(name, action):
    return reverse(f"reviews:{name}", kwargs={"public_id": action.public_id})


@pytest.fixture
def action(cast):
    review = ReviewFactory(partnership=cast.home, reference="TRK-1")
    return ActionFactory(recommendation=RecommendationFactory(review=review), owner_agency=cast.agency_a)


# Other apps attach their findings to the same tracker -------------------------------------------------------


def test_any_source_can_add_a_recommendation_and_actions_through_the_services(cast, client):
    neglect = Theme.objects.get(partnership=None, name="Neglect")
    recommendation = services.recommendation_create(
        partnership=cast.home,
        source_kind=Recommendation.SourceKind.SECTION_11,
        source_label="Section 11 audit 2026: Agency A, standard 5",
        text="Refresh safeguarding training for reception staff.",
        themes=[neglect],
        source=cast.agency_a,  # any model instance: the audits app passes its own record
        reference="5.2",
    )
    action = services.action_create(
        recommendation=recommendation,
        owner_agency=cast.agency_a,
        description="Train all reception staff.",
        due_on=D(2026, 12, 1),
    )
    assert list(Recommendation.objects.for_source(cast.agency_a)) == [recommendation]
    assert recommendation.source == cast.agency_a and action.partnership == cast.home
    client.force_login(cast.lead_a)
    html = client.get(reverse("reviews:tracker") + "?source=section_11").content.decode()
    assert "Train all reception staff." in html and "Section 11 audit 2026: Agency A, standard 5" in html


def test_a_review_recommendation_must_name_its_review_and_others_must_not(cast):
    from django.core.exceptions import ValidationError

    review = ReviewFactory(partnership=cast.home)
    with pytest.raises(ValidationError):
        services.recommendation_create(
            partnership=cast.home, source_kind="review", source_label="x", text="t", themes=[]
        )
    with pytest.raises(ValidationError):
        services.recommendation_create(
            partnership=cast.home,
            source_kind="challenge",
            source_label="x",
            text="t",
            themes=[],
            review=review,
        )
    with pytest.raises(ValidationError):
        services.recommendation_create(
            partnership=cast.other, source_kind="review", source_label="x", text="t", themes=[], review=review
        )


def test_actions_are_owned_by_member_agencies_only(cast):
    from django.core.exceptions import ValidationError

    recommendation = RecommendationFactory(review=ReviewFactory(partnership=cast.home))
    with pytest.raises(ValidationError):
        services.action_create(
            recommendation=recommendation, owner_agency=cast.foreign, description="x", due_on=D(2026, 1, 1)
        )


def test_themes_of_another_partnership_cannot_be_used(cast):
    from django.core.exceptions import ValidationError

    theirs = ThemeFactory(partnership=cast.other)
    with pytest.raises(ValidationError):
        services.recommendation_create(
            partnership=cast.home, source_kind="other", source_label="x", text="t", themes=[theirs]
        )


# The manager adds recommendations and actions --------------------------------------------------------------


def test_manager_adds_a_recommendation_with_themes_then_an_action(client, cast):
    review = ReviewFactory(partnership=cast.home, reference="TR-1")
    neglect = Theme.objects.get(partnership=None, name="Neglect")
    client.force_login(cast.manager)
    response = client.post(
        reverse("reviews:recommendation_add", kwargs={"public_id": review.public_id}),
        {"reference": "1", "text": "Keep chronologies.", "themes": [neglect.pk], "made_on": "2026-05-01"},
    )
    recommendation = Recommendation.objects.get()
    assert response.status_code == 302
    assert recommendation.review == review and recommendation.source_kind == "review"
    assert recommendation.source_label == "Serious incident notification and rapid review TR-1"
    assert list(recommendation.themes.all()) == [neglect]
    response = client.post(
        reverse("reviews:action_add", kwargs={"public_id": recommendation.public_id}),
        {
            "description": "Add a chronology template.",
            "owner_agency": cast.agency_a.pk,
            "due_on": "2026-09-30",
        },
    )
    assert response.status_code == 302
    assert Action.objects.get().owner_agency == cast.agency_a


def test_the_owner_must_be_a_member_agency_in_the_form(client, cast):
    recommendation = RecommendationFactory(review=ReviewFactory(partnership=cast.home))
    client.force_login(cast.manager)
    response = client.post(
        reverse("reviews:action_add", kwargs={"public_id": recommendation.public_id}),
        {"description": "x", "owner_agency": cast.foreign.pk, "due_on": "2026-09-30"},
    )
    assert response.status_code == 200 and not Action.objects.exists()


# Agency leads update their own actions ---------------------------------------------------------------------


def test_agency_lead_completes_their_action_with_impact(client, cast, action, time_machine):
    time_machine.move_to(dt.datetime(2026, 10, 1, 10, 0))
    client.force_login(cast.lead_a)
    data = {
        "status": "complete",
        "completed_on": "2026-09-20",
        "progress_note": "Done.",
        "impact_statement": "Chronologies are now in most files.",
        "impact_measure": "Audited files with a chronology: 40% to 85%",
        "version": action.version,
    }
    assert client.post(action_url("action_update", action), data).status_code == 302
    action.refresh_from_db()
    assert (action.status, action.completed_on, action.version) == ("complete", D(2026, 9, 20), 2)
    assert action.has_impact


def test_impact_needs_its_measure_and_completion_its_date(client, cast, action):
    client.force_login(cast.lead_a)
    data = {"status": "complete", "impact_statement": "Better.", "version": action.version}
    html = client.post(action_url("action_update", action), data).content.decode()
    assert "Enter the date the action was completed." in html
    assert "Say how the impact was measured" in html
    action.refresh_from_db()
    assert action.status == "not_started"


def test_a_stale_save_is_refused_and_the_first_save_stays(client, cast, action):
    client.force_login(cast.lead_a)
    stale = action.version
    first = {"status": "in_progress", "progress_note": "FIRST-UPDATE", "version": stale}
    assert client.post(action_url("action_update", action), first).status_code == 302
    client.force_login(cast.manager)
    second = {"status": "in_progress", "progress_note": "SECOND-UPDATE", "version": stale}
    response = client.post(action_url("action_update", action), second)
    assert response.status_code == 200
    assert "Someone else saved this action after you opened it" in response.content.decode()
    action.refresh_from_db()
    assert action.progress_note == "FIRST-UPDATE"


def test_another_agencys_lead_cannot_see_or_update_the_action(client, cast, action):
    client.force_login(cast.lead_b)
    assert client.get(action_url("action_detail", action)).status_code == 404
    assert client.post(action_url("action_update", action), {"status": "complete"}).status_code == 404


def test_board_member_reads_their_agencys_action_but_cannot_update_it(client, cast, action):
    client.force_login(cast.board)
    assert client.get(action_url("action_detail", action)).status_code == 200
    assert client.get(action_url("action_update", action)).status_code == 403


# Evidence --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("chart.PNG", PNG, "image/png"),
        ("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "image/jpeg"),
        (
            "plan.docx",
            office("docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("data.xlsx", office("xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("notes.txt", "Audit of 20 files – 85% had a chronology.".encode(), "text/plain; charset=utf-8"),
    ],
)
def test_lead_uploads_accepted_evidence_and_downloads_it(client, cast, action, name, content, content_type):
    client.force_login(cast.lead_a)
    response = client.post(
        action_url("evidence_upload", action), {"file": upload(name, content), "description": "Audit"}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.original_name, evidence.content_type, evidence.size) == (
        name,
        content_type,
        len(content),
    )
    assert (
        evidence.file.name.startswith(f"private/evidence/{cast.home.pk}/") and name not in evidence.file.name
    )
    assert evidence.file.path.startswith(str(settings.MEDIA_ROOT))
    response = client.get(reverse("reviews:evidence_download", kwargs={"public_id": evidence.public_id}))
    assert response.status_code == 200 and b"".join(response.streaming_content) == content
    assert response["Content-Type"] == content_type
    assert (
        "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "private, no-store"
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"just some text pretending", "content is not a PDF"),
        ("plan.docx", PDF, "content is not a Word document"),
        ("data.xlsx", office("docx"), "content is not a Excel workbook"),
        ("script.exe", b"MZ\x90\x00", "must be a PDF"),
        ("page.html", b"<script>alert(1)</script>", "must be a PDF"),
        ("notes.txt", b"\x00\x01\x02binary", "content is not a Plain text"),
        ("broken.docx", b"PK\x03\x04not really a zip", "content is not a Word document"),
        ("empty.txt", b"", "The submitted file is empty"),
    ],
)
def test_evidence_of_the_wrong_type_is_refused(client, cast, action, name, content, message):
    client.force_login(cast.lead_a)
    response = client.post(action_url("evidence_upload", action), {"file": upload(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Evidence.objects.exists()


@override_settings(EVIDENCE_MAX_BYTES=1024)
def test_evidence_over_the_size_limit_is_refused(client, cast, action):
    client.force_login(cast.lead_a)
    response = client.post(
        action_url("evidence_upload", action), {"file": upload("big.pdf", PDF + b" " * 2000)}
    )
    assert "The file must be 1.0\xa0KB or smaller." in response.content.decode()
    assert not Evidence.objects.exists()


def test_the_default_limit_is_ten_megabytes():
    assert settings.EVIDENCE_MAX_BYTES == 10 * 1024 * 1024


def test_evidence_is_served_only_to_people_who_may_read_the_action(client, cast, action):
    evidence = EvidenceFactory(action=action)
    url = reverse("reviews:evidence_download", kwargs={"public_id": evidence.public_id})
    for person, status in [
        (cast.lead_a, 200),
        (cast.board, 200),
        (cast.chair, 200),
        (cast.lead_b, 404),
        (cast.reviewer, 404),
        (cast.outsider, 404),
    ]:
        client.force_login(person)
        assert client.get(url).status_code == status, person
    client.logout()
    assert client.get(url).status_code == 302
    assert settings.MEDIA_URL not in evidence.file.url or not evidence.file.url.startswith("/media/")


# The tracker list ------------------------------------------------------------------------------------------


def test_tracker_scopes_actions_to_the_persons_agency(client, cast):
    rec = RecommendationFactory(review=ReviewFactory(partnership=cast.home))
    ActionFactory(recommendation=rec, owner_agency=cast.agency_a, description="MARKER-A")
    ActionFactory(recommendation=rec, owner_agency=cast.agency_b, description="MARKER-B")
    other_rec = RecommendationFactory(review=ReviewFactory(partnership=cast.other))
    ActionFactory(recommendation=other_rec, owner_agency=cast.shared, description="MARKER-OTHER")
    expected = {
        cast.chair: {"MARKER-A", "MARKER-B"},
        cast.lead_a: {"MARKER-A"},
        cast.board: {"MARKER-A"},
        cast.lead_b: {"MARKER-B"},
        cast.outsider: {"MARKER-OTHER"},
    }
    for person, markers in expected.items():
        client.force_login(person)
        html = client.get(reverse("reviews:tracker")).content.decode()
        assert {m for m in ("MARKER-A", "MARKER-B", "MARKER-OTHER") if m in html} == markers, person


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=outstanding", {"LATE", "DUE"}),
        ("status=complete", {"DONE"}),
        ("overdue=yes", {"LATE"}),
        ("q=chronolog", {"DUE"}),
        ("order=-due", None),
    ],
)
def test_tracker_filters(client, cast, time_machine, query, expected):
    time_machine.move_to(dt.datetime(2026, 6, 1, 10, 0))
    rec = RecommendationFactory(review=ReviewFactory(partnership=cast.home))
    ActionFactory(recommendation=rec, owner_agency=cast.agency_a, description="LATE", due_on=D(2026, 5, 1))
    ActionFactory(
        recommendation=rec, owner_agency=cast.agency_b, description="DUE chronology", due_on=D(2026, 7, 1)
    )
    ActionFactory(
        recommendation=rec,
        owner_agency=cast.agency_a,
        description="DONE",
        due_on=D(2026, 4, 1),
        status="complete",
        completed_on=D(2026, 3, 1),
    )
    client.force_login(cast.manager)
    html = client.get(reverse("reviews:tracker") + "?" + query).content.decode()
    if expected is None:
        assert html.index("DUE chronology") < html.index("LATE") < html.index("DONE")
    else:
        assert {m for m in ("LATE", "DUE", "DONE") if f">{m}" in html} == expected


def test_tracker_filters_by_theme_and_owner(client, cast):
    neglect = Theme.objects.get(partnership=None, name="Neglect")
    tagged = RecommendationFactory(review=ReviewFactory(partnership=cast.home), themes=[neglect])
    untagged = RecommendationFactory(review=ReviewFactory(partnership=cast.home))
    ActionFactory(recommendation=tagged, owner_agency=cast.agency_a, description="TAGGED-A")
    ActionFactory(recommendation=untagged, owner_agency=cast.agency_b, description="UNTAGGED-B")
    client.force_login(cast.manager)
    html = client.get(reverse("reviews:tracker") + f"?theme={neglect.pk}").content.decode()
    assert "TAGGED-A" in html and "UNTAGGED-B" not in html
    html = client.get(reverse("reviews:tracker") + f"?owner_agency={cast.agency_b.pk}").content.decode()
    assert "TAGGED-A" not in html and "UNTAGGED-B" in html


def test_tracker_query_count_is_constant_with_2000_actions(client, cast, django_assert_max_num_queries):
    client.force_login(cast.manager)
    bulk_tracker(cast.home, [cast.agency_a, cast.agency_b], reviews=2, recommendations=5, actions=10)
    few = page_queries(client, reverse("reviews:tracker"))
    bulk_tracker(cast.other, [cast.shared], reviews=1, recommendations=1, actions=5)
    bulk_tracker(cast.home, [cast.agency_a, cast.agency_b, cast.shared], tag="many")
    assert Action.objects.filter(partnership=cast.home).count() > 2000
    assert page_queries(client, reverse("reviews:tracker")) == few
    with django_assert_max_num_queries(14):
        client.get(reverse("reviews:tracker") + "?status=outstanding&overdue=yes&order=-due")
    client.force_login(cast.lead_a)
    lead_few = page_queries(client, reverse("reviews:tracker") + "?page=2")
    assert lead_few <= few + 1


def test_recommendation_page_query_count_is_constant(client, cast):
    rec = RecommendationFactory(review=ReviewFactory(partnership=cast.home))
    client.force_login(cast.chair)
    url = reverse("reviews:recommendation_detail", kwargs={"public_id": rec.public_id})
    ActionFactory(recommendation=rec, owner_agency=cast.agency_a)
    few = page_queries(client, url)
    for _ in range(30):
        EvidenceFactory(action=ActionFactory(recommendation=rec, owner_agency=cast.agency_b))
    assert page_queries(client, url) == few


def test_review_detail_query_count_is_constant(client, cast):
    review = ReviewFactory(partnership=cast.home)
    client.force_login(cast.manager)
    url = reverse("reviews:detail", kwargs={"public_id": review.public_id})
    neglect = Theme.objects.get(partnership=None, name="Neglect")
    ActionFactory(
        recommendation=RecommendationFactory(review=review, themes=[neglect]), owner_agency=cast.agency_b
    )
    few = page_queries(client, url)
    for _ in range(10):
        rec = RecommendationFactory(review=review, themes=[neglect])
        for _ in range(4):
            ActionFactory(recommendation=rec, owner_agency=cast.agency_a)
    assert page_queries(client, url) == few
