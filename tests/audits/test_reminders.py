import datetime as dt

import pytest
from django.core import mail

from audits import services
from audits.schedule import BEAT_SCHEDULE
from audits.tasks import sweep_return_reminders
from safeguarding.models import Reminder
from safeguarding.roles import Role
from tests.audits.factories import fill, make_cycle, submit
from tests.factories import MembershipFactory, RoleFactory

pytestmark = pytest.mark.django_db
DUE = dt.date(2026, 6, 30)


@pytest.fixture
def cycle(cast):
    return make_cycle(cast.home, [cast.agency_a, cast.agency_b], opens_on=dt.date(2026, 4, 1), due_on=DUE)


def _at(time_machine, day):
    time_machine.move_to(dt.datetime.combine(day, dt.time(7, 20), tzinfo=dt.UTC))


def test_each_stage_is_sent_once_to_the_agency_leads(time_machine, cast, cycle):
    _at(time_machine, DUE - dt.timedelta(days=20))
    assert sweep_return_reminders() == (0, 0)
    _at(time_machine, DUE - dt.timedelta(days=14))
    assert sweep_return_reminders() == (2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == [cast.lead_a.email, cast.lead_b.email]
    message = mail.outbox[0]
    assert "due in 14 days" in message.subject
    assert "30 June 2026" in message.body and "30 June 2026" in message.alternatives[0][0]
    assert sweep_return_reminders() == (0, 0)  # run twice: nothing more
    _at(time_machine, DUE - dt.timedelta(days=10))
    assert sweep_return_reminders() == (0, 0)
    # Agency B submits; only agency A is reminded from now on.
    fill(cycle.returns.get(agency=cast.agency_b), cast.lead_b)
    submit(cycle.returns.get(agency=cast.agency_b), cast.lead_b)
    _at(time_machine, DUE - dt.timedelta(days=3))
    mail.outbox.clear()
    assert sweep_return_reminders() == (1, 0)
    assert mail.outbox[0].to == [cast.lead_a.email] and "due in 3 days" in mail.outbox[0].subject
    _at(time_machine, DUE + dt.timedelta(days=1))
    mail.outbox.clear()
    assert sweep_return_reminders() == (1, 0)
    assert mail.outbox[0].subject.startswith("Overdue")
    assert "1 day overdue" in mail.outbox[0].body
    assert sweep_return_reminders() == (0, 0)
    stages = sorted(Reminder.objects.filter(kind=services.REMINDER_KIND).values_list("stage", flat=True))
    assert stages == ["due_14", "due_14", "due_3", "overdue"]


def test_a_lead_in_both_partnerships_of_a_shared_cycle_gets_one_message(time_machine, cast):
    MembershipFactory(partnership=cast.other, agency=cast.agency_a)
    RoleFactory(user=cast.lead_a, partnership=cast.other, role=Role.AGENCY_LEAD, agency=cast.agency_a)
    shared = make_cycle(cast.home, [cast.agency_a], opens_on=dt.date(2026, 4, 1), due_on=DUE)
    services.cycle_share(cycle=shared, partnership=cast.other)
    _at(time_machine, DUE - dt.timedelta(days=2))
    assert sweep_return_reminders() == (1, 0)
    assert [m.to for m in mail.outbox] == [[cast.lead_a.email]]


def test_the_due_query_is_one_query(time_machine, cast, cycle, django_assert_num_queries):
    _at(time_machine, DUE - dt.timedelta(days=3))
    with django_assert_num_queries(1):
        dues = services.return_reminder_dues(DUE - dt.timedelta(days=3))
    assert len(dues) == 2 and {d.stage for d in dues} == {"due_3"}


def test_the_beat_entry_is_named_for_the_task():
    assert BEAT_SCHEDULE["audits.sweep_return_reminders"]["task"] == "audits.sweep_return_reminders"
    assert sweep_return_reminders.name == "audits.sweep_return_reminders"


def test_the_stage_worked_out_in_sql_is_the_stage_rule(cast, cycle):
    for offset in range(-3, 21):
        today = DUE - dt.timedelta(days=offset)
        expected = services.reminder_stage(offset)
        stages = {d.stage for d in services.return_reminder_dues(today)}
        assert stages == ({expected} if expected else set()), today
