"""The funding panel on the dashboard: this financial year at a glance, or an agency's own pledges."""

from django.utils import timezone

from funding import access, metrics
from funding.models import BudgetSignOff, start_year_of, year_label


def panels(request, seat) -> list[dict]:
    if not access.can_view_funding(seat):
        return []
    today = timezone.localdate()
    this_year = start_year_of(today)
    title = f"Funding {year_label(this_year)}"
    if access.can_view_summary(seat):
        figures = next(iter(metrics.partnership_figures(seat.partnership, today, start_year=this_year)), None)
        awaiting_me = False
        if access.can_sign_budgets(seat):
            # Asked whatever state the budget is in, so the panel costs the same number of queries every day.
            signed_by_me = set(
                BudgetSignOff.objects.filter(
                    budget__financial_year__partnership=seat.partnership,
                    budget__financial_year__start_year=this_year,
                    signed_by=request.user,
                ).values_list("budget_id", flat=True)
            )
            awaiting_me = bool(
                figures
                and figures.has_budget
                and not figures.year.current_signed_off_at
                and figures.year.current_budget_id not in signed_by_me
            )
        return [
            {
                "title": title,
                "template": "funding/panels/summary.html",
                "figures": figures,
                "awaiting_me": awaiting_me,
                "can_edit": access.can_edit_funding(seat),
            }
        ]
    rows = metrics.own_agency_years(
        access.contributions_for_user(seat).filter(financial_year__start_year=this_year), today
    )
    return [{"title": title, "template": "funding/panels/agency.html", "rows": rows}]
