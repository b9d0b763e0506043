"""Funding pages: years and their summary, budget versions and sign-off, contributions, the budget table."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from funding import access, benchmarks, charts, metrics, services, split
from funding.filters import ContributionFilter
from funding.forms import (
    BudgetLineFormSet,
    ContributionForm,
    NewVersionForm,
    OutturnForm,
    PledgesForm,
    RevisionForm,
    SplitForm,
    YearForm,
)
from funding.models import CATEGORY_ORDER, ZERO, Outturn, start_year_of
from funding.reports import budget_table_dataset, budget_table_for_year
from partners.models import Agency
from safeguarding.access import deny_write, member_required, require_role, seat_for
from safeguarding.history import history_for
from safeguarding.reminders import sent_for

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _form_page(request, form, *, title, submit, back, caption="", intro="", extra=None, status=200):
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "back": back,
        "caption": caption,
        "intro": intro,
    }
    return render(request, "funding/form_page.html", {**context, **(extra or {})}, status=status)


def _year_url(year) -> str:
    return reverse("funding:year_detail", kwargs={"public_id": year.public_id})


@require_safe
@member_required
def index(request):
    seat = seat_for(request)
    require_role(seat, access.FUNDING_READERS)
    today = timezone.localdate()
    years = access.years_for_user(seat).order_by("-start_year")
    summary = metrics.partnership_figures(seat.partnership, today) if access.can_view_summary(seat) else None
    agency_ids = access.contribution_agency_ids(seat)
    own = None
    if agency_ids is not None:
        own = metrics.own_agency_years(access.contributions_for_user(seat), today)
    context = {
        "figures": summary,
        "own": own,
        "years": list(years) if summary is None else None,
        "can_edit": access.can_edit_funding(seat),
        "this_year": start_year_of(today),
    }
    return render(request, "funding/index.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def year_add(request):
    seat = seat_for(request)
    require_role(seat, access.SUMMARY_READERS)
    if not access.can_edit_funding(seat):
        deny_write()
    form = YearForm(
        request.POST or None, partnership=seat.partnership, this_year=start_year_of(timezone.localdate())
    )
    if request.method == "POST" and form.is_valid():
        year = services.year_create(
            partnership=seat.partnership, created_by=request.user, **form.cleaned_data
        )
        messages.success(request, f"Financial year {year.label} added, with a draft budget.")
        return redirect("funding:year_detail", public_id=year.public_id)
    return _form_page(
        request, form, title="Add a financial year", submit="Add year", back=reverse("funding:index")
    )


@require_safe
@member_required
def year_detail(request, public_id):
    seat = seat_for(request)
    year = access.get_summary_year_for_user(seat, public_id)
    today = timezone.localdate()
    history = metrics.partnership_figures(year.partnership, today)
    figures = next(f for f in history if f.year.pk == year.pk)
    peers = metrics.cached_peer_figures(year, today)
    # One read of the year's contributions serves the shares table and the one-off list.
    contributions = list(year.contributions.select_related("agency"))
    rows = metrics.agency_rows_of(contributions)
    benchmark_rows = metrics.benchmark_rows(figures, peers)
    spreads = {row.key: row.spread for row in benchmark_rows}
    budgets = list(year.budgets.order_by("-version"))
    context = {
        "year": year,
        "figures": figures,
        "rows": rows,
        "benchmarks": benchmark_rows,
        "peer_count": len(peers),
        "min_peers": benchmarks.MIN_PARTNERSHIPS,
        "sector_source": benchmarks.SECTOR_SOURCE,
        "budgets": budgets,
        "one_off": [c for c in contributions if not c.recurring],
        "charts": [
            c
            for c in (
                charts.contributions_chart(rows, year.label),
                charts.year_on_year_chart(history),
                charts.benchmark_chart(figures, spreads["per_head"]),
            )
            if c is not None
        ],
        "can_edit": access.can_edit_funding(seat),
    }
    return render(request, "funding/year_detail.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def split_edit(request, public_id):
    seat = seat_for(request)
    year = access.get_summary_year_for_user(seat, public_id)
    if not access.can_edit_funding(seat):
        deny_write()
    weights = split.partner_weights(year)
    form = SplitForm(request.POST or None, weights=weights, initial={"rule": year.split_rule})
    if request.method == "POST" and form.is_valid():
        services.split_save(year=year, rule=form.cleaned_data["rule"], weights=form.weights_data())
        messages.success(request, f"The split for {year.label} is saved. Check the proposed pledges.")
        return redirect("funding:pledges", public_id=year.public_id)
    intro = (
        "The statutory partners share the budget's partner contributions by this rule. Percentages are used "
        "only by the fixed-percentages rule, populations only by the population rule."
        if weights
        else "The partnership has no statutory safeguarding partners in this year: add them as members first."
    )
    return _form_page(
        request,
        form,
        title=f"How partners share the {year.label} contributions",
        submit="Save the split",
        back=_year_url(year),
        caption=year.partnership.name,
        intro=intro,
    )


@require_http_methods(["GET", "POST"])
@member_required
def pledges(request, public_id):
    seat = seat_for(request)
    year = access.get_summary_year_for_user(seat, public_id)
    if not access.can_edit_funding(seat):
        deny_write()
    try:
        total, proposals = split.propose(year)
    except split.SplitError as error:
        total, proposals, problem = None, [], str(error)
    else:
        problem = ""
    form = PledgesForm(request.POST or None, proposals=proposals, initial={"expected_on": year.starts_on})
    if request.method == "POST" and proposals and form.is_valid():
        try:
            services.pledges_apply(
                year=year, amounts=form.amounts(), expected_on=form.cleaned_data["expected_on"]
            )
        except services.FundingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The statutory partners' pledges are recorded.")
            return redirect("funding:contribution_list", public_id=year.public_id)
    context = {"year": year, "total": total, "proposals": proposals, "problem": problem, "form": form}
    return render(request, "funding/pledges.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def outturn_edit(request, public_id):
    seat = seat_for(request)
    year = access.get_summary_year_for_user(seat, public_id)
    if not access.can_edit_funding(seat):
        deny_write()
    current = dict(Outturn.objects.filter(financial_year=year).values_list("category", "amount"))
    form = OutturnForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        services.outturn_save(year=year, amounts=form.amounts())
        messages.success(request, f"Actual spend for {year.label} saved.")
        return redirect("funding:year_detail", public_id=year.public_id)
    return _form_page(
        request,
        form,
        title=f"Actual spend, {year.label}",
        submit="Save actual spend",
        back=_year_url(year),
        caption=year.partnership.name,
        intro="Record what was spent on each kind of spend so far. Leave a box empty if nothing is recorded.",
    )


@require_http_methods(["GET", "POST"])
@member_required
def budget_new_version(request, public_id):
    seat = seat_for(request)
    year = access.get_summary_year_for_user(seat, public_id)
    if not access.can_edit_funding(seat):
        deny_write()
    latest = year.budgets.order_by("-version").first()
    if latest is not None and not latest.is_locked:
        messages.info(
            request, f"Version {latest.version} has not been signed yet: change its lines directly."
        )
        return redirect("funding:budget_lines", public_id=latest.public_id)
    form = NewVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            budget = services.budget_new_version(
                year=year, reason=form.cleaned_data["reason"], created_by=request.user
            )
        except services.FundingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Version {budget.version} started from version {budget.version - 1}'s lines."
            )
            return redirect("funding:budget_lines", public_id=budget.public_id)
    intro = (
        f"Version {latest.version} is signed and locked. A new version starts from its lines; the lead "
        "safeguarding partners then sign the new version."
        if latest
        else "Start the year's budget."
    )
    return _form_page(
        request,
        form,
        title=f"Change the {year.label} budget",
        submit="Start a new version",
        back=_year_url(year),
        caption=year.partnership.name,
        intro=intro,
    )


@require_safe
@member_required
def budget_detail(request, public_id):
    seat = seat_for(request)
    budget = access.get_budget_for_user(seat, public_id)
    year = budget.financial_year
    lines = sorted(budget.lines.all(), key=lambda line: CATEGORY_ORDER[line.category])
    sign_offs = list(budget.sign_offs.select_related("signed_by", "agency"))
    signed_ids = {s.signed_by_id for s in sign_offs}
    versions = list(year.budgets.order_by("-version"))
    context = {
        "budget": budget,
        "year": year,
        "spend_lines": [line for line in lines if line.is_spend],
        "income_lines": [line for line in lines if not line.is_spend],
        "spend_total": sum((line.amount for line in lines if line.is_spend), ZERO),
        "income_total": sum((line.amount for line in lines if not line.is_spend), ZERO),
        "sign_offs": sign_offs,
        "awaiting": [a for a in services.lead_partners(year.partnership) if a.user_id not in signed_ids],
        "is_latest": versions[0].pk == budget.pk,
        "versions": versions,
        "can_edit": access.can_edit_funding(seat),
        "can_sign": access.can_sign_budgets(seat) and request.user.pk not in signed_ids,
        "history": history_for(budget, *lines, *sign_offs, partnership=seat.partnership)
        if access.can_view_history(seat)
        else None,
    }
    return render(request, "funding/budget_detail.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def budget_lines(request, public_id):
    seat = seat_for(request)
    budget = access.get_budget_for_user(seat, public_id)
    if not access.can_edit_funding(seat):
        deny_write()
    if budget.is_locked:
        messages.error(
            request, "This version is signed and locked. Start a new version to change the budget."
        )
        return redirect("funding:budget_detail", public_id=budget.public_id)
    data = request.POST or None
    formset = BudgetLineFormSet(data, instance=budget, queryset=budget.lines.order_by("pk"))
    revision = RevisionForm(data, initial={"revision": budget.revision})
    if request.method == "POST" and formset.is_valid() and revision.is_valid():
        try:
            services.budget_lines_save(
                budget=budget, formset=formset, revision=revision.cleaned_data["revision"]
            )
        except services.FundingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Budget version {budget.version} saved.")
        return redirect("funding:budget_detail", public_id=budget.public_id)
    return render(
        request, "funding/budget_lines.html", {"budget": budget, "formset": formset, "revision": revision}
    )


@require_http_methods(["GET", "POST"])
@member_required
def budget_sign(request, public_id):
    seat = seat_for(request)
    budget = access.get_budget_for_user(seat, public_id)
    if not access.can_sign_budgets(seat):
        deny_write()
    if request.method == "POST":
        try:
            services.budget_sign_off(budget=budget, user=request.user)
        except services.FundingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"You have signed version {budget.version} of the {budget.financial_year.label} budget.",
            )
        return redirect("funding:budget_detail", public_id=budget.public_id)
    totals = metrics.budget_totals(budget)
    return render(request, "funding/budget_sign.html", {"budget": budget, "totals": totals})


@require_safe
@member_required
def contribution_list(request, public_id):
    seat = seat_for(request)
    year = access.get_year_for_user(seat, public_id)
    today = timezone.localdate()
    contributions = (
        access.contributions_for_user(seat)
        .filter(financial_year=year)
        .select_related("agency")
        .order_by("agency__name", "expected_on", "pk")
    )
    agency_ids = access.contribution_agency_ids(seat)
    agencies = Agency.objects.filter(memberships__partnership=year.partnership_id).distinct().order_by("name")
    if agency_ids is not None:
        agencies = agencies.filter(pk__in=agency_ids)
    filterset = ContributionFilter(
        request.GET or None, queryset=contributions, agencies=agencies, today=today
    )
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "year": year,
        "filter": filterset,
        "page": page,
        "query": query.urlencode(),
        "today": today,
        "can_edit": access.can_edit_funding(seat),
        "can_view_summary": access.can_view_summary(seat),
    }
    return render(request, "funding/contribution_list.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def contribution_add(request, public_id):
    seat = seat_for(request)
    year = access.get_year_for_user(seat, public_id)
    if not access.can_edit_funding(seat):
        deny_write()
    form = ContributionForm(
        request.POST or None, partnership=year.partnership, initial={"expected_on": year.starts_on}
    )
    if request.method == "POST" and form.is_valid():
        contribution = services.contribution_create(year=year, **form.values())
        messages.success(request, f"Contribution from {contribution.agency.name} recorded.")
        return redirect("funding:contribution_detail", public_id=contribution.public_id)
    back = reverse("funding:contribution_list", kwargs={"public_id": year.public_id})
    return _form_page(
        request,
        form,
        title=f"Record a contribution, {year.label}",
        submit="Save contribution",
        back=back,
        caption=year.partnership.name,
    )


@require_safe
@member_required
def contribution_detail(request, public_id):
    seat = seat_for(request)
    contribution = access.get_contribution_for_user(seat, public_id)
    today = timezone.localdate()
    context = {
        "contribution": contribution,
        "year": contribution.financial_year,
        "today": today,
        "overdue": contribution.is_overdue(today),
        "can_edit": access.can_edit_funding(seat),
        "reminders": sent_for(contribution),
        "history": history_for(contribution, partnership=seat.partnership)
        if access.can_view_history(seat)
        else None,
    }
    return render(request, "funding/contribution_detail.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def contribution_edit(request, public_id):
    seat = seat_for(request)
    contribution = access.get_contribution_for_user(seat, public_id)
    if not access.can_edit_funding(seat):
        deny_write()
    data = request.POST or None
    form = ContributionForm(data, instance=contribution, partnership=contribution.financial_year.partnership)
    revision = RevisionForm(data, initial={"revision": contribution.revision})
    if request.method == "POST" and form.is_valid() and revision.is_valid():
        try:
            services.contribution_update(
                contribution=contribution,
                revision=revision.cleaned_data["revision"],
                **form.values(),
            )
        except services.StaleEdit as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Contribution from {contribution.agency.name} updated.")
        return redirect("funding:contribution_detail", public_id=contribution.public_id)
    back = reverse("funding:contribution_detail", kwargs={"public_id": contribution.public_id})
    return _form_page(
        request,
        form,
        title=f"Change the contribution from {contribution.agency.name}",
        submit="Save changes",
        back=back,
        caption=contribution.financial_year.label,
        extra={"revision": revision},
    )


@require_safe
@member_required
def budget_table(request, public_id):
    seat = seat_for(request)
    year = access.get_summary_year_for_user(seat, public_id)
    table = budget_table_for_year(year, partnership_name=year.partnership.name)
    return render(request, "funding/budget_table.html", {"year": year, "table": table})


@require_safe
@member_required
def budget_table_export(request, public_id, fmt: str):
    seat = seat_for(request)
    year = access.get_summary_year_for_user(seat, public_id)
    if fmt not in EXPORT_TYPES:
        raise Http404
    table = budget_table_for_year(year, partnership_name=year.partnership.name)
    response = HttpResponse(budget_table_dataset(table).export(fmt), content_type=EXPORT_TYPES[fmt])
    filename = f"{year.partnership.slug}-budget-{year.label}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
