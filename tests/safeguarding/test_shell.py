import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_carry_a_csp_nonce_and_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"'.encode() in response.content


def test_skip_link_footer_and_accessibility_statement(client):
    html = client.get("/").content.decode()
    assert 'class="govuk-skip-link"' in html and 'href="#main-content"' in html
    assert reverse("accessibility") in html
    assert client.get(reverse("accessibility")).status_code == 200


def test_unknown_page_gets_the_friendly_404(client, cast):
    client.force_login(cast.board)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"govuk-footer" in response.content


@override_settings(DEBUG=False)
def test_server_error_page_is_friendly():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Sorry, there is a problem" in html


def test_home_rejects_post(client):
    assert client.post("/").status_code == 405


def test_flash_messages_render_as_notification_banners(client, cast):
    client.force_login(cast.board)
    client.post(reverse("account_logout"))
    html = client.get("/").content.decode()
    assert "govuk-notification-banner" in html
    assert "You have signed out" in html


def test_health_check_answers_ok(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_compose_file_is_valid_compose():
    import shutil
    import subprocess
    from pathlib import Path

    if not shutil.which("docker-compose"):
        pytest.skip("docker-compose is not installed (apt-get install docker-compose)")
    root = Path(__file__).resolve().parents[2]
    env = {
        "SECRET_KEY": "x",
        "ALLOWED_HOSTS": "portal.example.org",
        "SITE_URL": "https://portal.example.org",
        "POSTGRES_PASSWORD": "x",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        ["docker-compose", "-f", str(root / "docker-compose.yml"), "config", "-q"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
