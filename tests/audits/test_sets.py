import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, InternalError, connection, transaction
from django.urls import reverse

from audits import services, statutory
from audits.models import Criterion, Standard, StandardSet
from tests.audits.factories import make_cycle, make_set

pytestmark = pytest.mark.django_db


def test_the_statutory_set_has_the_eight_standards_with_criteria():
    standard_set = statutory.install(StandardSet, Standard, Criterion)
    standards = list(standard_set.standards.order_by("number"))
    assert len(standards) == 8
    assert standards[0].title.startswith("Senior management commitment")
    assert standards[7].title == "Information sharing"
    for standard in standards:
        criteria = list(standard.criteria.all())
        assert 3 <= len(criteria) <= 6
        assert all(c.guidance and c.expected_evidence for c in criteria)
    assert statutory.install(StandardSet, Standard, Criterion) == standard_set  # idempotent


def test_a_set_in_use_is_frozen_in_services_and_in_the_database(cast):
    cycle = make_cycle(cast.home, [cast.agency_a])
    standard_set = cycle.standard_set
    with pytest.raises(services.SetFrozen):
        services.standard_set_update(standard_set=standard_set, name="New", description="")
    standard = standard_set.standards.first()
    with pytest.raises(services.SetFrozen):
        services.standard_save(standard=standard, title="Changed", criteria=[])
    for write in (
        lambda: Criterion.objects.filter(standard_set=standard_set).update(text="Sneaky"),
        lambda: Standard.objects.filter(pk=standard.pk).update(title="Sneaky"),
        lambda: StandardSet.objects.filter(pk=standard_set.pk).update(name="Sneaky"),
        lambda: Criterion.objects.create(standard=standard, standard_set=standard_set, number=9, text="New"),
        lambda: connection.cursor().execute(
            "DELETE FROM audits_criterion WHERE standard_set_id = %s", [standard_set.pk]
        ),
    ):
        with pytest.raises((IntegrityError, InternalError), match="cannot be changed"), transaction.atomic():
            write()
    assert not Criterion.objects.filter(text="Sneaky").exists()


def test_manager_copies_a_frozen_set_and_edits_the_copy(client, cast):
    cycle = make_cycle(cast.home, [cast.agency_a])
    client.force_login(cast.manager)
    source = cycle.standard_set
    detail = client.get(reverse("audits:set_detail", kwargs={"public_id": source.public_id})).content.decode()
    assert "It is frozen" in detail and "Edit standard 1" not in detail
    response = client.post(
        reverse("audits:set_copy", kwargs={"public_id": source.public_id}),
        {"name": "Voluntary sector 2026", "description": "For charities"},
    )
    copy = StandardSet.objects.get(name="Voluntary sector 2026")
    assert response.status_code == 302 and copy.partnership == cast.home and copy.copied_from == source
    assert copy.criteria.count() == source.criteria.count()
    criteria = list(copy.standards.get(number=1).criteria.order_by("number"))
    data = {
        "title": "Leadership",
        "criteria-TOTAL_FORMS": 3,
        "criteria-INITIAL_FORMS": 2,
        "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 30,
        "criteria-0-criterion_id": criteria[0].pk,
        "criteria-0-number": 2,
        "criteria-0-text": "Swapped to second",
        "criteria-1-criterion_id": criteria[1].pk,
        "criteria-1-number": 1,
        "criteria-1-text": "Swapped to first",
        "criteria-2-number": 3,
        "criteria-2-text": "A new criterion",
        "criteria-2-guidance": "Guide",
    }
    url = reverse("audits:standard_edit", kwargs={"public_id": copy.public_id, "number": 1})
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 302
    texts = list(copy.standards.get(number=1).criteria.order_by("number").values_list("text", flat=True))
    assert texts == ["Swapped to first", "Swapped to second", "A new criterion"]
    assert source.criteria.filter(text="A new criterion").count() == 0
    # The frozen source's edit pages refuse.
    frozen_url = reverse("audits:set_edit", kwargs={"public_id": source.public_id})
    assert client.get(frozen_url).status_code in {302, 403}


def test_xlsx_export_then_import_round_trips(client, cast):
    source = make_set(cast.home, name="Schools s175", standards=3, criteria=2)
    client.force_login(cast.manager)
    exported = client.get(reverse("audits:set_export", kwargs={"public_id": source.public_id}))
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    assert [c.value for c in sheet[1]][:4] == [
        "standard_number",
        "standard_title",
        "criterion_number",
        "criterion_text",
    ]
    assert sheet.max_row == 7
    upload = SimpleUploadedFile("set.xlsx", exported.content)
    response = client.post(
        reverse("audits:set_import"), {"name": "Imported schools", "description": "", "file": upload}
    )
    assert response.status_code == 302
    imported = StandardSet.objects.get(name="Imported schools")
    assert imported.partnership == cast.home
    assert list(
        imported.criteria.order_by("standard__number", "number").values_list("text", flat=True)
    ) == list(source.criteria.order_by("standard__number", "number").values_list("text", flat=True))


def test_import_reports_problems_row_by_row(client, cast):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "standard_number",
            "standard_title",
            "criterion_number",
            "criterion_text",
            "guidance",
            "expected_evidence",
        ]
    )
    sheet.append([1, "Leadership", 1, "A lead", "", ""])
    sheet.append([1, "Leadership", 1, "Duplicate", "", ""])
    sheet.append(["x", "Bad", 1, "Text", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(cast.manager)
    response = client.post(
        reverse("audits:set_import"),
        {"name": "Broken", "file": SimpleUploadedFile("broken.xlsx", buffer.getvalue())},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Row 3: criterion 1.1 appears twice." in page and "Row 4: the standard number" in page
    assert not StandardSet.objects.filter(name="Broken").exists()


def test_other_partnerships_sets_are_not_listed(client, cast):
    make_set(cast.home, name="Zebra home set", standards=1, criteria=1)
    make_set(cast.other, name="Quokka other set", standards=1, criteria=1)
    client.force_login(cast.chair)
    page = client.get(reverse("audits:set_list")).content.decode()
    assert "Zebra home set" in page and "Quokka other set" not in page
