"""Section 11 records for the access matrix: cycles in each partnership, one shared, returns in each state."""

from audits import services
from audits.models import Return
from tests.audits.factories import accept, add_evidence, fill, make_cycle, make_set, submit


def build(w) -> None:
    w.s11_set_home = make_set(w.home, name="Home variant", standards=2, criteria=2)
    w.s11_set_other = make_set(w.other, name="Other variant", standards=2, criteria=2)
    w.s11_set_statutory = make_set(None, name="Statutory for tests", standards=2, criteria=2)
    w.s11_cycle_home = make_cycle(w.home, [w.agency_a, w.agency_b], name="Home cycle")
    w.s11_cycle_other = make_cycle(w.other, [w.foreign], name="Other cycle")
    w.s11_cycle_shared = make_cycle(w.home, [w.shared], name="Shared cycle")
    services.cycle_share(cycle=w.s11_cycle_shared, partnership=w.other)
    w.s11_return_a = Return.objects.get(cycle=w.s11_cycle_home, agency=w.agency_a)
    w.s11_return_b = Return.objects.get(cycle=w.s11_cycle_home, agency=w.agency_b)
    w.s11_return_foreign = Return.objects.get(cycle=w.s11_cycle_other, agency=w.foreign)
    w.s11_return_shared = Return.objects.get(cycle=w.s11_cycle_shared, agency=w.shared)
    w.s11_answer_a = w.s11_return_a.answers.order_by("pk").first()
    w.s11_evidence_a = add_evidence(w.s11_answer_a, w.lead_a)
    w.s11_evidence_foreign = add_evidence(w.s11_return_foreign.answers.order_by("pk").first(), w.outsider)
    fill(w.s11_return_b, w.lead_b)
    submit(w.s11_return_b, w.lead_b)
    accept(w.s11_return_b, w.manager)
    moderation = services.moderation_save(
        return_record=w.s11_return_b,
        partnership=w.home,
        expected_version=None,
        data=services.ModerationInput(None, "Chair", "Notes", "Dear colleague, thank you.", {}),
        user=w.manager,
    )
    services.feedback_letter_send(moderation=moderation)
