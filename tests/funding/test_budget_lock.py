"""A signed budget cannot be changed, by the services or by any database write, without a new version."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from funding import services
from funding.forms import BudgetLineFormSet
from funding.metrics import year_figures
from funding.models import Budget, BudgetLine, BudgetSignOff
from safeguarding.roles import Role
from tests.factories import RoleFactory, UserFactory, give_totp
from tests.funding.factories import FinancialYearFactory, budget_with_lines

D = Decimal
C = BudgetLine.Category
LINES = [(C.STAFFING, "100000.00"), (C.TRAINING, "20000.00"), (C.PARTNER_CONTRIBUTIONS, "120000.00")]


@pytest.fixture
def year(cast):
    return FinancialYearFactory(partnership=cast.home, start_year=2025)


@pytest.fixture
def budget(year):
    return budget_with_lines(year, LINES)


def refused(action) -> bool:
    """True when the database refuses the write (the trigger's exception), leaving the transaction usable."""
    try:
        with transaction.atomic():
            action()
    except DatabaseError:
        return True
    return False


def formset_data(budget, changes: dict[int, str]) -> dict:
    lines = list(budget.lines.order_by("pk"))
    data = {
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": str(len(lines)),
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "60",
    }
    for index, line in enumerate(lines):
        data |= {
            f"lines-{index}-id": str(line.pk),
            f"lines-{index}-category": line.category,
            f"lines-{index}-description": line.description,
            f"lines-{index}-amount": changes.get(index, str(line.amount)),
        }
    return data


def test_the_first_signature_locks_the_figures(cast, budget):
    services.budget_sign_off(budget=budget, user=cast.lead_partner)
    budget.refresh_from_db()
    assert budget.is_locked and budget.is_signed_off  # the cast has one lead partner
    sign_off = BudgetSignOff.objects.get()
    assert (sign_off.signed_by, sign_off.agency) == (cast.lead_partner, cast.shared)
    assert sign_off.signed_at == budget.signed_off_at == budget.locked_at


def test_the_service_refuses_to_change_a_locked_budget(cast, budget):
    services.budget_sign_off(budget=budget, user=cast.lead_partner)
    formset = BudgetLineFormSet(formset_data(budget, {0: "1.00"}), instance=budget)
    assert formset.is_valid()
    with pytest.raises(services.BudgetLocked):
        services.budget_lines_save(budget=budget, formset=formset, revision=budget.revision)
    assert budget.lines.get(category=C.STAFFING).amount == D("100000.00")


def test_the_database_refuses_every_write_to_a_locked_budget(cast, budget):
    services.budget_sign_off(budget=budget, user=cast.lead_partner)
    line = budget.lines.get(category=C.STAFFING)
    assert refused(lambda: BudgetLine.objects.filter(pk=line.pk).update(amount=D("1.00")))
    assert refused(lambda: BudgetLine.objects.create(budget=budget, category=C.AUDITS, amount=D("5.00")))
    assert refused(lambda: BudgetLine.objects.filter(pk=line.pk).delete())
    # Moving a line out of the locked version is a change to it too.
    draft = budget_with_lines(FinancialYearFactory(partnership=cast.home, start_year=2026), [])
    assert refused(lambda: BudgetLine.objects.filter(pk=line.pk).update(budget=draft))
    # The version itself stays locked and keeps its number, reason and sign-offs.
    assert refused(lambda: Budget.objects.filter(pk=budget.pk).update(locked_at=None))
    assert refused(lambda: Budget.objects.filter(pk=budget.pk).update(version=7))
    assert refused(lambda: Budget.objects.filter(pk=budget.pk).update(signed_off_at=None))
    assert refused(lambda: Budget.objects.filter(pk=budget.pk).delete())
    assert refused(lambda: BudgetSignOff.objects.all().delete())
    assert refused(lambda: BudgetSignOff.objects.update(signed_by=cast.manager))
    assert budget.lines.get(category=C.STAFFING).amount == D("100000.00")


def test_an_open_budget_can_still_be_changed(cast, budget):
    formset = BudgetLineFormSet(formset_data(budget, {0: "99000.50"}), instance=budget)
    assert formset.is_valid()
    saved = services.budget_lines_save(budget=budget, formset=formset, revision=budget.revision)
    assert saved.revision == budget.revision + 1
    assert budget.lines.get(category=C.STAFFING).amount == D("99000.50")


def test_an_edit_from_a_stale_page_is_refused(cast, budget):
    stale = budget.revision
    first = BudgetLineFormSet(formset_data(budget, {0: "1.00"}), instance=budget)
    assert first.is_valid()
    services.budget_lines_save(budget=budget, formset=first, revision=stale)
    second = BudgetLineFormSet(formset_data(budget, {1: "2.00"}), instance=budget)
    assert second.is_valid()
    with pytest.raises(services.StaleEdit):
        services.budget_lines_save(budget=budget, formset=second, revision=stale)
    assert budget.lines.get(category=C.TRAINING).amount == D("20000.00")


def test_a_change_after_sign_off_is_a_new_version_with_a_reason(cast, year, budget):
    services.budget_sign_off(budget=budget, user=cast.lead_partner)
    with pytest.raises(services.FundingError):
        services.budget_new_version(year=year, reason="  ", created_by=cast.manager)
    second = services.budget_new_version(
        year=year, reason="A second LCSPR was commissioned.", created_by=cast.manager
    )
    assert (second.version, second.reason, second.is_locked) == (2, "A second LCSPR was commissioned.", False)
    assert sorted(second.lines.values_list("category", "amount")) == sorted(
        budget.lines.values_list("category", "amount")
    )
    # Only one open version at a time: the new one is edited, not replaced.
    with pytest.raises(services.FundingError):
        services.budget_new_version(year=year, reason="Again", created_by=cast.manager)
    BudgetLine.objects.create(budget=second, category=C.CASE_REVIEWS, amount=D("15000.00"))
    figures = year_figures(year, year.starts_on)
    assert figures.budget == D("135000.00") and figures.status == "Draft"
    # Version 1 keeps its signed figures and the new version must be signed again.
    assert sum(budget.lines.values_list("amount", flat=True)) == D("240000.00")
    with pytest.raises(services.FundingError, match="newer version"):
        services.budget_sign_off(budget=budget, user=cast.lead_partner)
    services.budget_sign_off(budget=second, user=cast.lead_partner)
    second.refresh_from_db()
    assert second.is_signed_off


def test_every_lead_partner_signs_before_the_budget_is_signed_off(cast, budget):
    second_lsp = UserFactory(full_name="Second Lead Partner")
    RoleFactory(user=second_lsp, partnership=cast.home, role=Role.LEAD_PARTNER, agency=cast.agency_a)
    services.budget_sign_off(budget=budget, user=cast.lead_partner)
    budget.refresh_from_db()
    assert budget.is_locked and not budget.is_signed_off
    with pytest.raises(services.FundingError, match="already signed"):
        services.budget_sign_off(budget=budget, user=cast.lead_partner)
    services.budget_sign_off(budget=budget, user=second_lsp)
    budget.refresh_from_db()
    assert budget.is_signed_off
    assert list(budget.sign_offs.values_list("signed_by__full_name", "agency__name")) == [
        ("Lead Partner", "Shared Police"),
        ("Second Lead Partner", "Agency A"),
    ]


def test_only_lead_partners_sign(cast, budget):
    for person in (cast.delegated_partner, cast.chair, cast.manager):
        with pytest.raises(services.FundingError):
            services.budget_sign_off(budget=budget, user=person)
    assert not BudgetSignOff.objects.exists()


def test_an_empty_budget_cannot_be_signed(cast, year):
    empty = budget_with_lines(year, [])
    with pytest.raises(services.FundingError, match="no lines"):
        services.budget_sign_off(budget=empty, user=cast.lead_partner)


def test_the_lines_page_sends_the_manager_to_start_a_new_version(client, cast, budget):
    services.budget_sign_off(budget=budget, user=cast.lead_partner)
    client.force_login(cast.manager)
    url = reverse("funding:budget_lines", kwargs={"public_id": budget.public_id})
    response = client.post(url, formset_data(budget, {0: "1.00"}), follow=True)
    assert "signed and locked" in response.content.decode()
    assert budget.lines.get(category=C.STAFFING).amount == D("100000.00")


def test_signing_through_the_page(client, cast, budget):
    client.force_login(cast.lead_partner)
    url = reverse("funding:budget_sign", kwargs={"public_id": budget.public_id})
    page = client.get(url).content.decode()
    assert "planned spend of £120,000.00" in page and "planned income of £120,000.00" in page
    response = client.post(url, follow=True)
    assert "You have signed version 1 of the 2025-26 budget" in response.content.decode()
    budget.refresh_from_db()
    assert budget.is_signed_off
    page = client.get(
        reverse("funding:budget_detail", kwargs={"public_id": budget.public_id})
    ).content.decode()
    assert "Lead Partner" in page and "Signed off" in page and "Sign off this budget" not in page


def test_a_delegated_partner_may_read_but_not_sign(client, cast, budget):
    give_totp(cast.delegated_partner)
    client.force_login(cast.delegated_partner)
    url = reverse("funding:budget_sign", kwargs={"public_id": budget.public_id})
    assert client.post(url).status_code == 403
    assert not BudgetSignOff.objects.exists()
