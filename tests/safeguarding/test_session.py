import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_session_ends_after_idle_timeout(client, cast):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(cast.board)
        assert b"Dashboard" in client.get("/").content
        clock.shift(settings.SESSION_IDLE_TIMEOUT - 120)
        assert b"Dashboard" in client.get("/").content  # still active: activity resets the idle clock
        clock.shift(settings.SESSION_IDLE_TIMEOUT + 1)
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        page = client.get(response["Location"])
        assert b"signed out after a period of inactivity" in page.content
        assert b"Dashboard" not in client.get("/").content


def test_session_ends_after_absolute_lifetime_despite_activity(client, cast):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(cast.board)
        client.get("/")
        elapsed = 0
        step = settings.SESSION_IDLE_TIMEOUT // 2
        while elapsed + step <= settings.SESSION_ABSOLUTE_LIFETIME:
            clock.shift(step)
            elapsed += step
            assert client.get("/").status_code == 200
        clock.shift(step)
        response = client.get("/")
        assert response.status_code == 302
        assert b"maximum length" in client.get(response["Location"]).content
