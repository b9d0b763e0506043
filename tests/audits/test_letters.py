import io

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from audits import services
from tests.audits.factories import accept, fill, make_cycle, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(cast):
    cycle = make_cycle(cast.home, [cast.agency_a], name="Cycle 2026")
    return_a = cycle.returns.get()
    fill(return_a, cast.lead_a)
    submit(return_a, cast.lead_a)
    accept(return_a, cast.manager)
    return return_a


def _text(response) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_feedback_letter_is_sent_to_the_leads_and_downloadable_as_pdf(
    client, cast, accepted, django_capture_on_commit_callbacks
):
    client.force_login(cast.scrutineer)
    url = reverse("audits:moderation", kwargs={"public_id": accepted.public_id})
    client.post(
        url,
        {
            "session_on": "2026-05-01",
            "attendees": "Chair",
            "notes": "Good discussion",
            "letter": "Thank you for a thorough return.",
        },
    )
    letter_url = reverse("audits:letter_pdf", kwargs={"public_id": accepted.public_id})
    client.force_login(cast.lead_a)
    assert client.get(letter_url).status_code == 404  # not sent yet
    client.force_login(cast.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("audits:letter_send", kwargs={"public_id": accepted.public_id}))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[cast.lead_a.email]]
    assert letter_url in mail.outbox[0].body and letter_url in mail.outbox[0].alternatives[0][0]
    client.force_login(cast.lead_a)
    pdf = client.get(letter_url)
    assert pdf["Content-Type"] == "application/pdf"
    assert "Thank you for a thorough return." in _text(pdf)
    page = client.get(
        reverse("audits:return_detail", kwargs={"public_id": accepted.public_id})
    ).content.decode()
    assert "Good discussion" not in page  # session notes are the partnership's


def test_return_pdf_has_every_answer(client, cast, accepted):
    client.force_login(cast.lead_a)
    response = client.get(reverse("audits:return_pdf", kwargs={"public_id": accepted.public_id}))
    text = _text(response)
    assert "Agency A: section 11 return" in text and "Narrative for 2.2" in text


def test_moderation_is_refused_before_acceptance_and_when_stale(client, cast, accepted):
    draft = make_cycle(cast.home, [cast.agency_b]).returns.get()
    client.force_login(cast.manager)
    assert client.get(reverse("audits:moderation", kwargs={"public_id": draft.public_id})).status_code == 302
    data = services.ModerationInput(None, "", "", "Letter", {})
    services.moderation_save(
        return_record=accepted, partnership=cast.home, expected_version=None, data=data, user=cast.manager
    )
    with pytest.raises(services.StaleEdit):
        services.moderation_save(
            return_record=accepted, partnership=cast.home, expected_version=None, data=data, user=cast.chair
        )


def test_disagreement_can_be_raised_in_the_challenge_log(client, cast, accepted):
    from partners import challenge_links

    client.force_login(cast.manager)
    page = client.get(reverse("audits:moderation", kwargs={"public_id": accepted.public_id})).content.decode()
    assert reverse("challenges:raise") in page and "Raise a challenge" in page
    assert challenge_links.validate(cast.home, "audits.return", str(accepted.public_id)) is None
    assert challenge_links.validate(cast.other, "audits.return", str(accepted.public_id)) is not None
    groups = dict(challenge_links.grouped_choices(cast.home))
    assert f"audits.return|{accepted.public_id}" in dict(groups["Section 11 return"])
