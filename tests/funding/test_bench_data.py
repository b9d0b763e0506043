"""The funding part of the benchmark dataset (funding/bench_data.py), loaded at a few partnerships: budgets
signed and locked the way the triggers allow, pledges that add up to the budget, the key pages, the reminder
sweep's work, and the same data from the same seed."""

import hashlib
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection, transaction

from funding import bench_data, services
from funding.models import Budget, BudgetLine, BudgetSignOff, Contribution, FinancialYear
from partners.models import Partnership, RoleAssignment
from safeguarding import bench, benchdata
from safeguarding.models import Reminder
from safeguarding.roles import Role


def load(seed: int = 1) -> benchdata.Context:
    ctx = benchdata.Context(scale="S", seed=seed)
    ctx.sizes.update(partnerships=6, agencies=80)
    benchdata.seed(ctx)
    bench_data.seed(ctx)
    return ctx


def checksum() -> str:
    digests = []
    with connection.cursor() as cursor:
        for table, expression in sorted(bench_data.CHECKSUM_COLUMNS.items()):
            # The module's own constants, as seed_bench's manifest uses them.
            sql = f"SELECT string_agg(x, '|' ORDER BY x) FROM (SELECT {expression} AS x FROM {table}) t"  # noqa: S608
            cursor.execute(sql)
            digests.append(cursor.fetchone()[0] or "")
    return hashlib.sha256("\n".join(digests).encode()).hexdigest()


@pytest.mark.django_db
def test_three_years_a_partnership_and_past_budgets_signed_by_every_lead_partner():
    ctx = load()
    assert FinancialYear.objects.count() == 3 * len(ctx.partnerships)
    this_year = max(FinancialYear.objects.values_list("start_year", flat=True))
    past = Budget.objects.filter(financial_year__start_year__lt=this_year)
    assert not past.filter(signed_off_at__isnull=True).exists()
    for budget in past[:10]:
        partnership = budget.financial_year.partnership_id
        leads = RoleAssignment.objects.filter(partnership=partnership, role=Role.LEAD_PARTNER).count()
        assert BudgetSignOff.objects.filter(budget=budget).count() == leads
        assert budget.lines.exists()
    # A revised version only ever follows a locked one.
    for budget in Budget.objects.filter(version=2):
        assert Budget.objects.get(financial_year=budget.financial_year, version=1).locked_at is not None


@pytest.mark.django_db
def test_statutory_pledges_share_the_budgets_partner_contributions_exactly():
    load()
    for year in FinancialYear.objects.all():
        budget = year.budgets.order_by("-version").first()
        to_share = budget.lines.get(category=BudgetLine.Category.PARTNER_CONTRIBUTIONS).amount
        pledges = Contribution.objects.filter(financial_year=year, from_split=True)
        assert pledges.count() == 3
        assert sum((c.pledged for c in pledges), Decimal("0")) == to_share


@pytest.mark.django_db
def test_the_key_pages_open_for_the_people_the_bench_names():
    load()
    partnership = Partnership.objects.order_by("slug").first()
    people = {}
    for assignment in (
        RoleAssignment.objects.filter(partnership=partnership).select_related("user").order_by("pk")
    ):
        people.setdefault(assignment.role, assignment.user)
    pages = bench_data.pages(partnership, people)
    assert [page["label"] for page in pages] == ["funding summary", "funding year"]
    for page in pages:
        response = bench.signed_in_client(page["user"]).get(page["url"], secure=True)
        assert response.status_code == 200, page["label"]


@pytest.mark.django_db
def test_the_sweep_sends_only_todays_reminders_and_only_once():
    load()
    sweep = bench_data.sweeps(Partnership.objects.first())[0]
    assert sweep["rows"] > 0
    already = Reminder.objects.filter(kind=services.REMINDER_KIND).count()
    assert already > 0, "reminders of earlier days are on record"
    with connection.cursor() as cursor:
        cursor.execute(sweep["bare_update"])
        assert cursor.rowcount == sweep["rows"]
    sweep["run"]()
    sent = Reminder.objects.filter(kind=services.REMINDER_KIND).count() - already
    assert sent > 0
    sweep["run"]()
    assert Reminder.objects.filter(kind=services.REMINDER_KIND).count() - already == sent
    assert len(mail.outbox) == sent


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data():
    with transaction.atomic():
        load(seed=7)
        first = checksum()
        transaction.set_rollback(True)
    with transaction.atomic():
        load(seed=7)
        assert checksum() == first
        transaction.set_rollback(True)
    load(seed=8)
    assert checksum() != first
