"""The registry: every URL name in the URL conf, with who may GET and POST it, for each kind of object.

Roles are the cast's names (tests/conftest.py): the home partnership's chair, scrutineer, lead_partner,
delegated_partner, manager, board (board member for agency A), lead_a, lead_b, reviewer; `outsider` is the
other partnership's business manager; `nobody` is signed in with no role; `anonymous` is not signed in.

A Case lists the roles allowed to GET and to POST (None: the method is not allowed, 405). Roles in `read` but
not allowed the method get 403 (read-only access to a write); every other signed-in role gets 404; anonymous
people are sent to sign in. Pages that act on "the current partnership" rather than on one object
(`relative=True`) treat the outsider as the manager of their own partnership; objects of the other
partnership (`foreign`) are open only to the outsider, as that partnership's manager.
Each app adds its URLs here when it adds them to its urls.py: the matrix test fails on a URL without an entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = (
    "anonymous",
    "nobody",
    "chair",
    "scrutineer",
    "lead_partner",
    "delegated_partner",
    "manager",
    "board",
    "lead_a",
    "lead_b",
    "reviewer",
    "outsider",
)
EVERYONE = frozenset(ROLES)
MEMBERS = frozenset(ROLES) - {"anonymous", "nobody", "outsider"}
NONE: frozenset = frozenset()

# Mirrors of the apps' role sets, in cast names. Spelled out here, not imported, so the test checks the code.
OVERSIGHT = frozenset({"chair", "scrutineer", "manager"})
ALL_AGENCY_READERS = frozenset({"chair", "scrutineer", "lead_partner", "delegated_partner", "manager"})
BOARD = ALL_AGENCY_READERS | {"board"}
PROFILE_READERS = BOARD | {"lead_a", "lead_b"}
MANAGER = frozenset({"manager"})


@dataclass(frozen=True)
class Case:
    label: str
    kwargs: dict = field(default_factory=dict)
    get: frozenset | None = NONE
    post: frozenset | None = None
    read: frozenset = NONE
    post_data: dict = field(default_factory=dict)
    public: bool = False
    relative: bool = False


def _as_outsider(roles):
    """The outsider is the other partnership's business manager: they may what a manager may, there."""
    if roles is None:
        return None
    return frozenset(roles | {"outsider"}) if "manager" in roles else frozenset(roles)


def own(label="own", kwargs=None, *, get=NONE, post=None, read=NONE, post_data=None, relative=None) -> Case:
    """Pages with no object act on the current partnership; pages with one use a home-partnership object."""
    relative = not kwargs if relative is None else relative
    if relative:
        get, post, read = _as_outsider(get), _as_outsider(post), _as_outsider(read)
    return Case(label, kwargs or {}, get, post, read | (get or NONE), post_data or {}, relative=relative)


def foreign(label="other partnership's", kwargs=None, *, get=NONE, post=None, read=NONE) -> Case:
    """An object of the other partnership: no home role reaches it; the outsider does, as its manager."""

    def only_outsider(roles):
        return None if roles is None else frozenset({"outsider"} if "manager" in roles else set())

    return Case(
        label, kwargs or {}, only_outsider(get), only_outsider(post), only_outsider(read | (get or NONE))
    )


def public(label="public", kwargs=None, *, post=False) -> Case:
    return Case(label, kwargs or {}, EVERYONE, EVERYONE if post else None, EVERYONE, public=True)


# URL names handled by third-party apps, with the reason they are outside the matrix.
EXTERNAL = {
    "admin:": "Django admin: staff only, signed in through allauth (tests/safeguarding/test_signin.py)",
    "account_": "django-allauth sign-in flows (tests/safeguarding/test_signin.py)",
    "mfa_": "django-allauth MFA flows (tests/safeguarding/test_signin.py)",
}


def _partners(w) -> dict:
    manage = {"get": MANAGER, "post": MANAGER, "read": PROFILE_READERS}
    agency_a = ALL_AGENCY_READERS | {"board", "lead_a"}
    return {
        "partners:profile": [own(get=PROFILE_READERS)],
        "partners:switch": [own(get=None, post=MEMBERS, post_data={"partnership": "home"}, relative=False)],
        "partners:area_add": [own(**manage)],
        "partners:area_edit": [
            own(kwargs={"pk": w.area_home.pk}, **manage),
            foreign(kwargs={"pk": w.area_other.pk}, **manage),
        ],
        "partners:agency_list": [own(get=PROFILE_READERS)],
        "partners:agency_export": [
            own("csv", {"fmt": "csv"}, get=PROFILE_READERS, relative=True),
            own("xlsx", {"fmt": "xlsx"}, get=PROFILE_READERS, relative=True),
        ],
        "partners:agency_add": [own(**manage)],
        "partners:agency_import": [own(**manage)],
        "partners:agency_import_confirm": [own(get=None, post=MANAGER, read=PROFILE_READERS)],
        "partners:agency_detail": [
            own("agency A", {"public_id": w.agency_a.public_id}, get=agency_a),
            own("agency B", {"public_id": w.agency_b.public_id}, get=ALL_AGENCY_READERS | {"lead_b"}),
            # A member of both partnerships: the other one's manager reaches it through their own seat.
            own("shared agency", {"public_id": w.shared.public_id}, get=ALL_AGENCY_READERS | {"outsider"}),
            foreign(kwargs={"public_id": w.foreign.public_id}, get=ALL_AGENCY_READERS),
        ],
        "partners:agency_edit": [
            own("agency A", {"public_id": w.agency_a.public_id}, get=MANAGER, post=MANAGER, read=agency_a),
            foreign(kwargs={"public_id": w.foreign.public_id}, get=MANAGER, post=MANAGER),
        ],
        "partners:membership_edit": [
            own("agency A", {"pk": w.membership_a.pk}, get=MANAGER, post=MANAGER, read=agency_a),
            foreign(kwargs={"pk": w.membership_other.pk}, get=MANAGER, post=MANAGER),
        ],
        "partners:membership_end": [
            own("agency A", {"pk": w.membership_a.pk}, get=MANAGER, post=MANAGER, read=agency_a),
            foreign(kwargs={"pk": w.membership_other.pk}, get=MANAGER, post=MANAGER),
        ],
        "partners:people": [own(get=OVERSIGHT)],
        "partners:person_invite": [own(get=MANAGER, post=MANAGER, read=OVERSIGHT)],
        "partners:role_remove": [
            own(kwargs={"pk": w.assignment_home.pk}, get=MANAGER, post=MANAGER, read=OVERSIGHT),
            foreign(kwargs={"pk": w.assignment_other.pk}, get=MANAGER, post=MANAGER),
        ],
    }


def _project(w) -> dict:
    return {
        "home": [public()],
        "accessibility": [public()],
        "healthz": [public()],
    }


def _sections():
    """This module's sections, then `section(world)` from every tests/access/policy_<app>.py."""
    import importlib
    import pkgutil

    import tests.access

    sections = [_project, _partners]
    for module in pkgutil.iter_modules(tests.access.__path__):
        if module.name.startswith("policy_"):
            sections.append(importlib.import_module(f"tests.access.{module.name}").section)
    return sections


def policies(world) -> dict[str, list[Case]]:
    registry: dict[str, list[Case]] = {}
    for section in _sections():
        for name, cases in section(world).items():
            assert name not in registry, f"{name} is registered twice"
            registry[name] = cases
    return registry


def registered_names() -> set[str]:
    """The names the registry covers, without building any objects."""

    class Anything:
        def __getattr__(self, name):
            return self

        pk = 1
        public_id = "00000000-0000-0000-0000-000000000000"

    return set(policies(Anything()))


def is_external(name: str) -> bool:
    return any(name.startswith(prefix) for prefix in EXTERNAL)
