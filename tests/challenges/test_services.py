"""The conversation with a clock: raising, answering, deciding, escalating, withdrawing, and who is told."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from partners import services
from partners.challenge_people import People
from partners.models import Challenge, ChallengeStep, EscalationStage, Responder
from safeguarding.calendar import add_working_days, is_working_day
from safeguarding.models import Reminder
from safeguarding.roles import Role
from tests.factories import RoleFactory

pytestmark = pytest.mark.django_db


def raise_challenge(cast, **extra):
    arguments = {
        "partnership": cast.home,
        "raised_by": cast.chair,
        "raised_by_agency": None,
        "addressed_to": cast.agency_a,
        "subject": "Attendance at strategy meetings",
        "concern": "Agency A missed six of the last ten strategy meetings.",
        "asked": "Attendance figures and a plan.",
        "response_due_on": datetime.date(2026, 12, 10),
    }
    return services.challenge_raise(**{**arguments, **extra})


def recipients(message) -> set[str]:
    return set(message.to)


def test_raising_numbers_the_challenge_and_tells_the_agency_lead(
    cast, today, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = raise_challenge(cast)
        second = raise_challenge(cast, subject="Second")
    assert (first.reference, second.reference) == ("CH-0001", "CH-0002")
    assert first.stage == 1 and first.stage_responder == Responder.AGENCY_LEAD
    assert first.stage_due_on == datetime.date(2026, 12, 10) and first.raised_on == today
    # The default ladder is saved with the partnership's first challenge.
    assert list(
        EscalationStage.objects.filter(partnership=cast.home).values_list(
            "number", "responder", "working_days"
        )
    ) == [
        (1, "agency_lead", 10),
        (2, "senior_lead", 10),
        (3, "lead_partners", 15),
    ]
    assert [m.to for m in mail.outbox] == [[cast.lead_a.email], [cast.lead_a.email]]
    message = mail.outbox[0]
    assert message.subject == "Challenge CH-0001 for Agency A: Attendance at strategy meetings"
    url = f"http://127.0.0.1:8000/challenges/{first.public_id}/"
    assert url in message.body and "10 December 2026" in message.body
    html = message.alternatives[0][0]
    assert f'href="{url}"' in html and message.alternatives[0][1] == "text/html"
    # The case details stay on the portal: the e-mail names the subject, not the concern.
    assert "six of the last ten" not in message.body and "six of the last ten" not in html


def test_the_whole_conversation_in_order_with_the_right_people_told(
    cast, today, django_capture_on_commit_callbacks, time_machine
):
    RoleFactory(
        user=cast.delegated_partner, partnership=cast.home, role=Role.DELEGATED_PARTNER, agency=cast.agency_a
    )
    with django_capture_on_commit_callbacks(execute=True):
        challenge = raise_challenge(cast)
    assert [m.to for m in mail.outbox] == [[cast.lead_a.email]]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.challenge_respond(
            challenge=challenge, author=cast.lead_a, text="We were short of staff.", version=1
        )
    assert [m.to for m in mail.outbox] == [[cast.chair.email]]
    assert mail.outbox[0].subject == "Challenge CH-0001 has a response"

    mail.outbox.clear()
    challenge.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.challenge_escalate(
            challenge=challenge, decided_by=cast.chair, reason="No plan offered.", version=2
        )
    challenge.refresh_from_db()
    assert challenge.stage == 2 and challenge.status == Challenge.Status.AWAITING_RESPONSE
    assert challenge.stage_responder == Responder.SENIOR_LEAD
    # Ten working days from Thursday 26 November 2026.
    assert challenge.stage_due_on == datetime.date(2026, 12, 10) == add_working_days(today, 10)
    # The agency's delegated safeguarding partner must answer; the agency lead is told too.
    assert recipients(mail.outbox[0]) | recipients(mail.outbox[1]) == {
        cast.delegated_partner.email,
        cast.lead_a.email,
    }
    assert mail.outbox[0].subject == "Challenge CH-0001 is escalated to stage 2"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.challenge_respond(
            challenge=challenge, author=cast.delegated_partner, text="A plan.", version=3
        )
        challenge.refresh_from_db()
        services.challenge_escalate(
            challenge=challenge, decided_by=cast.chair, reason="Not enough.", version=4
        )
    challenge.refresh_from_db()
    assert challenge.stage == 3 and challenge.stage_responder == Responder.LEAD_PARTNERS
    assert challenge.stage_due_on == add_working_days(today, 15)
    told = [set(m.to) for m in mail.outbox]
    assert told[0] == {cast.chair.email}  # the response
    # Stage 3: the lead safeguarding partners with the independent scrutineer, and the agency lead.
    assert set().union(*told[1:]) == {cast.lead_partner.email, cast.scrutineer.email, cast.lead_a.email}

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.challenge_respond(challenge=challenge, author=cast.lead_partner, text="Funded.", version=5)
        challenge.refresh_from_db()
        services.challenge_accept(
            challenge=challenge,
            decided_by=cast.chair,
            outcome=Challenge.Outcome.CHANGED_PRACTICE,
            note="Thank you.",
            version=6,
        )
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.RESOLVED and challenge.closed_on == today
    assert challenge.outcome == "changed_practice"
    resolved = [m for m in mail.outbox if m.subject == "Challenge CH-0001 is resolved"]
    assert {address for m in resolved for address in m.to} == {
        cast.lead_partner.email,
        cast.scrutineer.email,
        cast.lead_a.email,
    }
    kinds = list(challenge.steps.values_list("kind", "stage"))
    assert kinds == [
        ("raised", 1),
        ("response", 1),
        ("not_accepted", 1),
        ("escalated", 2),
        ("response", 2),
        ("not_accepted", 2),
        ("escalated", 3),
        ("response", 3),
        ("accepted", 3),
    ]
    assert not ChallengeStep.objects.filter(notice_pending=True).exists()


def test_an_out_of_date_page_is_refused_and_nothing_is_saved(cast, today):
    challenge = raise_challenge(cast)
    services.challenge_respond(challenge=challenge, author=cast.lead_a, text="First.", version=1)
    with pytest.raises(services.ChallengeChanged):
        services.challenge_respond(challenge=challenge, author=cast.lead_a, text="Second.", version=1)
    assert list(challenge.steps.filter(kind="response").values_list("text", flat=True)) == ["First."]


def test_the_top_of_the_ladder_cannot_escalate(cast, today):
    EscalationStage.objects.create(
        partnership=cast.home, number=1, responder=Responder.AGENCY_LEAD, working_days=5
    )
    challenge = raise_challenge(cast)
    services.challenge_respond(challenge=challenge, author=cast.lead_a, text="Answer.", version=1)
    challenge.refresh_from_db()
    assert challenge.next_stage() is None
    with pytest.raises(services.ChallengeChanged):
        services.challenge_escalate(challenge=challenge, decided_by=cast.chair, reason="No.", version=2)


def test_escalating_without_a_response_needs_the_answer_to_be_overdue(cast, today, time_machine):
    challenge = raise_challenge(cast, response_due_on=datetime.date(2026, 11, 30))
    with pytest.raises(services.ChallengeChanged):
        services.challenge_escalate(challenge=challenge, decided_by=cast.chair, reason="Silence.", version=1)
    time_machine.move_to(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC), tick=False)
    services.challenge_escalate(challenge=challenge, decided_by=cast.chair, reason="Silence.", version=1)
    challenge.refresh_from_db()
    assert challenge.stage == 2
    step = challenge.steps.get(kind="escalated")
    assert step.text == "Silence." and step.due_on == add_working_days(datetime.date(2026, 12, 1), 10)


def test_withdrawing_records_the_reason_and_tells_those_involved(
    cast, today, django_capture_on_commit_callbacks
):
    challenge = raise_challenge(
        cast, raised_by=cast.board, raised_by_agency=cast.agency_a, addressed_to=cast.agency_b
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.challenge_withdraw(
            challenge=challenge, withdrawn_by=cast.chair, reason="Superseded.", version=1
        )
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.WITHDRAWN and challenge.closed_on == today
    assert challenge.steps.get(kind="withdrawn").text == "Superseded."
    assert {a for m in mail.outbox for a in m.to} == {cast.lead_b.email, cast.board.email}


def test_a_response_keeps_its_evidence(cast, today):
    challenge = raise_challenge(cast)
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    step = services.challenge_respond(
        challenge=challenge, author=cast.lead_a, text="See plan.", evidence=upload, version=1
    )
    assert step.evidence_name == "plan.pdf"
    assert step.evidence.read() == b"%PDF-1.4 plan"


def test_a_stage_with_nobody_to_answer_falls_back_then_tells_the_business_manager(cast):
    people = People.for_partnerships([cast.home.pk])
    # Agency B has no delegated partner, lead partner or board member: its agency lead answers at stage 2.
    assert [p.id for p in people.responders(cast.home.pk, Responder.SENIOR_LEAD, cast.agency_b.pk)] == [
        cast.lead_b.pk
    ]
    # The shared agency has no agency lead: its delegated partner answers at stage 1.
    assert [p.id for p in people.responders(cast.home.pk, Responder.AGENCY_LEAD, cast.shared.pk)] == [
        cast.delegated_partner.pk
    ]
    # An agency nobody acts for: nobody may answer, and the business manager is e-mailed to sort it out.
    assert people.responders(cast.other.pk, Responder.AGENCY_LEAD, cast.foreign.pk) == []
    assert [p.id for p in people.answerers(cast.home.pk, Responder.AGENCY_LEAD, 0)] == [cast.manager.pk]


def test_saving_the_ladder_renumbers_and_keeps_open_challenges_due_dates(cast, today):
    challenge = raise_challenge(cast)
    services.escalation_ladder_save(
        partnership=cast.home, stages=[(Responder.AGENCY_LEAD, 5), (Responder.LEAD_PARTNERS, 20)]
    )
    stages = EscalationStage.objects.ladder_for(cast.home.pk)
    assert [(s.number, s.responder, s.working_days) for s in stages] == [
        (1, "agency_lead", 5),
        (2, "lead_partners", 20),
    ]
    challenge.refresh_from_db()
    assert challenge.stage_due_on == datetime.date(2026, 12, 10)
    assert challenge.next_stage().responder == Responder.LEAD_PARTNERS


def test_notices_are_recorded_on_the_challenge_once_each(cast, today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        challenge = raise_challenge(cast)
    step = challenge.steps.get()
    # The task runs again (a retry): the claim stops a second e-mail.
    ChallengeStep.objects.filter(pk=step.pk).update(notice_pending=True)
    assert services.challenge_steps_notify(step_ids=[step.pk]) == 0
    assert len(mail.outbox) == 1
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.stage, reminder.recipient, reminder.state) == (
        "challenge.raised",
        f"step-{step.pk}",
        cast.lead_a,
        "sent",
    )


def test_the_next_stage_is_due_in_working_days_across_christmas(cast, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.UTC), tick=False)
    challenge = raise_challenge(cast, response_due_on=datetime.date(2026, 12, 16))
    services.challenge_respond(challenge=challenge, author=cast.lead_a, text="Answer.", version=1)
    time_machine.move_to(datetime.datetime(2026, 12, 17, 10, 0, tzinfo=datetime.UTC), tick=False)
    challenge.refresh_from_db()
    services.challenge_escalate(challenge=challenge, decided_by=cast.chair, reason="No.", version=2)
    challenge.refresh_from_db()
    # Ten working days from Thursday 17 December 2026 skip Christmas Day, the Boxing Day substitute (Monday
    # 28th) and New Year's Day.
    assert challenge.stage_due_on == datetime.date(2027, 1, 5)
    assert is_working_day(challenge.stage_due_on)
