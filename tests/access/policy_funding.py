"""Funding URLs: board-level roles read the summary, agency people their own agency's contributions, the
business manager changes things and lead safeguarding partners sign budgets off."""

from tests.access.policies import ALL_AGENCY_READERS, BOARD, MANAGER, foreign, own

FUNDING_READERS = BOARD | {"lead_a", "lead_b"}
SIGNERS = frozenset({"lead_partner"})


def _year_pages(w, **policy) -> list:
    return [
        own(kwargs={"public_id": w.year_home.public_id}, **policy),
        foreign(kwargs={"public_id": w.year_other.public_id}, **policy),
    ]


def _budget_pages(w, **policy) -> list:
    return [
        own(kwargs={"public_id": w.budget_home.public_id}, **policy),
        foreign(kwargs={"public_id": w.budget_other.public_id}, **policy),
    ]


def section(w) -> dict:
    manage = {"get": MANAGER, "post": MANAGER, "read": BOARD}
    agency_a = ALL_AGENCY_READERS | {"board", "lead_a"}
    agency_b = ALL_AGENCY_READERS | {"lead_b"}
    return {
        "funding:index": [own(get=FUNDING_READERS)],
        "funding:year_add": [own(**manage)],
        "funding:year_detail": _year_pages(w, get=BOARD),
        "funding:split_edit": _year_pages(w, **manage),
        "funding:pledges": _year_pages(w, **manage),
        "funding:outturn_edit": _year_pages(w, **manage),
        "funding:budget_new_version": _year_pages(w, **manage),
        "funding:contribution_list": _year_pages(w, get=FUNDING_READERS),
        "funding:contribution_add": _year_pages(w, get=MANAGER, post=MANAGER, read=FUNDING_READERS),
        "funding:budget_table": _year_pages(w, get=BOARD),
        "funding:budget_table_export": [
            own("csv", {"public_id": w.year_home.public_id, "fmt": "csv"}, get=BOARD),
            own("xlsx", {"public_id": w.year_home.public_id, "fmt": "xlsx"}, get=BOARD),
            foreign(kwargs={"public_id": w.year_other.public_id, "fmt": "csv"}, get=BOARD),
        ],
        "funding:budget_detail": _budget_pages(w, get=BOARD),
        "funding:budget_lines": _budget_pages(w, **manage),
        "funding:budget_sign": _budget_pages(w, get=SIGNERS, post=SIGNERS, read=BOARD),
        "funding:contribution_detail": [
            own("agency A", {"public_id": w.contribution_a.public_id}, get=agency_a),
            own("agency B", {"public_id": w.contribution_b.public_id}, get=agency_b),
            # The shared agency's contribution here is this partnership's business, not the other's.
            own("shared agency", {"public_id": w.contribution_shared.public_id}, get=ALL_AGENCY_READERS),
            foreign(kwargs={"public_id": w.contribution_other.public_id}, get=ALL_AGENCY_READERS),
        ],
        "funding:contribution_edit": [
            own(
                "agency A",
                {"public_id": w.contribution_a.public_id},
                get=MANAGER,
                post=MANAGER,
                read=agency_a,
            ),
            own(
                "agency B",
                {"public_id": w.contribution_b.public_id},
                get=MANAGER,
                post=MANAGER,
                read=agency_b,
            ),
            foreign(kwargs={"public_id": w.contribution_other.public_id}, get=MANAGER, post=MANAGER),
        ],
    }
