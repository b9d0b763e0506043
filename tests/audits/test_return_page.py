"""The return's page: a submitted or accepted return's answers are drawn once per version, and what the page
shows always follows the return through being sent back, revised and submitted again."""

import pytest
from django.urls import reverse

from audits import services
from audits.models import Return
from tests.audits.factories import fill, make_cycle, submit

pytestmark = pytest.mark.django_db


def test_a_resubmitted_return_shows_its_new_answers_not_the_ones_drawn_before(client, cast):
    cycle = make_cycle(cast.home, [cast.agency_a])
    return_a = Return.objects.get(cycle=cycle)
    fill(return_a, cast.lead_a, code="3")
    submit(return_a, cast.lead_a)
    url = reverse("audits:return_detail", kwargs={"public_id": return_a.public_id})
    client.force_login(cast.manager)
    first = client.get(url).content.decode()
    assert "3: Good" in first and "2: Requires improvement" not in first
    assert "3: Good" in client.get(url).content.decode(), "drawn again from the process's copy"

    return_a.refresh_from_db()
    services.return_send_back(
        return_record=return_a, expected_version=return_a.version, reasons="Regrade.", user=cast.manager
    )
    fill(return_a, cast.lead_a, code="2")
    submit(return_a, cast.lead_a)
    again = client.get(url).content.decode()
    assert "2: Requires improvement" in again and "3: Good" not in again


def test_a_locked_return_offers_no_editing_to_anyone(client, cast):
    cycle = make_cycle(cast.home, [cast.agency_a])
    return_a = Return.objects.get(cycle=cycle)
    fill(return_a, cast.lead_a)
    submit(return_a, cast.lead_a)
    url = reverse("audits:return_detail", kwargs={"public_id": return_a.public_id})
    client.force_login(cast.manager)
    client.get(url)
    client.force_login(cast.lead_a)
    page = client.get(url).content.decode()
    assert "Add evidence" not in page and "Answer standard" not in page
    assert "Narrative for 1.1" in page
