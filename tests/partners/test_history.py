import pghistory.models
import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from partners.models import Agency
from safeguarding.audit import task_context

pytestmark = pytest.mark.django_db


def test_an_edit_is_recorded_with_who_and_what_and_shown_to_the_manager(client, cast):
    client.force_login(cast.manager)
    client.post(
        reverse("partners:agency_edit", kwargs={"public_id": cast.agency_a.public_id}),
        {"name": "Agency A Renamed", "sector": "nhs_trust"},
    )
    html = client.get(
        reverse("partners:agency_detail", kwargs={"public_id": cast.agency_a.public_id})
    ).content
    html = html.decode()
    assert "History" in html and "Changed: agency" in html
    assert "Manager" in html and "Agency A → Agency A Renamed" in html


def test_history_is_not_shown_to_other_roles(client, cast):
    client.force_login(cast.chair)
    html = client.get(
        reverse("partners:agency_detail", kwargs={"public_id": cast.agency_a.public_id})
    ).content
    assert b'id="history"' not in html


def test_bulk_updates_and_task_changes_are_recorded():
    before = pghistory.models.Events.objects.count()
    agencies = [Agency.objects.create(name=f"Bulk {i}", sector="other") for i in range(3)]
    Agency.objects.filter(pk__in=[a.pk for a in agencies]).update(sector="housing")
    with task_context("nightly.sweep"):
        Agency.objects.filter(pk=agencies[0].pk).update(name="Renamed by task")
    assert pghistory.models.Events.objects.count() == before + 7
    renamed = [
        e
        for e in pghistory.models.Events.objects.tracks(agencies[0])
        if e.pgh_data["name"] == "Renamed by task"
    ]
    assert renamed[0].pgh_context["task"] == "nightly.sweep"


def test_history_rows_cannot_be_changed_or_deleted(cast):
    from partners.models import AgencyEvent

    event = AgencyEvent.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        AgencyEvent.objects.filter(pk=event.pk).update(name="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        AgencyEvent.objects.filter(pk=event.pk).delete()


def test_history_names_people_outside_the_partnership_anonymously(client, cast):
    # The shared agency is edited by the other partnership's manager.
    other = client.__class__()
    other.force_login(cast.outsider)
    other.post(
        reverse("partners:agency_edit", kwargs={"public_id": cast.shared.public_id}),
        {"name": "Shared Police Force", "sector": "police"},
    )
    client.force_login(cast.manager)
    html = client.get(
        reverse("partners:agency_detail", kwargs={"public_id": cast.shared.public_id})
    ).content.decode()
    assert "Someone outside this partnership" in html
    assert "Outsider" not in html
