import time

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from safeguarding.totp_code import code_for
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET

pytestmark = pytest.mark.django_db


def sign_in(client, user, password=TEST_PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def test_anonymous_sees_public_landing_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Keeping children safe, together" in response.content
    assert b"Dashboard" not in response.content


def test_sign_in_page_has_labels_and_no_sign_up_link(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'for="id_login"' in html and "E-mail address" in html
    assert "sign up" not in html.lower()


def test_public_sign_up_is_closed(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@test.example.org", "password1": "x" * 16, "password2": "x" * 16},
    )
    from safeguarding.models import User

    assert not User.objects.filter(email="new@test.example.org").exists()
    assert response.status_code in {200, 403}


def test_board_member_signs_in_without_mfa_and_lands_on_dashboard(client, cast):
    response = sign_in(client, cast.board)
    assert response.status_code == 302
    response = client.get("/")
    assert b"Dashboard" in response.content
    assert b"Home Partnership" in response.content
    assert b"Board member" in response.content


def test_wrong_password_shows_a_clear_error(client, cast):
    response = sign_in(client, cast.board, password="not-the-password")
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"not correct" in response.content


def test_repeated_failures_lock_the_account_out_with_a_message(client, cast):
    for _ in range(5):
        sign_in(client, cast.board, password="wrong-password")
    response = sign_in(client, cast.board)  # even the right password is refused now
    assert response.status_code in {200, 429}
    assert b"Too many failed login attempts" in response.content
    assert client.get("/").content.count(b"Keeping children safe") == 1


def test_privileged_user_must_complete_a_real_totp_step(client, cast):
    response = sign_in(client, cast.chair)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Not signed in yet: the dashboard is not shown.
    assert b"Keeping children safe" in client.get("/").content

    sign_in(client, cast.chair)
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and b"Incorrect code" in wrong.content
    response = client.post(reverse("mfa_authenticate"), {"code": code_for(TEST_TOTP_SECRET)})
    assert response.status_code == 302
    assert b"Chair" in client.get("/").content


def test_privileged_user_without_authenticator_is_sent_to_set_one_up(client, cast):
    Authenticator.objects.filter(user=cast.manager).delete()
    sign_in(client, cast.manager)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # Setting up an authenticator asks for the password again, then shows the QR code and secret.
    page = client.get(reverse("mfa_activate_totp"), follow=True)
    assert page.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    page = client.post(page.redirect_chain[-1][0], {"password": TEST_PASSWORD}, follow=True)
    assert b"QR code for your authenticator app" in page.content
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=cast.manager, type=Authenticator.Type.TOTP).exists()
    assert client.get("/").status_code == 200


def test_privileged_user_cannot_remove_the_required_authenticator(client, cast):
    client.force_login(cast.chair)
    client.post(reverse("mfa_deactivate_totp"), {"code": code_for(TEST_TOTP_SECRET)})
    assert Authenticator.objects.filter(user=cast.chair, type=Authenticator.Type.TOTP).exists()


def test_admin_sign_in_goes_through_allauth(client, cast):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert b"Sign in" in response.content


def test_staff_need_mfa_too(client, cast):
    cast.nobody.is_staff = True
    cast.nobody.save()
    client.force_login(cast.nobody)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_user_without_role_sees_an_explanation(client, cast):
    client.force_login(cast.nobody)
    response = client.get("/")
    assert b"do not hold a role" in response.content


def test_role_removed_takes_effect_on_next_request(client, cast):
    client.force_login(cast.board)
    assert b"Board member" in client.get("/").content
    cast.board.role_assignments.all().delete()
    assert b"do not hold a role" in client.get("/").content


def test_totp_helper_matches_allauth(cast):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    now = time.time()
    assert code_for(TEST_TOTP_SECRET, at=now) == format_hotp_value(
        hotp_value(TEST_TOTP_SECRET, int(now // 30))
    )
