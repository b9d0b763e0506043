"""Optimistic locking against PostgreSQL with real concurrency: the later save is refused, nothing is lost."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from audits import services
from audits.models import Answer, Return
from tests.audits.factories import make_cycle

PARALLEL = 10


def _race(work):
    barrier = threading.Barrier(PARALLEL)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(index):
        barrier.wait()
        try:
            work(index)
        except services.StaleEdit as error:
            result = f"stale:{error}"
        else:
            result = f"saved:{index}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(PARALLEL)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_ten_parallel_answer_saves_one_wins_nine_are_told(cast):
    cycle = make_cycle(cast.home, [cast.agency_a])
    return_record = Return.objects.select_related("cycle").get(cycle=cycle)
    answer = return_record.answers.select_related("criterion__standard").order_by("pk").first()
    assert answer.version == 1

    def save(index):
        edit = services.AnswerEdit(answer=answer, expected_version=1, grade="3", narrative=f"Version {index}")
        services.answers_save(return_record=return_record, edits=[edit], user=cast.lead_a)

    outcomes = _race(save)
    saved = [o for o in outcomes if o.startswith("saved:")]
    stale = [o for o in outcomes if o.startswith("stale:")]
    assert len(saved) == 1 and len(stale) == PARALLEL - 1
    assert all("criterion 1.1" in o and "were not saved" in o for o in stale)
    answer.refresh_from_db()
    # The one save that succeeded is what is stored; nothing was half-written or overwritten.
    assert answer.version == 2
    assert answer.narrative == f"Version {saved[0].split(':')[1]}"


@pytest.mark.django_db(transaction=True)
def test_ten_parallel_return_saves_one_wins_nine_are_told(cast):
    cycle = make_cycle(cast.home, [cast.agency_a])
    return_record = Return.objects.get(cycle=cycle)

    def save(index):
        services.return_summary_save(
            return_record=Return.objects.get(pk=return_record.pk),
            expected_version=1,
            summary=f"Summary {index}",
            user=cast.lead_a,
        )

    outcomes = _race(save)
    saved = [o for o in outcomes if o.startswith("saved:")]
    assert len(saved) == 1 and len(outcomes) == PARALLEL
    return_record.refresh_from_db()
    assert return_record.version == 2 and return_record.summary == f"Summary {saved[0].split(':')[1]}"


@pytest.mark.django_db
def test_a_stale_save_is_refused_all_or_nothing(cast):
    cycle = make_cycle(cast.home, [cast.agency_a])
    return_record = Return.objects.select_related("cycle").get(cycle=cycle)
    first, second = list(return_record.answers.select_related("criterion__standard").order_by("pk")[:2])
    Answer.objects.filter(pk=second.pk).update(version=5, narrative="Colleague's text")
    edits = [
        services.AnswerEdit(answer=first, expected_version=1, grade="3", narrative="Mine"),
        services.AnswerEdit(answer=second, expected_version=1, grade="3", narrative="Mine"),
    ]
    with pytest.raises(services.StaleEdit, match="criterion 1.2"):
        services.answers_save(return_record=return_record, edits=edits, user=cast.lead_a)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.narrative == "" and first.version == 1
    assert second.narrative == "Colleague's text"


@pytest.mark.django_db
def test_two_people_on_one_page_the_second_is_told_and_keeps_their_text(client, cast):
    from tests.factories import RoleFactory, UserFactory

    colleague = UserFactory(full_name="Second Lead")
    RoleFactory(user=colleague, partnership=cast.home, role="agency_lead", agency=cast.agency_a)
    cycle = make_cycle(cast.home, [cast.agency_a])
    return_record = Return.objects.get(cycle=cycle)
    answers = list(return_record.answers.filter(criterion__standard__number=1).order_by("pk"))

    def post(narrative):
        data = {}
        for a in answers:
            data |= {f"c{a.pk}-version": 1, f"c{a.pk}-grade": "3", f"c{a.pk}-narrative": narrative}
        return data

    url = reverse("audits:return_standard", kwargs={"public_id": return_record.public_id, "number": 1})
    client.force_login(colleague)
    assert client.post(url, post("First person's answer")).status_code == 302
    client.force_login(cast.lead_a)
    response = client.post(url, post("Second person's answer"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this standard" in page
    assert "Second Lead saved criterion 1.1, criterion 1.2 after you opened this page" in page
    assert "First person&#x27;s answer" in page  # theirs, shown beside the form
    assert "Second person&#x27;s answer</textarea>" in page  # yours, kept in the form
    assert Answer.objects.get(pk=answers[0].pk).narrative == "First person's answer"
