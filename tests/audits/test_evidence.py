import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.models import Evidence
from tests.audits.factories import PDF_BYTES, make_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def return_a(cast):
    return make_cycle(cast.home, [cast.agency_a]).returns.get()


def _upload(client, return_record, name, content):
    answer = return_record.answers.order_by("pk").first()
    url = reverse("audits:evidence_upload", kwargs={"public_id": return_record.public_id, "pk": answer.pk})
    return client.post(
        url,
        {"file": SimpleUploadedFile(name, content), "effective_date": "2025-04-01", "description": "Policy"},
    )


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_valid_evidence_is_stored_privately_and_downloaded_through_the_check(client, cast, return_a):
    client.force_login(cast.lead_a)
    assert _upload(client, return_a, "policy.pdf", PDF_BYTES).status_code == 302
    assert _upload(client, return_a, "policy.docx", _docx()).status_code == 302
    evidence = Evidence.objects.get(original_name="policy.pdf")
    path = Path(evidence.file.path)
    assert path.is_file() and str(path).startswith(str(settings.MEDIA_ROOT))
    assert "policy" not in path.name and evidence.file.name.startswith("private/")
    assert evidence.effective_date.isoformat() == "2025-04-01" and evidence.uploaded_at
    page = client.get(
        reverse("audits:return_detail", kwargs={"public_id": return_a.public_id})
    ).content.decode()
    assert "1 Apr 2025" in page and settings.MEDIA_URL not in page
    url = reverse("audits:evidence_download", kwargs={"public_id": evidence.public_id})
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert (
        "attachment" in response["Content-Disposition"] and response["Cache-Control"] == "private, no-store"
    )
    client.force_login(cast.lead_b)
    assert client.get(url).status_code == 404
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("policy.pdf", b"just some text pretending", "content is not a PDF"),
        ("script.exe", b"MZ\x90\x00", "must be a PDF"),
        ("photo.png", PDF_BYTES, "content is not a PNG"),
    ],
)
def test_files_whose_content_is_not_what_they_claim_are_refused(
    client, cast, return_a, name, content, message
):
    client.force_login(cast.lead_a)
    response = _upload(client, return_a, name, content)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Evidence.objects.exists()


def test_files_over_ten_megabytes_are_refused(client, cast, return_a):
    client.force_login(cast.lead_a)
    response = _upload(client, return_a, "big.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024))
    assert "10.0\xa0MB or smaller" in response.content.decode() or "or smaller" in response.content.decode()
    assert not Evidence.objects.exists()


def test_evidence_cannot_be_added_once_submitted(client, cast, return_a):
    from tests.audits.factories import fill, submit

    fill(return_a, cast.lead_a)
    submit(return_a, cast.lead_a)
    client.force_login(cast.lead_a)
    assert _upload(client, return_a, "policy.pdf", PDF_BYTES).status_code == 403
