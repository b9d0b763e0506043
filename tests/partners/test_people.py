import re

import pytest
from django.core import mail
from django.urls import reverse

from partners.models import RoleAssignment
from safeguarding.models import User

pytestmark = pytest.mark.django_db


def invite(client, **data):
    return client.post(reverse("partners:person_invite"), data)


def test_inviting_a_new_person_sends_a_one_time_set_password_link(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(
            client,
            full_name="Nadia Rahman",
            email="Nadia@Example.org",
            role="agency_lead",
            agency=cast.agency_a.pk,
        )
    assert response.status_code == 302
    person = User.objects.get(email="nadia@example.org")
    assert not person.has_usable_password()
    assert RoleAssignment.objects.filter(
        user=person, partnership=cast.home, role="agency_lead", agency=cast.agency_a
    ).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nadia@example.org"]
    assert "Home Partnership" in message.subject
    html = message.alternatives[0][0]
    assert "Agency lead" in message.body and "Agency A" in html
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+/", message.body).group(0)
    assert link in html
    path = link.split("127.0.0.1:8000", 1)[1]

    # The link sets a password once.
    client.logout()
    page = client.get(path, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else path
    done = client.post(form_url, {"password1": "a-long-new-passphrase", "password2": "a-long-new-passphrase"})
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password("a-long-new-passphrase")
    again = client.get(path, follow=True)
    assert b"invalid" in again.content.lower() or b"expired" in again.content.lower()


def test_inviting_someone_who_already_has_an_account_adds_the_role_without_a_link(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.manager)
    with django_capture_on_commit_callbacks(execute=True):
        invite(
            client, full_name="Lead A", email=cast.lead_a.email, role="board_member", agency=cast.agency_a.pk
        )
    assert RoleAssignment.objects.filter(user=cast.lead_a, role="board_member").exists()
    assert User.objects.filter(email=cast.lead_a.email).count() == 1
    assert "reset/key" not in mail.outbox[0].body
    assert "already have an account" in mail.outbox[0].body


def test_an_agency_lead_invitation_needs_an_agency(client, cast):
    client.force_login(cast.manager)
    response = invite(client, full_name="X Y", email="xy@example.org", role="agency_lead")
    assert response.status_code == 200
    assert b"Choose the agency this person leads for" in response.content
    assert not User.objects.filter(email="xy@example.org").exists()


def test_the_agency_picker_offers_only_this_partnerships_members(client, cast):
    client.force_login(cast.manager)
    response = invite(
        client, full_name="X Y", email="xy@example.org", role="agency_lead", agency=cast.foreign.pk
    )
    assert response.status_code == 200
    assert b"Foreign Agency" not in client.get(reverse("partners:person_invite")).content
    assert not User.objects.filter(email="xy@example.org").exists()


def test_duplicate_role_is_refused(client, cast):
    client.force_login(cast.manager)
    response = invite(
        client, full_name="Lead A", email=cast.lead_a.email, role="agency_lead", agency=cast.agency_a.pk
    )
    assert b"already holds that role" in response.content


def test_removing_a_role_takes_effect_on_the_next_request(client, cast):
    assignment = RoleAssignment.objects.get(user=cast.lead_b, partnership=cast.home)
    lead_b = client.__class__()
    lead_b.force_login(cast.lead_b)
    assert lead_b.get(reverse("partners:agency_list")).status_code == 200
    client.force_login(cast.manager)
    assert client.post(reverse("partners:role_remove", kwargs={"pk": assignment.pk})).status_code == 302
    assert lead_b.get(reverse("partners:agency_list")).status_code == 404


def test_people_page_lists_only_this_partnership(client, cast, django_assert_max_num_queries):
    from tests.factories import UserFactory

    for user in UserFactory.create_batch(60):
        RoleAssignment.objects.create(user=user, partnership=cast.home, role="board_member")
    client.force_login(cast.chair)
    client.get(reverse("partners:people"))
    with django_assert_max_num_queries(10):
        html = client.get(reverse("partners:people")).content.decode()
    assert "Lead A" in html and "Outsider" not in html
    assert "Invite a person" not in html  # the chair reads; the business manager invites


def test_switching_partnership_rescopes_everything(client, cast):
    RoleAssignment.objects.create(user=cast.lead_partner, partnership=cast.other, role="lead_partner")
    client.force_login(cast.lead_partner)
    assert b"Agency A" in client.get(reverse("partners:agency_list")).content
    client.post(reverse("partners:switch"), {"partnership": "other"})
    html = client.get(reverse("partners:agency_list")).content.decode()
    assert "Foreign Agency" in html and "Agency A" not in html
    assert "Other Partnership" in client.get("/").content.decode()


def test_cannot_switch_to_a_partnership_without_a_role(client, cast):
    client.force_login(cast.board)
    assert client.post(reverse("partners:switch"), {"partnership": "other"}).status_code == 404
