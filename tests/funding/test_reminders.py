"""Agency leads hear once about a pledge 30 days past its expected date and not fully received."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from funding import services
from funding.schedule import BEAT_SCHEDULE
from funding.tasks import sweep_contribution_reminders
from safeguarding.models import Reminder
from safeguarding.roles import Role
from tests.factories import RoleFactory, UserFactory
from tests.funding.factories import ContributionFactory, FinancialYearFactory

D = Decimal
EXPECTED = dt.date(2025, 6, 30)


def at(time_machine, day: dt.date) -> None:
    time_machine.move_to(dt.datetime(day.year, day.month, day.day, 8, 15, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def pledge(cast):
    year = FinancialYearFactory(partnership=cast.home, start_year=2025)
    return ContributionFactory(
        financial_year=year,
        agency=cast.agency_a,
        pledged=D("12000.00"),
        received=D("2000.00"),
        received_on=dt.date(2025, 6, 1),
        expected_on=EXPECTED,
        description="Share of the budget",
    )


def test_no_reminder_before_30_days(cast, pledge, time_machine):
    at(time_machine, EXPECTED + dt.timedelta(days=29))
    assert services.contribution_reminders_sweep() == (0, 0)
    assert mail.outbox == []


def test_one_reminder_to_the_agency_lead_on_day_30_and_never_again(cast, pledge, time_machine):
    at(time_machine, EXPECTED + dt.timedelta(days=30))
    assert services.contribution_reminders_sweep() == (1, 0)
    assert services.contribution_reminders_sweep() == (0, 0)
    at(time_machine, EXPECTED + dt.timedelta(days=45))
    assert sweep_contribution_reminders.delay().get() == (0, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lead.a@test.example.org"]
    assert message.subject == "Contribution overdue: Agency A, 2025-26"
    for body in (message.body, message.alternatives[0][0]):
        assert "Dear Lead A" in body
        assert "30 June 2025" in body and "30 days ago" in body
        assert "£12,000.00" in body and "£2,000.00" in body and "£10,000.00" in body
        assert f"/funding/contributions/{pledge.public_id}/" in body
    assert message.alternatives[0][1] == "text/html"
    reminder = Reminder.objects.get()
    assert (reminder.state, reminder.recipient, reminder.kind) == (
        "sent",
        cast.lead_a,
        services.REMINDER_KIND,
    )


def test_a_received_pledge_needs_no_reminder(cast, pledge, time_machine):
    services.contribution_update(
        contribution=pledge, revision=pledge.revision, received=D("12000.00"), received_on=dt.date(2025, 7, 1)
    )
    at(time_machine, EXPECTED + dt.timedelta(days=40))
    assert services.contribution_reminders_sweep() == (0, 0)


def test_leads_of_the_agency_in_another_partnership_are_not_told(cast, time_machine):
    """The shared police force's lead in the other partnership hears nothing about this one's pledge."""
    other_lead = UserFactory(full_name="Other Police Lead")
    RoleFactory(user=other_lead, partnership=cast.other, role=Role.AGENCY_LEAD, agency=cast.shared)
    home_lead = UserFactory(full_name="Home Police Lead")
    RoleFactory(user=home_lead, partnership=cast.home, role=Role.AGENCY_LEAD, agency=cast.shared)
    year = FinancialYearFactory(partnership=cast.home, start_year=2025)
    ContributionFactory(financial_year=year, agency=cast.shared, expected_on=EXPECTED)
    at(time_machine, EXPECTED + dt.timedelta(days=31))
    assert services.contribution_reminders_sweep() == (1, 0)
    assert [m.to for m in mail.outbox] == [[home_lead.email]]


def test_moving_the_expected_date_allows_one_more_reminder(cast, pledge, time_machine):
    at(time_machine, EXPECTED + dt.timedelta(days=30))
    services.contribution_reminders_sweep()
    services.contribution_update(
        contribution=pledge, revision=pledge.revision, expected_on=dt.date(2025, 9, 30)
    )
    at(time_machine, dt.date(2025, 10, 29))
    assert services.contribution_reminders_sweep() == (0, 0)
    at(time_machine, dt.date(2025, 10, 30))
    assert services.contribution_reminders_sweep() == (1, 0)
    assert services.contribution_reminders_sweep() == (0, 0)
    assert len(mail.outbox) == 2


def test_the_sweep_finds_what_is_due_in_one_query(cast, time_machine, django_assert_num_queries):
    year = FinancialYearFactory(partnership=cast.home, start_year=2025)
    for agency in (cast.agency_a, cast.agency_b) * 10:
        ContributionFactory(financial_year=year, agency=agency, expected_on=EXPECTED)
    RoleFactory(user=UserFactory(), partnership=cast.home, role=Role.AGENCY_LEAD, agency=cast.agency_b)
    with django_assert_num_queries(1):
        dues = services.contribution_reminders_due(EXPECTED + dt.timedelta(days=30))
    # Ten pledges each from A (one lead) and B (two leads).
    assert len(dues) == 30


def test_the_sweep_is_on_the_beat_schedule():
    entry = BEAT_SCHEDULE["funding.sweep_contribution_reminders"]
    assert entry["task"] == sweep_contribution_reminders.name == "funding.sweep_contribution_reminders"


def test_the_contribution_page_lists_the_reminder(client, cast, pledge, time_machine):
    at(time_machine, EXPECTED + dt.timedelta(days=30))
    services.contribution_reminders_sweep()
    client.force_login(cast.lead_a)
    page = client.get(f"/funding/contributions/{pledge.public_id}/").content.decode()
    assert "Reminders sent" in page and "to Lead A: sent" in page
    assert "£10,000.00 was expected by 30 June 2025 and has not been received" in page
