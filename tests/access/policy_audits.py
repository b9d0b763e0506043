"""Section 11 URLs in the access matrix (see tests/access/policies.py for the vocabulary)."""

from tests.access.policies import BOARD, MANAGER, OVERSIGHT, foreign, own

SECTION = BOARD | {"lead_a", "lead_b"}


def section(w) -> dict:
    manage_set = {"get": MANAGER, "post": MANAGER, "read": OVERSIGHT}
    a = {"public_id": w.s11_return_a.public_id}
    b = {"public_id": w.s11_return_b.public_id}
    other = {"public_id": w.s11_return_foreign.public_id}
    shared = {"public_id": w.s11_return_shared.public_id}
    edit_a = {"get": {"lead_a"}, "post": {"lead_a"}, "read": OVERSIGHT}
    locked_b = {"get": set(), "post": set(), "read": OVERSIGHT | {"lead_b"}}
    answer_a = {**a, "pk": w.s11_answer_a.pk}
    set_home = {"public_id": w.s11_set_home.public_id}
    set_other = {"public_id": w.s11_set_other.public_id}
    cycle_home = {"public_id": w.s11_cycle_home.public_id}
    cycle_other = {"public_id": w.s11_cycle_other.public_id}
    manage_cycle = {"get": MANAGER, "post": MANAGER, "read": BOARD}
    return {
        "audits:home": [own(get=SECTION)],
        "audits:set_list": [own(get=OVERSIGHT)],
        "audits:set_import": [own(**manage_set)],
        "audits:set_detail": [
            own("own set", set_home, get=OVERSIGHT),
            own("statutory set", {"public_id": w.s11_set_statutory.public_id}, get=OVERSIGHT | {"outsider"}),
            foreign(kwargs=set_other, get=OVERSIGHT),
        ],
        "audits:set_copy": [own("own set", set_home, **manage_set), foreign(kwargs=set_other, **manage_set)],
        "audits:set_edit": [own("own set", set_home, **manage_set), foreign(kwargs=set_other, **manage_set)],
        "audits:standard_edit": [
            own("own set", {**set_home, "number": 1}, **manage_set),
            foreign(kwargs={**set_other, "number": 1}, **manage_set),
        ],
        "audits:set_export": [
            own("own set", set_home, get=OVERSIGHT),
            foreign(kwargs=set_other, get=OVERSIGHT),
        ],
        "audits:cycle_open": [own(get=MANAGER, post=MANAGER, read=BOARD)],
        "audits:cycle_detail": [
            own("own cycle", cycle_home, get=BOARD),
            own("shared cycle", {"public_id": w.s11_cycle_shared.public_id}, get=BOARD | {"outsider"}),
            foreign(kwargs=cycle_other, get=BOARD),
        ],
        "audits:cycle_share": [
            own("own cycle", cycle_home, **manage_cycle),
            foreign(kwargs=cycle_other, **manage_cycle),
        ],
        "audits:cycle_agencies": [
            own("own cycle", cycle_home, **manage_cycle),
            foreign(kwargs=cycle_other, **manage_cycle),
        ],
        "audits:cycle_export": [
            own("csv", {**cycle_home, "fmt": "csv"}, get=OVERSIGHT),
            own("xlsx", {**cycle_home, "fmt": "xlsx"}, get=OVERSIGHT),
            foreign(kwargs={**cycle_other, "fmt": "csv"}, get=OVERSIGHT),
        ],
        "audits:return_detail": [
            own("agency A", a, get=OVERSIGHT | {"lead_a"}),
            own("agency B", b, get=OVERSIGHT | {"lead_b"}),
            own("shared agency", shared, get=OVERSIGHT | {"outsider"}),
            foreign(kwargs=other, get=OVERSIGHT),
        ],
        "audits:return_summary": [
            own("draft", a, **edit_a),
            own("accepted", b, **locked_b),
            foreign(kwargs=other, post=set(), read=OVERSIGHT),
        ],
        "audits:return_standard": [
            own("draft", {**a, "number": 1}, **edit_a),
            own("accepted", {**b, "number": 1}, **locked_b),
            foreign(kwargs={**other, "number": 1}, post=set(), read=OVERSIGHT),
        ],
        "audits:evidence_upload": [own("draft", answer_a, **edit_a)],
        "audits:return_submit": [own("draft", a, **edit_a), own("accepted", b, **locked_b)],
        "audits:return_send_back": [
            own("accepted", b, get=MANAGER, post=MANAGER, read=OVERSIGHT | {"lead_b"}),
            foreign(kwargs=other, get=MANAGER, post=MANAGER, read=OVERSIGHT),
        ],
        "audits:return_accept": [
            own("accepted", b, get=None, post=MANAGER, read=OVERSIGHT | {"lead_b"}),
            foreign(kwargs=other, get=None, post=MANAGER, read=OVERSIGHT),
        ],
        "audits:return_pdf": [own("agency A", a, get=OVERSIGHT | {"lead_a"})],
        "audits:moderation": [
            own("accepted", b, get=OVERSIGHT, post=OVERSIGHT, read={"lead_b"}),
            foreign(kwargs=other, get=OVERSIGHT, post=OVERSIGHT),
        ],
        "audits:letter_send": [own("accepted", b, get=None, post=OVERSIGHT, read={"lead_b"})],
        "audits:letter_pdf": [own("sent letter", b, get=OVERSIGHT | {"lead_b"})],
        "audits:evidence_download": [
            own("agency A", {"public_id": w.s11_evidence_a.public_id}, get=OVERSIGHT | {"lead_a"}),
            foreign(kwargs={"public_id": w.s11_evidence_foreign.public_id}, get=OVERSIGHT),
        ],
        "audits:evidence_remove": [
            own("agency A", {"public_id": w.s11_evidence_a.public_id}, **edit_a),
        ],
    }
