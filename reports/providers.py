"""Data sections of the yearly report, drawn live from the portal's records for the report's period.

Each provider takes the report and returns the context its template (templates/reports/sections/<kind>.html)
needs, with "has_content" saying whether there is anything to report. Every query is scoped to the report's
partnership.
"""

from __future__ import annotations

from django.db.models import Count, Q

from partners.models import Membership, RoleAssignment
from reports.models import SectionKind, YearlyReport
from safeguarding.roles import Role

DETAIL_ROWS = 40


def profile(report: YearlyReport) -> dict:
    areas = list(report.partnership.areas.order_by("name"))
    total = sum(a.population_total for a in areas)
    children = sum(a.population_0_17 for a in areas)
    return {
        "has_content": bool(areas),
        "areas": areas,
        "total": total,
        "children": children,
        "child_share": round(100 * children / total, 1) if total else None,
    }


def governance(report: YearlyReport) -> dict:
    in_period = Q(starts_on__lte=report.period_end) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=report.period_start)
    )
    memberships = list(
        Membership.objects.filter(in_period, partnership=report.partnership)
        .select_related("agency")
        .order_by("statutory_role", "agency__name")
    )
    leads = list(
        RoleAssignment.objects.filter(
            partnership=report.partnership,
            role__in=[Role.CHAIR, Role.SCRUTINEER, Role.LEAD_PARTNER, Role.DELEGATED_PARTNER],
        )
        .select_related("user", "agency")
        .order_by("role", "user__full_name")
    )
    by_role = (
        Membership.objects.filter(in_period, partnership=report.partnership)
        .values("statutory_role")
        .annotate(n=Count("id"))
    )
    counts = {row["statutory_role"]: row["n"] for row in by_role}
    return {
        "has_content": bool(memberships),
        # Detailed tables are capped in the report; the full list is one export away.
        "cap": DETAIL_ROWS,
        "partners": [
            m for m in memberships if m.statutory_role == Membership.StatutoryRole.SAFEGUARDING_PARTNER
        ],
        "relevant": [
            m for m in memberships if m.statutory_role != Membership.StatutoryRole.SAFEGUARDING_PARTNER
        ],
        "counts": counts,
        "leads": leads,
    }


def _optional(module: str, function: str):
    """A provider that lives in another app (`<app>.yearly_report.<function>`), if that app provides it."""
    import importlib

    def provider(report: YearlyReport) -> dict:
        try:
            source = importlib.import_module(module)
        except ModuleNotFoundError as error:
            if error.name != module:
                raise
            return {"has_content": False}
        return getattr(source, function)(report.partnership, report.period_start, report.period_end)

    return provider


PROVIDERS = {
    SectionKind.PROFILE: profile,
    SectionKind.GOVERNANCE: governance,
    SectionKind.BUDGET: _optional("funding.yearly_report", "budget_section"),
    SectionKind.SECTION_11: _optional("audits.yearly_report", "section_11_section"),
    SectionKind.CASE_REVIEWS: _optional("reviews.yearly_report", "case_reviews_section"),
    SectionKind.CHALLENGE: _optional("partners.yearly_report", "challenge_section"),
    SectionKind.IMPROVEMENT: _optional("reviews.yearly_report", "improvement_section"),
}
