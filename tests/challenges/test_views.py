"""The challenge log's pages: what each person sees and may do, and what the pages cost in queries."""

import datetime
import io

import pytest
import tablib
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from partners import dashboard, services
from partners.models import Challenge, ChallengeStep, EscalationStage, Responder
from safeguarding.access import build_seat
from safeguarding.calendar import add_working_days
from safeguarding.roles import Role
from tests.challenges.factories import ChallengeFactory, respond_directly
from tests.factories import AgencyFactory, MembershipFactory, RoleFactory

pytestmark = pytest.mark.django_db
LIST = reverse("challenges:list")


def signed_in(client, user):
    client.force_login(user)
    return client


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def detail(challenge) -> str:
    return reverse("challenges:detail", kwargs={"public_id": challenge.public_id})


def action(name, challenge) -> str:
    return reverse(f"challenges:{name}", kwargs={"public_id": challenge.public_id})


@pytest.fixture
def home_challenges(cast, today):
    to_a = ChallengeFactory(
        partnership=cast.home, raised_by=cast.chair, addressed_to=cast.agency_a, subject="To A"
    )
    by_a = ChallengeFactory(
        partnership=cast.home,
        raised_by=cast.board,
        raised_by_agency=cast.agency_a,
        addressed_to=cast.agency_b,
        subject="By A to B",
    )
    to_shared = ChallengeFactory(
        partnership=cast.home, raised_by=cast.manager, addressed_to=cast.shared, subject="To shared"
    )
    return to_a, by_a, to_shared


def subjects_listed(html: str, *candidates: str) -> set[str]:
    return {s for s in candidates if f">{s}<" in html}


@pytest.mark.parametrize(
    "role, expected",
    [
        ("chair", {"To A", "By A to B", "To shared"}),
        ("manager", {"To A", "By A to B", "To shared"}),
        ("lead_a", {"To A", "By A to B"}),
        ("lead_b", {"By A to B"}),
        ("board", {"To A", "By A to B"}),
        ("delegated_partner", {"To shared"}),
        ("lead_partner", {"To shared"}),
    ],
)
def test_the_log_shows_each_person_what_they_may_see(client, cast, home_challenges, role, expected):
    html = page(signed_in(client, getattr(cast, role)), LIST)
    assert subjects_listed(html, "To A", "By A to B", "To shared") == expected


def test_lead_partners_see_what_is_escalated_to_them(client, cast, today):
    challenge = ChallengeFactory(
        partnership=cast.home,
        raised_by=cast.chair,
        addressed_to=cast.agency_b,
        subject="At stage 3",
        stage=3,
        stage_responder=Responder.LEAD_PARTNERS,
    )
    assert subjects_listed(page(signed_in(client, cast.lead_partner), LIST), "At stage 3") == {"At stage 3"}
    assert client.get(detail(challenge)).status_code == 200
    assert "Respond to the challenge" in page(client, detail(challenge))


def test_marker_strings_never_cross_partnerships(client, cast, today):
    RoleFactory(user=cast.lead_b, partnership=cast.other, role=Role.AGENCY_LEAD, agency=cast.shared)
    RoleFactory(user=cast.lead_b, partnership=cast.home, role=Role.AGENCY_LEAD, agency=cast.shared)
    # Overdue, so that they show on the dashboards' panels as well as in the log.
    overdue = {"stage_due_on": datetime.date(2026, 11, 20), "addressed_to": cast.shared}
    ChallengeFactory(partnership=cast.home, raised_by=cast.chair, subject="MARKER-HOME-7731", **overdue)
    ChallengeFactory(partnership=cast.other, raised_by=cast.outsider, subject="MARKER-OTHER-4410", **overdue)
    signed_in(client, cast.chair)
    for url in (LIST, reverse("challenges:export", args=["csv"]), "/"):
        html = page(client, url)
        assert "MARKER-HOME-7731" in html and "MARKER-OTHER-4410" not in html, url
    signed_in(client, cast.outsider)
    for url in (LIST, reverse("challenges:export", args=["csv"]), "/"):
        html = page(client, url)
        assert "MARKER-OTHER-4410" in html and "MARKER-HOME-7731" not in html, url
    # An agency lead of the shared agency in both partnerships sees the current partnership's only.
    signed_in(client, cast.lead_b)
    for url in (LIST, "/"):
        html = page(client, url)
        assert "MARKER-HOME-7731" in html and "MARKER-OTHER-4410" not in html, url
    client.post(reverse("partners:switch"), {"partnership": "other"})
    for url in (LIST, "/"):
        html = page(client, url)
        assert "MARKER-OTHER-4410" in html and "MARKER-HOME-7731" not in html, url
    summary = page(signed_in(client, cast.outsider), reverse("challenges:summary"))
    assert "Foreign Agency" not in summary and "Agency A" not in summary


def test_filters_narrow_the_log(client, cast, home_challenges, today):
    to_a, by_a, to_shared = home_challenges
    late = ChallengeFactory(
        partnership=cast.home,
        raised_by=cast.chair,
        addressed_to=cast.agency_b,
        subject="Late one",
        raised_on=datetime.date(2026, 10, 1),
        response_due_on=datetime.date(2026, 10, 15),
        stage_due_on=datetime.date(2026, 11, 20),
        stage=2,
        stage_responder=Responder.SENIOR_LEAD,
    )
    respond_directly(by_a, cast.lead_b)
    every = ("To A", "By A to B", "To shared", "Late one")
    signed_in(client, cast.chair)

    def listed(**params):
        return subjects_listed(page(client, LIST, **params), *every)

    assert listed() == set(every)
    assert listed(status="responded") == {"By A to B"}
    assert listed(stage="2") == {"Late one"}
    assert listed(addressed_to=cast.agency_b.pk) == {"By A to B", "Late one"}
    assert listed(raised_by_agency=cast.agency_a.pk) == {"By A to B"}
    assert listed(raised_by_agency="null") == {"To A", "To shared", "Late one"}
    assert listed(overdue="on") == {"Late one"}
    assert listed(raised_from="2026-11-01") == {"To A", "By A to B", "To shared"}
    assert listed(raised_to="2026-10-31") == {"Late one"}
    assert listed(q="shared") == {"To shared"}
    assert listed(q=late.reference) == {"Late one"}


def test_the_log_sorts_by_a_column_and_says_so(client, cast, today):
    for days in (7, 3, 12):
        ChallengeFactory(
            partnership=cast.home,
            raised_by=cast.chair,
            addressed_to=cast.agency_a,
            subject=f"Due in {days}",
            stage_due_on=add_working_days(today, days),
        )
    html = page(signed_in(client, cast.chair), LIST, sort="due")
    assert html.index("Due in 3") < html.index("Due in 7") < html.index("Due in 12")
    assert 'aria-sort="ascending"><a class="govuk-link" href="?sort=-due">Answer due' in html
    html = page(client, LIST, sort="-due")
    assert html.index("Due in 12") < html.index("Due in 7") < html.index("Due in 3")


def _many(cast, count: int) -> None:
    agencies = [cast.agency_a, cast.agency_b, cast.shared]
    for n in range(count):
        challenge = ChallengeFactory(
            partnership=cast.home,
            raised_by=[cast.chair, cast.board, cast.manager][n % 3],
            raised_by_agency=cast.agency_a if n % 3 == 1 and agencies[n % 3] != cast.agency_a else None,
            addressed_to=agencies[n % 3],
        )
        if n % 4 == 0:
            respond_directly(challenge, cast.lead_a)


def test_the_log_list_export_and_summary_cost_a_fixed_number_of_queries(
    client, cast, today, django_assert_max_num_queries
):
    _many(cast, 60)
    signed_in(client, cast.chair)
    client.get(LIST)  # the session settles (MFA confirmed) before counting
    with django_assert_max_num_queries(10):
        html = page(client, LIST)
    assert html.count('href="/challenges/') >= 50
    with django_assert_max_num_queries(8):
        assert client.get(reverse("challenges:export", args=["csv"])).status_code == 200
    with django_assert_max_num_queries(14):
        page(client, reverse("challenges:summary"))
    signed_in(client, cast.lead_a)
    client.get(LIST)
    with django_assert_max_num_queries(10):
        assert page(client, LIST).count('href="/challenges/') >= 40


def test_exports_carry_the_filtered_log(client, cast, home_challenges):
    signed_in(client, cast.chair)
    response = client.get(reverse("challenges:export", args=["csv"]), {"addressed_to": cast.agency_a.pk})
    assert response["Content-Disposition"] == 'attachment; filename="home-challenges.csv"'
    rows = list(tablib.Dataset().load(response.content.decode(), format="csv").dict)
    assert [(r["subject"], r["agency_challenged"], r["on_behalf_of"], r["status"]) for r in rows] == [
        ("To A", "Agency A", "The partnership", "Awaiting a response")
    ]
    ChallengeFactory(
        partnership=cast.home, raised_by=cast.chair, addressed_to=cast.agency_a, subject="=HYPERLINK(1)"
    )
    exported = client.get(reverse("challenges:export", args=["csv"]), {"q": "HYPERLINK"}).content.decode()
    assert "'=HYPERLINK(1)" in exported
    response = client.get(reverse("challenges:export", args=["xlsx"]), {"q": "To "})
    workbook = tablib.Dataset().load(io.BytesIO(response.content).read(), format="xlsx")
    assert sorted(workbook["subject"]) == ["By A to B", "To A", "To shared"]
    assert client.get(reverse("challenges:export", args=["pdf"])).status_code == 404


def test_the_challenge_page_tells_the_whole_story(client, cast, today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        challenge = services.challenge_raise(
            partnership=cast.home,
            raised_by=cast.chair,
            raised_by_agency=None,
            addressed_to=cast.agency_a,
            subject="Strategy meetings",
            concern="Missed meetings.",
            asked="A plan.",
            response_due_on=datetime.date(2026, 12, 10),
        )
    html = page(signed_in(client, cast.chair), detail(challenge))
    assert "Missed meetings." in html and "A plan." in html
    assert "10 December 2026" in html and "Lead A" in html  # who must answer at stage 1, and by when
    assert "15 working days, if reached" in html
    assert "Told of the new challenge" in html and ">Sent<" in html  # the e-mail record
    assert "Withdraw" in html and "Respond to the challenge" not in html
    assert "Respond to the challenge" in page(signed_in(client, cast.lead_a), detail(challenge))


def test_responding_with_evidence_then_the_evidence_is_only_for_those_who_see_the_challenge(
    client, cast, today, django_capture_on_commit_callbacks
):
    challenge = ChallengeFactory(partnership=cast.home, raised_by=cast.chair, addressed_to=cast.agency_a)
    signed_in(client, cast.lead_a)
    assert 'enctype="multipart/form-data"' in page(client, action("respond", challenge))
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 the plan", content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            action("respond", challenge), {"text": "Here is our plan.", "evidence": upload, "version": 1}
        )
    assert response.status_code == 302 and response["Location"] == detail(challenge)
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.RESPONDED
    assert [m.to for m in mail.outbox] == [[cast.chair.email]]
    step = challenge.steps.get(kind="response")
    url = reverse("challenges:evidence", kwargs={"public_id": challenge.public_id, "step_id": step.pk})
    assert url in page(signed_in(client, cast.chair), detail(challenge))
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 the plan"
    assert 'attachment; filename="plan.pdf"' in download["Content-Disposition"]
    assert signed_in(client, cast.lead_b).get(url).status_code == 404


@pytest.mark.parametrize(
    "name, content, error",
    [
        ("script.exe", b"MZ", "The file must be a PDF"),
        ("huge.pdf", b"0" * (10 * 1024 * 1024 + 1), "smaller than 10 MB"),
    ],
)
def test_evidence_is_checked(client, cast, today, name, content, error):
    challenge = ChallengeFactory(partnership=cast.home, raised_by=cast.chair, addressed_to=cast.agency_a)
    upload = SimpleUploadedFile(name, content)
    response = signed_in(client, cast.lead_a).post(
        action("respond", challenge), {"text": "x", "evidence": upload, "version": 1}
    )
    assert response.status_code == 200 and error in response.content.decode()
    assert not challenge.steps.filter(kind="response").exists()


def test_a_second_response_from_an_old_page_is_refused(client, cast, today):
    challenge = ChallengeFactory(partnership=cast.home, raised_by=cast.chair, addressed_to=cast.agency_a)
    RoleFactory(user=cast.lead_b, partnership=cast.home, role=Role.AGENCY_LEAD, agency=cast.agency_a)
    signed_in(client, cast.lead_a).post(action("respond", challenge), {"text": "First answer.", "version": 1})
    # Lead B, another lead of agency A, had the form open too: their version is out of date.
    Challenge.objects.filter(pk=challenge.pk).update(status="awaiting_response")
    response = signed_in(client, cast.lead_b).post(
        action("respond", challenge), {"text": "Second answer.", "version": 1}, follow=True
    )
    assert "Someone else acted on this challenge" in response.content.decode()
    assert list(challenge.steps.filter(kind="response").values_list("text", flat=True)) == ["First answer."]


def test_deciding_needs_an_outcome_or_a_reason(client, cast, today):
    challenge = ChallengeFactory(partnership=cast.home, raised_by=cast.chair, addressed_to=cast.agency_a)
    respond_directly(challenge, cast.lead_a)
    signed_in(client, cast.chair)
    html = client.post(action("decide", challenge), {"decision": "accept", "version": 2}).content.decode()
    assert "Choose the outcome of the challenge." in html and "govuk-error-summary" in html
    html = client.post(action("decide", challenge), {"decision": "escalate", "version": 2}).content.decode()
    assert "Say why the response is not accepted." in html
    response = client.post(
        action("decide", challenge), {"decision": "accept", "outcome": "assurance_given", "version": 2}
    )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert (challenge.status, challenge.outcome) == ("resolved", "assurance_given")


def test_at_the_top_of_the_ladder_the_response_can_only_be_accepted(client, cast, today):
    challenge = ChallengeFactory(
        partnership=cast.home,
        raised_by=cast.chair,
        addressed_to=cast.agency_a,
        stage=3,
        stage_responder=Responder.LEAD_PARTNERS,
    )
    respond_directly(challenge, cast.lead_partner)
    html = page(signed_in(client, cast.chair), action("decide", challenge))
    assert "escalate to stage" not in html and "last stage of the escalation ladder" in html
    response = client.post(action("decide", challenge), {"decision": "escalate", "note": "No", "version": 2})
    assert "Select a valid choice" in response.content.decode()


def test_an_overdue_challenge_can_be_escalated_without_an_answer(client, cast, today):
    challenge = ChallengeFactory(
        partnership=cast.home,
        raised_by=cast.chair,
        addressed_to=cast.agency_a,
        response_due_on=datetime.date(2026, 11, 20),
        stage_due_on=datetime.date(2026, 11, 20),
    )
    signed_in(client, cast.chair)
    assert "Escalate without a response" in page(client, detail(challenge))
    assert "The answer was due on 20 November 2026 and has not come." in page(
        client, action("escalate", challenge)
    )
    response = client.post(action("escalate", challenge), {"reason": "", "version": 1})
    assert "This field is required." in response.content.decode()
    client.post(action("escalate", challenge), {"reason": "No answer after two reminders.", "version": 1})
    challenge.refresh_from_db()
    assert challenge.stage == 2 and challenge.stage_due_on == add_working_days(today, 10)


def test_withdrawal_needs_a_reason(client, cast, today):
    challenge = ChallengeFactory(partnership=cast.home, raised_by=cast.chair, addressed_to=cast.agency_a)
    signed_in(client, cast.chair)
    response = client.post(action("withdraw", challenge), {"reason": "   ", "version": 1})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    client.post(action("withdraw", challenge), {"reason": "Raised in error.", "version": 1})
    challenge.refresh_from_db()
    assert challenge.status == "withdrawn"
    assert "Raised in error." in page(client, detail(challenge))


def test_raising_a_challenge(client, cast, today, django_capture_on_commit_callbacks):
    signed_in(client, cast.board)
    html = page(client, reverse("challenges:raise"))
    # Ten working days on from Thursday 26 November 2026 (the default ladder's first stage).
    assert 'value="2026-12-10"' in html
    assert (
        "The partnership as a whole" in html
        and ">Agency A<" in html
        and ">Shared Police<" not in html.split("Agency challenged")[0]
    )
    data = {
        "raised_by_agency": cast.agency_a.pk,
        "addressed_to": cast.agency_b.pk,
        "subject": "Referral quality",
        "concern": "Referrals lack the child's voice.",
        "asked": "An audit of ten referrals.",
        "response_due_on": "2026-12-10",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("challenges:raise"), data)
    challenge = Challenge.objects.get()
    assert response["Location"] == detail(challenge)
    assert (challenge.raised_by, challenge.raised_by_agency, challenge.addressed_to) == (
        cast.board,
        cast.agency_a,
        cast.agency_b,
    )
    assert [m.to for m in mail.outbox] == [[cast.lead_b.email]]


@pytest.mark.parametrize(
    "change, error",
    [
        ({"response_due_on": "2026-11-28"}, "Choose a working day"),
        ({"response_due_on": "2026-11-26"}, "due after today"),
        ({"response_due_on": "2027-06-01"}, "within 60 working days"),
        ({"addressed_to": "AGENCY_A"}, "An agency cannot challenge itself."),
        ({"raised_by_agency": "AGENCY_B"}, "Select a valid choice"),
    ],
)
def test_raising_checks_what_it_is_given(client, cast, today, change, error):
    data = {
        "raised_by_agency": cast.agency_a.pk,
        "addressed_to": cast.agency_b.pk,
        "subject": "S",
        "concern": "C",
        "asked": "A",
        "response_due_on": "2026-12-10",
    }
    swaps = {"AGENCY_A": cast.agency_a.pk, "AGENCY_B": cast.agency_b.pk}
    data.update({k: swaps.get(v, v) for k, v in change.items()})
    response = signed_in(client, cast.board).post(reverse("challenges:raise"), data)
    assert response.status_code == 200 and error in response.content.decode()
    assert not Challenge.objects.exists()


def test_agencies_outside_the_partnership_cannot_be_challenged(client, cast, today):
    response = signed_in(client, cast.chair).post(
        reverse("challenges:raise"),
        {
            "addressed_to": cast.foreign.pk,
            "subject": "S",
            "concern": "C",
            "asked": "A",
            "response_due_on": "2026-12-10",
        },
    )
    assert "Select a valid choice" in response.content.decode()
    assert "raised_by_agency" not in response.content.decode()  # the chair acts for no agency


def test_a_linked_record_shows_as_a_link_to_those_who_may_open_it(client, cast, today, agency_link_kind):
    signed_in(client, cast.chair)
    html = page(client, reverse("challenges:raise"))
    assert "Not linked to a record" in html and f"tests.agency|{cast.agency_b.public_id}" in html
    data = {
        "addressed_to": cast.agency_b.pk,
        "subject": "Linked",
        "concern": "C",
        "asked": "A",
        "response_due_on": "2026-12-10",
        "link": f"tests.agency|{cast.foreign.public_id}",
    }
    assert "Select a valid choice" in client.post(reverse("challenges:raise"), data).content.decode()
    data["link"] = f"tests.agency|{cast.agency_b.public_id}"
    client.post(reverse("challenges:raise"), data)
    challenge = Challenge.objects.get()
    assert (challenge.link_kind, challenge.link_ref) == ("tests.agency", str(cast.agency_b.public_id))
    assert f'<a class="govuk-link" href="/partners/agencies/{cast.agency_b.public_id}/">Agency B</a>' in page(
        client, detail(challenge)
    )
    # Lead B sees the challenge but not (in this registered kind's rule) the record: plain text, no link.
    html = page(signed_in(client, cast.lead_b), detail(challenge))
    assert (
        "A record you do not have access to" in html
        and f"/partners/agencies/{cast.agency_b.public_id}/" not in html
    )


def test_other_apps_validate_their_own_references(cast, agency_link_kind):
    from partners import challenge_links

    assert challenge_links.validate(cast.home, "tests.agency", str(cast.agency_a.public_id)) is None
    assert challenge_links.validate(cast.home, "tests.agency", str(cast.foreign.public_id)) == (
        "There is no such agency page in this partnership."
    )
    assert challenge_links.validate(cast.home, "reviews.action", "1") == (
        "Choose a kind of record the portal knows about."
    )


def test_a_link_to_an_app_that_is_gone_shows_as_text(client, cast, today):
    challenge = ChallengeFactory(
        partnership=cast.home,
        raised_by=cast.chair,
        addressed_to=cast.agency_a,
        link_kind="gone.app",
        link_ref="1",
    )
    assert "A record the portal no longer offers" in page(signed_in(client, cast.chair), detail(challenge))


def test_the_business_manager_changes_the_ladder(client, cast, today):
    url = reverse("challenges:ladder")
    html = page(signed_in(client, cast.board), url)
    assert (
        "The agency&#x27;s delegated safeguarding partner or senior lead" in html
        and "Save the ladder" not in html
    )
    signed_in(client, cast.manager)
    assert "Save the ladder" in page(client, url)
    data = {
        "stages-TOTAL_FORMS": "4",
        "stages-INITIAL_FORMS": "3",
        "stages-0-responder": "agency_lead",
        "stages-0-working_days": "5",
        "stages-1-responder": "senior_lead",
        "stages-1-working_days": "10",
        "stages-1-DELETE": "on",
        "stages-2-responder": "lead_partners",
        "stages-2-working_days": "20",
        "stages-3-responder": "",
        "stages-3-working_days": "",
    }
    assert client.post(url, data).status_code == 302
    assert list(
        EscalationStage.objects.filter(partnership=cast.home).values_list(
            "number", "responder", "working_days"
        )
    ) == [
        (1, "agency_lead", 5),
        (2, "lead_partners", 20),
    ]
    data.update({"stages-0-DELETE": "on", "stages-2-DELETE": "on"})
    assert "The ladder needs at least one stage." in client.post(url, data).content.decode()
    data.update({"stages-0-DELETE": "", "stages-0-working_days": "99"})
    assert "less than or equal to 60" in client.post(url, data).content.decode()


def test_the_summary_counts_and_charts_the_year(client, cast, today):
    resolved = ChallengeFactory(
        partnership=cast.home,
        raised_by=cast.chair,
        addressed_to=cast.agency_a,
        raised_on=datetime.date(2026, 9, 1),
    )
    Challenge.objects.filter(pk=resolved.pk).update(
        status="resolved", outcome="changed_practice", closed_on=datetime.date(2026, 9, 11), stage=2
    )
    stuck = ChallengeFactory(
        partnership=cast.home,
        raised_by=cast.board,
        raised_by_agency=cast.agency_a,
        addressed_to=cast.agency_b,
        raised_on=datetime.date(2026, 10, 1),
    )
    ChallengeStep.objects.create(challenge=stuck, kind="stuck", stage=1)
    last_year = ChallengeFactory(
        partnership=cast.home,
        raised_by=cast.chair,
        addressed_to=cast.agency_b,
        raised_on=datetime.date(2026, 2, 1),
    )
    html = page(signed_in(client, cast.board), reverse("challenges:summary"))
    assert "1 April 2026 to 31 March 2027" in html
    assert '<span class="portal-stat">2</span>raised' in html
    assert '<span class="portal-stat">1</span>resolved' in html
    assert '<span class="portal-stat">10.0</span>median days to resolution' in html
    assert '<span class="portal-stat">1</span>were stuck' in html
    assert 'src="data:image/svg+xml;base64,' in html and "The figures behind" in html
    assert 'Stage 2</th><td class="govuk-table__cell govuk-table__cell--numeric">1<' in html
    assert 'Stage 3</th><td class="govuk-table__cell govuk-table__cell--numeric">0<' in html
    every = page(client, reverse("challenges:summary"), year="all")
    assert '<span class="portal-stat">3</span>raised' in every
    assert last_year.raised_on.year == 2026


def render_panels(user) -> str:
    """partners' dashboard panels alone (other apps add their own to the page), rendered as the page would."""
    request = RequestFactory().get("/")
    request.user = user
    request.seat = build_seat(user, None)
    return "".join(
        render_to_string(panel["template"], {"panel": panel}, request=request)
        for panel in dashboard.panels(request, request.seat)
    )


def test_dashboard_panels_for_agency_leads_and_oversight(client, cast, today, django_assert_max_num_queries):
    for n in range(30):
        ChallengeFactory(
            partnership=cast.home,
            raised_by=cast.chair,
            addressed_to=cast.agency_a,
            subject=f"Waiting {n}",
            stage_due_on=add_working_days(today, -n),
            stuck_since=today if n >= 5 else None,
        )
    with django_assert_max_num_queries(4):
        html = render_panels(cast.lead_a)
    assert "30 challenges waiting for your agency's answer." in html and html.count("Waiting ") == 8
    with django_assert_max_num_queries(13):
        html = render_panels(cast.scrutineer)
    assert "29 overdue, 25 of them stuck" in html and html.count("Waiting ") == 8
    assert "30 raised, 0 resolved" in html and "waiting for your agency" not in html
    with django_assert_max_num_queries(10):
        html = render_panels(cast.board)
    assert "Since 1 April 2026: 30 raised" in html and "overdue, " not in html
    assert render_panels(cast.reviewer) == ""

    # On the page itself, under their titles.
    html = page(signed_in(client, cast.lead_a), "/")
    assert "Challenges awaiting your agency&#x27;s response" in html
    html = page(signed_in(client, cast.scrutineer), "/")
    assert "Stuck and overdue challenges" in html and "Challenges this year" in html


def test_unconfirmed_reminders_are_reported_on_the_dashboard_and_the_challenge(client, cast, time_machine):
    from safeguarding.reminders import Due, claim, subject_key

    time_machine.move_to(datetime.datetime(2026, 11, 26, 7, 0, tzinfo=datetime.UTC), tick=False)
    challenge = ChallengeFactory(partnership=cast.home, raised_by=cast.chair, addressed_to=cast.agency_a)
    claim([Due("challenge.due", subject_key(challenge), cast.lead_a.pk, stage="1")])
    time_machine.move_to(datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC), tick=False)
    html = page(signed_in(client, cast.manager), "/")
    assert "1 challenge e-mail could not be confirmed as sent" in html
    assert "Claimed, not yet confirmed sent" in page(client, detail(challenge))


def test_navigation_offers_the_log_to_those_who_may_see_it(client, cast):
    assert ">Challenges<" in page(signed_in(client, cast.lead_a), "/").replace("\n", "").replace("  ", "")
    assert "/challenges/" not in page(signed_in(client, cast.reviewer), "/")


def test_agency_leads_may_read_the_log_but_not_raise(client, cast):
    signed_in(client, cast.lead_a)
    assert "Raise a challenge" not in page(client, LIST)
    assert client.get(reverse("challenges:raise")).status_code == 403


def test_people_outside_the_agency_cannot_respond(client, cast, today):
    other_agency = AgencyFactory(name="Agency C")
    MembershipFactory(partnership=cast.home, agency=other_agency)
    challenge = ChallengeFactory(partnership=cast.home, raised_by=cast.chair, addressed_to=other_agency)
    # Agency C has nobody: the manager is told, but neither they nor the chair may answer for the agency.
    for user in (cast.manager, cast.chair):
        assert signed_in(client, user).get(action("respond", challenge)).status_code == 403


def test_a_partnership_without_challenges_has_an_empty_summary(client, cast, today):
    html = page(signed_in(client, cast.chair), reverse("challenges:summary"))
    assert "No challenges in this period." in html and "Stage 3" in html
    assert '<span class="portal-stat">–</span>median days to resolution' in html
    assert "0 raised, 0 resolved" in page(client, "/")


def test_a_raise_link_from_another_record_preselects_it(client, cast, today, agency_link_kind):
    signed_in(client, cast.chair)
    value = f"tests.agency|{cast.agency_b.public_id}"
    html = page(client, reverse("challenges:raise") + f"?link={value}")
    assert f'value="{value}" selected' in html
    # A reference the form would refuse is not pre-selected.
    html = page(client, reverse("challenges:raise") + f"?link=tests.agency|{cast.foreign.public_id}")
    assert " selected" not in html.split('name="link"', 1)[1].split("</select>", 1)[0]
