import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from partners.models import Membership
from tests.factories import AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db

HOME_MARKER = "Zebra Home Marker Trust"
OTHER_MARKER = "Quokka Other Marker Trust"


@pytest.fixture
def markers(cast):
    home_agency = AgencyFactory(name=HOME_MARKER)
    other_agency = AgencyFactory(name=OTHER_MARKER)
    MembershipFactory(partnership=cast.home, agency=home_agency)
    MembershipFactory(partnership=cast.other, agency=other_agency)
    return home_agency, other_agency


def test_list_shows_own_members_with_filters(client, cast, markers):
    client.force_login(cast.manager)
    html = client.get(reverse("partners:agency_list")).content.decode()
    assert HOME_MARKER in html and "Agency A" in html
    assert OTHER_MARKER not in html and "Foreign Agency" not in html
    html = client.get(reverse("partners:agency_list"), {"sector": "police"}).content.decode()
    assert "Shared Police" in html and "Agency A" not in html
    html = client.get(reverse("partners:agency_list"), {"q": "zebra"}).content.decode()
    assert HOME_MARKER in html and "Agency A" not in html


@pytest.mark.parametrize("role", ["chair", "manager", "board", "lead_a", "lead_partner"])
def test_no_list_search_or_export_shows_the_other_partnership(client, cast, markers, role):
    client.force_login(getattr(cast, role))
    pages = [
        client.get(reverse("partners:agency_list")),
        client.get(reverse("partners:agency_list"), {"q": "Marker"}),
        client.get(reverse("partners:agency_export", kwargs={"fmt": "csv"})),
        client.get(reverse("partners:agency_export", kwargs={"fmt": "csv"}), {"q": "Quokka"}),
        client.get(reverse("partners:profile")),
        client.get("/"),
    ]
    for response in pages:
        assert response.status_code == 200
        assert OTHER_MARKER.encode() not in response.content
    assert HOME_MARKER.encode() in pages[2].content


def test_outsider_gets_404_for_a_home_agency(client, cast, markers):
    client.force_login(cast.outsider)
    response = client.get(reverse("partners:agency_detail", kwargs={"public_id": markers[0].public_id}))
    assert response.status_code == 404


def test_agency_lead_sees_own_agency_detail_but_not_another(client, cast):
    client.force_login(cast.lead_a)
    assert (
        client.get(
            reverse("partners:agency_detail", kwargs={"public_id": cast.agency_a.public_id})
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("partners:agency_detail", kwargs={"public_id": cast.agency_b.public_id})
        ).status_code
        == 404
    )
    # The list names agency B but does not link to its detail.
    html = client.get(reverse("partners:agency_list")).content.decode()
    assert str(cast.agency_a.public_id) in html and str(cast.agency_b.public_id) not in html


def test_detail_shows_memberships_and_named_people_to_oversight(client, cast):
    client.force_login(cast.chair)
    html = client.get(
        reverse("partners:agency_detail", kwargs={"public_id": cast.agency_a.public_id})
    ).content.decode()
    assert "Relevant agency" in html
    assert "Lead A" in html and "Board Member" in html
    assert "Lead B" not in html


def test_export_xlsx_has_the_import_columns(client, cast):
    client.force_login(cast.manager)
    response = client.get(reverse("partners:agency_export", kwargs={"fmt": "xlsx"}))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:4] == ("name", "sector", "statutory_role", "starts_on")
    assert {r[0] for r in rows[1:]} == {"Agency A", "Agency B", "Shared Police"}


def test_list_query_count_is_constant_with_200_agencies(client, cast, django_assert_max_num_queries):
    agencies = AgencyFactory.create_batch(200)
    Membership.objects.bulk_create(
        Membership(
            partnership=cast.home, agency=a, statutory_role="relevant_agency", starts_on=dt.date(2020, 4, 1)
        )
        for a in agencies
    )
    client.force_login(cast.manager)
    client.get(reverse("partners:agency_list"))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("partners:agency_list"), {"page": 3})
    assert response.status_code == 200
    with django_assert_max_num_queries(10):
        client.get(reverse("partners:agency_export", kwargs={"fmt": "csv"}))


def test_detail_query_count_is_constant_with_many_people_and_memberships(
    client, cast, django_assert_max_num_queries
):
    from partners.models import RoleAssignment
    from tests.factories import UserFactory

    for user in UserFactory.create_batch(40):
        RoleAssignment.objects.create(
            user=user, partnership=cast.home, role="agency_lead", agency=cast.agency_a
        )
    client.force_login(cast.manager)
    url = reverse("partners:agency_detail", kwargs={"public_id": cast.agency_a.public_id})
    client.get(url)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_manager_adds_a_new_agency_and_an_existing_one(client, cast):
    client.force_login(cast.manager)
    data = {
        "name": "Brand New Charity",
        "sector": "voluntary",
        "statutory_role": "relevant_agency",
        "starts_on": "2026-04-01",
    }
    response = client.post(reverse("partners:agency_add"), data)
    assert response.status_code == 302
    assert Membership.objects.filter(partnership=cast.home, agency__name="Brand New Charity").exists()
    # The foreign agency exists already (in the other partnership): it is shared, not duplicated.
    data["name"] = "foreign agency"
    client.post(reverse("partners:agency_add"), data)
    assert Membership.objects.filter(partnership=cast.home, agency=cast.foreign).exists()
    # Adding a current member again is refused with a message.
    response = client.post(reverse("partners:agency_add"), data)
    assert response.status_code == 200
    assert b"already a member of this partnership" in response.content


def test_ending_a_membership_ends_the_roles_for_that_agency(client, cast):
    client.force_login(cast.manager)
    membership = Membership.objects.get(partnership=cast.home, agency=cast.agency_b)
    response = client.post(
        reverse("partners:membership_end", kwargs={"pk": membership.pk}), {"ends_on": "2026-10-31"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.ends_on == dt.date(2026, 10, 31)
    client.force_login(cast.lead_b)
    assert b"do not hold a role" in client.get("/").content


def test_end_date_before_start_is_a_clear_error(client, cast):
    client.force_login(cast.manager)
    membership = Membership.objects.get(partnership=cast.home, agency=cast.agency_b)
    response = client.post(
        reverse("partners:membership_end", kwargs={"pk": membership.pk}), {"ends_on": "2001-01-01"}
    )
    assert response.status_code == 200
    assert b"cannot be before the membership started" in response.content


def test_board_member_reads_profile_but_cannot_add_an_area(client, cast):
    client.force_login(cast.board)
    assert client.get(reverse("partners:profile")).status_code == 200
    assert client.post(reverse("partners:area_add"), {}).status_code == 403


def test_manager_adds_an_area_and_totals_update(client, cast):
    client.force_login(cast.manager)
    data = {"name": "Newtown", "ons_code": "e06000999", "population_total": "1000", "population_0_17": "2000"}
    response = client.post(reverse("partners:area_add"), data)
    assert b"cannot be larger than the total population" in response.content
    data["population_0_17"] = "200"
    assert client.post(reverse("partners:area_add"), data).status_code == 302
    html = client.get(reverse("partners:profile")).content.decode()
    assert "E06000999" in html and "301,000" in html
