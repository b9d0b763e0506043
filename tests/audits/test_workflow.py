import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from audits import services
from audits.models import Answer, GapAction, Moderation, Return
from reviews.models import Action, Recommendation
from safeguarding.roles import Role
from tests.audits.factories import accept, add_evidence, fill, make_cycle, submit
from tests.factories import MembershipFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(name, return_record, **extra):
    return reverse(f"audits:{name}", kwargs={"public_id": return_record.public_id, **extra})


def _standard_post(return_record, code="3", narrative="Our policy", **action):
    data = {}
    for answer in Answer.objects.filter(return_record=return_record, criterion__standard__number=1):
        prefix = f"c{answer.pk}-"
        data.update(
            {
                prefix + "version": answer.version,
                prefix + "grade": code,
                prefix + "narrative": narrative,
                prefix + "action_text": action.get("text", ""),
                prefix + "action_owner": action.get("owner", ""),
                prefix + "action_due_on": action.get("due", ""),
            }
        )
    return data


@pytest.fixture
def police_lead_other(cast):
    """The shared police force's lead holds the role in the other partnership only."""
    user = UserFactory(full_name="Police Lead", email="police.lead@test.example.org")
    RoleFactory(user=user, partnership=cast.other, role=Role.AGENCY_LEAD, agency=cast.shared)
    return user


def test_police_in_two_partnerships_answers_once_and_each_moderates(client, cast, police_lead_other):
    cycle = make_cycle(cast.home, [cast.shared, cast.agency_a], name="Regional audit")
    services.cycle_share(cycle=cycle, partnership=cast.other)
    created = services.cycle_require_agencies(
        cycle=cycle, partnership=cast.other, agencies=[cast.shared, cast.foreign]
    )
    assert created == 1  # the foreign agency only: the police force already has its return
    assert Return.objects.filter(cycle=cycle, agency=cast.shared).count() == 1
    police = Return.objects.get(cycle=cycle, agency=cast.shared)

    # The lead answers from the other partnership, where they hold the role.
    client.force_login(police_lead_other)
    for number in (1, 2):
        answers = Answer.objects.filter(return_record=police, criterion__standard__number=number)
        data = {}
        for answer in answers:
            p = f"c{answer.pk}-"
            data |= {
                p + "version": answer.version,
                p + "grade": "2",
                p + "narrative": "Partly",
                p + "action_text": "Train all staff",
                p + "action_owner": "Head of training",
                p + "action_due_on": "2030-01-31",
            }
        assert client.post(_url("return_standard", police, number=number), data).status_code == 302
    police.refresh_from_db()
    assert client.post(_url("return_submit", police), {"version": police.version}).status_code == 302
    police.refresh_from_db()
    assert police.status == Return.Status.SUBMITTED

    # Either partnership's business manager may accept the one return; both trackers get the gaps.
    client.force_login(cast.manager)
    assert client.post(_url("return_accept", police), {"version": police.version}).status_code == 302
    police.refresh_from_db()
    assert police.status == Return.Status.ACCEPTED
    assert GapAction.objects.filter(answer__return_record=police).count() == 4 * 2
    assert Action.objects.filter(owner_agency=cast.shared, partnership=cast.home).count() == 4
    assert Action.objects.filter(owner_agency=cast.shared, partnership=cast.other).count() == 4
    recommendation = Recommendation.objects.filter(partnership=cast.home).first()
    assert recommendation.source_kind == "section_11" and isinstance(recommendation.source, Answer)

    standard_1 = cycle.standard_set.standards.get(number=1)
    for user, grade, partnership in ((cast.manager, "1", cast.home), (cast.outsider, "3", cast.other)):
        client.force_login(user)
        page = client.get(_url("moderation", police))
        assert page.status_code == 200
        response = client.post(
            _url("moderation", police),
            {
                "session_on": "2026-03-02",
                "attendees": "Chair",
                "notes": f"Notes of {partnership.slug}",
                "letter": f"Letter from {partnership.name}",
                f"grade_{standard_1.pk}": grade,
            },
        )
        assert response.status_code == 302, response.content.decode()
    home_mod = Moderation.objects.get(return_record=police, partnership=cast.home)
    other_mod = Moderation.objects.get(return_record=police, partnership=cast.other)
    assert home_mod.grades.get(standard=standard_1).grade == "1"
    assert other_mod.grades.get(standard=standard_1).grade == "3"

    # Each partnership's heatmap shows its own moderated grade beside the same self-assessed grade.
    client.force_login(cast.manager)
    home_page = client.get(
        reverse("audits:cycle_detail", kwargs={"public_id": cycle.public_id})
    ).content.decode()
    client.force_login(cast.outsider)
    other_page = client.get(
        reverse("audits:cycle_detail", kwargs={"public_id": cycle.public_id})
    ).content.decode()
    assert "1 Inadequate" in home_page and "3 Good" not in home_page.split("heatmap-caption")[1]
    assert "3 Good" in other_page and "1 Inadequate" not in other_page.split("heatmap-caption")[1]
    assert "Agency A" in home_page and "Agency A" not in other_page
    assert "Foreign Agency" in other_page and "Foreign Agency" not in home_page
    # The other partnership's notes never show on the home partnership's return page.
    client.force_login(cast.manager)
    detail = client.get(_url("return_detail", police)).content.decode()
    assert "Notes of home" in detail and "Notes of other" not in detail


def test_submit_lists_what_is_missing_then_locks_the_return(client, cast):
    cycle = make_cycle(cast.home, [cast.agency_a])
    return_a = Return.objects.get(cycle=cycle)
    client.force_login(cast.lead_a)
    page = client.get(_url("return_submit", return_a)).content.decode()
    assert "The return is not complete" in page and "Criterion 1.1: choose a grade" in page
    data = _standard_post(return_a, code="2")
    assert client.post(_url("return_standard", return_a, number=1), data).status_code == 302
    page = client.get(_url("return_submit", return_a)).content.decode()
    assert "Criterion 1.1: give an action, its owner and a due date for the gap" in page
    assert "Criterion 2.1: choose a grade" in page
    fill(return_a, cast.lead_a)
    return_a.refresh_from_db()
    assert client.post(_url("return_submit", return_a), {"version": return_a.version}).status_code == 302
    return_a.refresh_from_db()
    assert return_a.status == Return.Status.SUBMITTED and return_a.submitted_by == cast.lead_a
    assert client.get(_url("return_standard", return_a, number=1)).status_code == 403
    assert "Submit the return" not in client.get(_url("return_detail", return_a)).content.decode()


def test_sent_back_with_reasons_the_agency_sees_and_is_emailed(
    client, cast, django_capture_on_commit_callbacks
):
    cycle = make_cycle(cast.home, [cast.agency_a])
    return_a = Return.objects.get(cycle=cycle)
    fill(return_a, cast.lead_a)
    submit(return_a, cast.lead_a)
    client.force_login(cast.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("return_send_back", return_a),
            {"version": return_a.version, "reasons": "Add the training data."},
        )
    assert response.status_code == 302
    return_a.refresh_from_db()
    assert return_a.status == Return.Status.RETURNED
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [cast.lead_a.email]
    assert "Add the training data." in mail.outbox[0].body
    assert "Add the training data." in mail.outbox[0].alternatives[0][0]
    client.force_login(cast.lead_a)
    page = client.get(_url("return_detail", return_a)).content.decode()
    assert "Returned for revision: Add the training data." in page
    assert client.get(_url("return_standard", return_a, number=1)).status_code == 200


def test_the_partnership_sees_every_status_and_only_its_members(client, cast):
    cycle = make_cycle(cast.home, [cast.agency_a, cast.agency_b])
    fill(cycle.returns.get(agency=cast.agency_a), cast.lead_a)
    submit(cycle.returns.get(agency=cast.agency_a), cast.lead_a)
    client.force_login(cast.chair)
    page = client.get(reverse("audits:cycle_detail", kwargs={"public_id": cycle.public_id})).content.decode()
    assert "1 of 2 member agencies have submitted" in page.replace("\n", " ")
    assert "Agency A" in page and "Agency B" in page


def test_carry_forward_prefills_and_must_be_confirmed(client, cast):
    earlier = make_cycle(
        cast.home,
        [cast.agency_a],
        name="2024",
        opens_on=timezone.localdate() - datetime.timedelta(days=800),
        due_on=timezone.localdate() - datetime.timedelta(days=700),
    )
    old = earlier.returns.get()
    fill(old, cast.lead_a, code="2")
    add_evidence(old.answers.order_by("pk").first(), cast.lead_a, name="old-policy.pdf")
    submit(old, cast.lead_a)
    accept(old, cast.manager)
    cycle = make_cycle(
        cast.home, [cast.agency_a], standard_set=earlier.standard_set, name="2026", previous=earlier
    )
    new = cycle.returns.get()
    assert new.carried_forward_from == old
    answer = new.answers.order_by("pk").first()
    assert answer.carried_forward and answer.grade == "2" and answer.narrative == "Narrative for 1.1"
    assert answer.action_owner == "Head of safeguarding"
    evidence = answer.evidence.get()
    assert evidence.carried_forward and evidence.original_name == "old-policy.pdf"
    client.force_login(cast.lead_a)
    page = client.get(_url("return_detail", new)).content.decode()
    assert "Carried forward — confirm or update" in page
    assert (
        "confirm or update the answer carried forward"
        in client.get(_url("return_submit", new)).content.decode()
    )
    # Confirming (saving) clears the flag; the evidence file is the same stored file.
    data = _standard_post(new, code="3")
    client.post(_url("return_standard", new, number=1), data)
    assert not Answer.objects.get(pk=answer.pk).carried_forward
    download = client.get(reverse("audits:evidence_download", kwargs={"public_id": evidence.public_id}))
    assert download.status_code == 200 and b"%PDF" in b"".join(download.streaming_content)


def test_a_different_scale_carries_narrative_but_not_grades(cast):
    earlier = make_cycle(
        cast.home,
        [cast.agency_a],
        name="RAG",
        scale="rag",
        opens_on=timezone.localdate() - datetime.timedelta(days=800),
        due_on=timezone.localdate() - datetime.timedelta(days=700),
    )
    fill(earlier.returns.get(), cast.lead_a, code="green")
    submit(earlier.returns.get(), cast.lead_a)
    cycle = make_cycle(cast.home, [cast.agency_a], standard_set=earlier.standard_set, previous=earlier)
    answer = cycle.returns.get().answers.order_by("pk").first()
    assert answer.grade == "" and answer.narrative == "Narrative for 1.1" and answer.carried_forward


def test_accepting_twice_never_duplicates_tracker_actions(cast):
    cycle = make_cycle(cast.home, [cast.agency_a])
    return_a = cycle.returns.get()
    fill(return_a, cast.lead_a, code="1")
    submit(return_a, cast.lead_a)
    accept(return_a, cast.manager)
    assert Action.objects.filter(owner_agency=cast.agency_a).count() == 4
    return_a.refresh_from_db()
    services.return_send_back(
        return_record=return_a, expected_version=return_a.version, reasons="x", user=cast.manager
    )
    submit(return_a, cast.lead_a)
    accept(return_a, cast.manager)
    assert Action.objects.filter(owner_agency=cast.agency_a).count() == 4
    gap = GapAction.objects.first()
    assert Action.objects.get(pk=gap.tracker_action_id).description.startswith("Refresh the policy")


def test_member_of_another_partnership_cannot_be_asked(cast):
    cycle = make_cycle(cast.home, [cast.agency_a])
    with pytest.raises(Exception, match="current member agencies"):
        services.cycle_require_agencies(cycle=cycle, partnership=cast.home, agencies=[cast.foreign])


def test_a_lead_in_both_partnerships_reaches_the_return_from_either(client, cast):
    MembershipFactory(partnership=cast.other, agency=cast.agency_a)
    RoleFactory(user=cast.lead_a, partnership=cast.other, role=Role.AGENCY_LEAD, agency=cast.agency_a)
    cycle = make_cycle(cast.home, [cast.agency_a])
    services.cycle_share(cycle=cycle, partnership=cast.other)
    return_a = cycle.returns.get()
    client.force_login(cast.lead_a)
    assert client.get(_url("return_detail", return_a)).status_code == 200
    client.post(reverse("partners:switch"), {"partnership": "other"})
    assert client.get(_url("return_detail", return_a)).status_code == 200
    assert client.get(_url("return_standard", return_a, number=1)).status_code == 200
