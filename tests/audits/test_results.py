import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from audits import services
from audits.models import Answer, Return
from partners.models import Agency, Membership
from tests.audits.factories import accept, add_evidence, fill, make_cycle, make_set, submit
from tests.factories import AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db

HOME_MARKER = "Zebra Home Marker Trust"
OTHER_MARKER = "Quokka Other Marker Trust"


def _cycle_url(name, cycle, **extra):
    return reverse(f"audits:{name}", kwargs={"public_id": cycle.public_id, **extra})


def test_return_page_for_8_standards_by_5_criteria_runs_in_constant_queries(
    client, cast, django_assert_max_num_queries
):
    cycle = make_cycle(cast.home, [cast.agency_a], standards=8, criteria=5)
    return_a = cycle.returns.get()
    fill(return_a, cast.lead_a, code="2")
    for answer in return_a.answers.all()[:40]:
        add_evidence(answer, cast.lead_a)
    url = reverse("audits:return_detail", kwargs={"public_id": return_a.public_id})
    for user in (cast.lead_a, cast.manager):
        client.force_login(user)
        with django_assert_max_num_queries(14):
            page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert "Standard 8: Standard title 8" in html and "8.5 Criterion text 8.5" in html
        assert html.count("policy.pdf</a>") == 40


def test_heatmap_for_120_agencies_runs_in_constant_queries(client, cast, django_assert_max_num_queries):
    agencies = Agency.objects.bulk_create(
        [Agency(name=f"Agency {i:03d}", sector="nhs_trust") for i in range(120)]
    )
    Membership.objects.bulk_create(
        [
            Membership(
                partnership=cast.home, agency=a, statutory_role="relevant_agency", starts_on="2020-04-01"
            )
            for a in agencies
        ]
    )
    cycle = make_cycle(cast.home, agencies, standards=8, criteria=5)
    codes = ["1", "2", "3", "4"]
    for index, return_record in enumerate(cycle.returns.all()[:60]):
        Answer.objects.filter(return_record=return_record).update(grade=codes[index % 4], narrative="x")
        Return.objects.filter(pk=return_record.pk).update(
            status="submitted", submitted_at="2026-01-01T00:00Z"
        )
    client.force_login(cast.chair)
    with django_assert_max_num_queries(14):
        page = client.get(_cycle_url("cycle_detail", cycle))
    html = page.content.decode()
    assert page.status_code == 200 and html.count('scope="row"') >= 120
    assert "Agency 119" in html and "1 Inadequate" in html and "4 Outstanding" in html
    assert "60 of 120 member agencies have submitted" in html.replace("\n", " ")
    client.force_login(cast.lead_partner)  # board-level: results without links to returns
    html = client.get(_cycle_url("cycle_detail", cycle)).content.decode()
    assert "Agency 119" in html and "/audits/returns/" not in html
    from django.test import RequestFactory

    from audits.dashboard import panels
    from safeguarding.access import build_seat

    request = RequestFactory().get("/")
    request.user = cast.manager
    seat = build_seat(cast.manager, None)
    with django_assert_max_num_queries(2):
        found = panels(request, seat)
    assert found[0]["cycles"][0]["total"] == 120 and found[0]["cycles"][0]["submitted"] == 60


@pytest.fixture
def markers(cast):
    home_agency = AgencyFactory(name=HOME_MARKER)
    other_agency = AgencyFactory(name=OTHER_MARKER)
    MembershipFactory(partnership=cast.home, agency=home_agency)
    MembershipFactory(partnership=cast.other, agency=other_agency)
    # One regional cycle both partnerships take part in, plus each partnership's own.
    regional = make_cycle(cast.home, [home_agency, cast.shared], name="Regional")
    services.cycle_share(cycle=regional, partnership=cast.other)
    services.cycle_require_agencies(cycle=regional, partnership=cast.other, agencies=[other_agency])
    for return_record in regional.returns.select_related("agency", "cycle"):
        Answer.objects.filter(return_record=return_record).update(
            narrative=f"Narrative of {return_record.agency.name}"
        )
    make_cycle(cast.other, [other_agency], name="Quokka cycle only")
    return regional


def _panels_html(user) -> str:
    """This app's dashboard panels as the dashboard renders them."""
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from audits.dashboard import panels
    from safeguarding.access import build_seat

    request = RequestFactory().get("/")
    request.user = user
    return "".join(
        render_to_string(panel["template"], {"panel": panel})
        for panel in panels(request, build_seat(user, None))
    )


@pytest.mark.parametrize("role", ["chair", "scrutineer", "manager", "lead_partner", "board"])
def test_no_page_or_export_shows_the_other_partnerships_agencies(client, cast, markers, role):
    client.force_login(getattr(cast, role))
    pages = [
        client.get(reverse("audits:home")),
        client.get(_cycle_url("cycle_detail", markers)),
    ]
    if role in {"chair", "scrutineer", "manager"}:
        pages += [client.get(_cycle_url("cycle_export", markers, fmt=f)) for f in ("csv", "xlsx")]
    for response in pages:
        assert response.status_code == 200
        content = response.content
        if response["Content-Type"].startswith("application/vnd"):
            sheet = openpyxl.load_workbook(io.BytesIO(content)).active
            content = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row).encode()
        assert OTHER_MARKER.encode() not in content and b"Quokka cycle only" not in content
    assert HOME_MARKER.encode() in pages[1].content
    assert OTHER_MARKER not in _panels_html(getattr(cast, role))
    client.force_login(cast.outsider)
    page = client.get(_cycle_url("cycle_detail", markers)).content
    assert OTHER_MARKER.encode() in page and HOME_MARKER.encode() not in page


def test_export_has_every_answer_as_csv_and_xlsx(client, cast, markers):
    client.force_login(cast.manager)
    response = client.get(_cycle_url("cycle_export", markers, fmt="csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 2 * 4  # two member agencies x four criteria
    assert {r["Agency"] for r in rows} == {HOME_MARKER, "Shared Police"}
    assert rows[0]["Narrative"].startswith("Narrative of")
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(_cycle_url("cycle_export", markers, fmt="xlsx")).content)
    )
    assert workbook.active.max_row == 9


def test_formulas_in_answers_are_neutralised_in_exports(client, cast):
    cycle = make_cycle(cast.home, [cast.agency_a])
    Answer.objects.filter(return_record__cycle=cycle).update(narrative='=HYPERLINK("http://x")')
    client.force_login(cast.manager)
    body = client.get(_cycle_url("cycle_export", cycle, fmt="csv")).content.decode()
    assert "'=HYPERLINK" in body


def test_comparison_with_the_previous_cycle_per_standard(client, cast):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    standard_set = make_set(cast.home, standards=2, criteria=2)
    earlier = make_cycle(
        cast.home,
        [cast.agency_a, cast.agency_b],
        standard_set=standard_set,
        name="Earlier",
        opens_on=today - datetime.timedelta(days=700),
        due_on=today - datetime.timedelta(days=600),
    )
    for agency, code in ((cast.agency_a, "2"), (cast.agency_b, "3")):
        r = earlier.returns.get(agency=agency)
        fill(r, cast.lead_a, code=code)
        submit(r, cast.lead_a)
    later = make_cycle(
        cast.home, [cast.agency_a, cast.agency_b], standard_set=standard_set, name="Later", previous=earlier
    )
    for agency, code in ((cast.agency_a, "3"), (cast.agency_b, "3")):
        r = later.returns.get(agency=agency)
        fill(r, cast.lead_a, code=code)
        submit(r, cast.lead_a)
    accept(later.returns.get(agency=cast.agency_a), cast.manager)
    client.force_login(cast.chair)
    html = client.get(_cycle_url("cycle_detail", later)).content.decode()
    table = html.split("improved, stayed the same or declined")[1]
    assert "1. Standard title 1</th>" in table
    cells = [c.split("<")[0] for c in table.split('govuk-table__cell--numeric">')[1:4]]
    assert cells == ["1", "1", "0"]
