"""The reviews app's URLs in the URL x role matrix (see tests/access/policies.py for the vocabulary).

Restricted review detail: chair, scrutineer, lead and delegated partners and the business manager, plus the
reviewer on the one review they are granted. Summaries: every board-level role and agency leads. Actions:
tracker readers see all; board members and agency leads see their own agency's, and agency leads update them.
"""

from tests.access.policies import foreign, own

FULL = frozenset({"chair", "scrutineer", "lead_partner", "delegated_partner", "manager"})
MANAGER = frozenset({"manager"})
LOG_READERS = frozenset({"chair", "manager"})
SUMMARY = FULL | {"board", "lead_a", "lead_b"}
LEARNING = FULL | {"board"}
GRANTED = FULL | {"reviewer"}
AGENCY_A = FULL | {"board", "lead_a"}
AGENCY_B = FULL | {"lead_b"}


def _review_pages(w, *, get, post=None, read=frozenset(), extra=None) -> list:
    """A page of the granted review, of one the reviewer is not granted, and of the other partnership's."""
    extra = extra or {}
    home = {"public_id": w.review_home.public_id, **extra}
    hidden = {"public_id": w.review_hidden.public_id, **extra}
    other = {"public_id": w.review_other.public_id, **extra}
    granted_read, hidden_read = read | GRANTED, read | FULL
    return [
        own("granted review", home, get=get, post=post, read=granted_read),
        own("review not granted", hidden, get=_without_reviewer(get), post=post, read=hidden_read),
        foreign(kwargs=other, get=get, post=post),
    ]


def _without_reviewer(roles):
    return None if roles is None else roles - {"reviewer"}


def section(w) -> dict:
    manage = {"get": MANAGER, "post": MANAGER}
    return {
        "reviews:list": [own(get=GRANTED)],
        "reviews:add": [own(read=GRANTED, **manage)],
        "reviews:detail": _review_pages(w, get=GRANTED),
        "reviews:export": _review_pages(w, get=GRANTED),
        "reviews:edit": _review_pages(w, **manage),
        "reviews:stage": _review_pages(w, extra={"stage": "notification"}, **manage),
        "reviews:access_log": _review_pages(w, get=LOG_READERS),
        "reviews:reviewer_grant": _review_pages(w, get=None, post=MANAGER),
        "reviews:reviewer_revoke": [
            own(
                "granted review",
                {"public_id": w.review_home.public_id, "pk": w.grant_home.pk},
                get=None,
                post=MANAGER,
                read=GRANTED,
            ),
            foreign(
                kwargs={"public_id": w.review_other.public_id, "pk": w.grant_other.pk}, get=None, post=MANAGER
            ),
        ],
        "reviews:recommendation_add": _review_pages(w, **manage),
        "reviews:summaries": [own(get=SUMMARY)],
        "reviews:summary": [
            own("granted review", {"public_id": w.review_home.public_id}, get=SUMMARY | {"reviewer"}),
            own("review not granted", {"public_id": w.review_hidden.public_id}, get=SUMMARY),
            foreign(kwargs={"public_id": w.review_other.public_id}, get=SUMMARY),
        ],
        "reviews:tracker": [own(get=SUMMARY)],
        "reviews:recommendation_detail": [
            own(kwargs={"public_id": w.recommendation_home.public_id}, get=FULL),
            foreign(kwargs={"public_id": w.recommendation_other.public_id}, get=FULL),
        ],
        "reviews:recommendation_edit": [
            own(kwargs={"public_id": w.recommendation_home.public_id}, read=FULL, **manage),
            foreign(kwargs={"public_id": w.recommendation_other.public_id}, **manage),
        ],
        "reviews:action_add": [
            own(kwargs={"public_id": w.recommendation_home.public_id}, read=FULL, **manage),
            foreign(kwargs={"public_id": w.recommendation_other.public_id}, **manage),
        ],
        "reviews:action_detail": [
            own("agency A's", {"public_id": w.action_a.public_id}, get=AGENCY_A),
            own("agency B's", {"public_id": w.action_b.public_id}, get=AGENCY_B),
            foreign(kwargs={"public_id": w.action_other.public_id}, get=FULL),
        ],
        "reviews:action_edit": [
            own("agency A's", {"public_id": w.action_a.public_id}, read=AGENCY_A, **manage),
            foreign(kwargs={"public_id": w.action_other.public_id}, **manage),
        ],
        "reviews:action_update": _action_writes(w),
        "reviews:evidence_upload": _action_writes(w),
        "reviews:evidence_download": [
            own("agency A's", {"public_id": w.evidence_a.public_id}, get=AGENCY_A),
            foreign(kwargs={"public_id": w.evidence_other.public_id}, get=FULL),
        ],
        "reviews:learning": [own(get=LEARNING)],
        "reviews:themes": [own(get=FULL, post=MANAGER)],
        "reviews:theme_edit": [
            own(kwargs={"pk": w.theme_home.pk}, read=FULL, **manage),
            foreign(kwargs={"pk": w.theme_other.pk}, **manage),
        ],
    }


def _action_writes(w) -> list:
    """The business manager and the owning agency's lead update an action; its other readers get 403."""
    return [
        own(
            "agency A's",
            {"public_id": w.action_a.public_id},
            get=MANAGER | {"lead_a"},
            post=MANAGER | {"lead_a"},
            read=AGENCY_A,
        ),
        own(
            "agency B's",
            {"public_id": w.action_b.public_id},
            get=MANAGER | {"lead_b"},
            post=MANAGER | {"lead_b"},
            read=AGENCY_B,
        ),
        foreign(kwargs={"public_id": w.action_other.public_id}, get=MANAGER, post=MANAGER),
    ]
