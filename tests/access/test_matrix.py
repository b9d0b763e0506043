"""Every URL x every role x own / other-partnership / other-agency objects x GET and POST."""

import pghistory.models
import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import policies as registry
from tests.access.world import build

LOGIN = "/accounts/login/"


def url_names(resolver=None, namespace="") -> set[str]:
    """Every named URL pattern, with its namespace, from the root URL conf down."""
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def missing_policies(names: set[str]) -> set[str]:
    return {n for n in names if not registry.is_external(n)} - registry.registered_names()


def test_every_url_has_a_policy():
    assert missing_policies(url_names()) == set()


def test_a_url_without_a_policy_is_caught():
    from django.urls import include, path

    from safeguarding.views import accessibility

    extra = type(
        "urls", (), {"urlpatterns": [path("x/", include(([path("y/", accessibility, name="new")], "zz")))]}
    )
    from django.urls.resolvers import RegexPattern
    from django.urls.resolvers import URLResolver as Resolver

    resolver = Resolver(RegexPattern(r"^/"), extra)
    assert missing_policies(url_names() | url_names(resolver)) == {"zz:new"}


def test_registry_names_exist():
    """A policy for a URL that no longer exists is a sign the registry has drifted."""
    assert registry.registered_names() - url_names() == set()


def expected(case: registry.Case, role: str, method: str) -> str:
    allowed = case.get if method == "GET" else case.post
    if allowed is None:
        return "405"
    if case.public:
        return "ok" if role in allowed else "404"
    if role == "anonymous":
        return "login"
    if role in allowed:
        return "ok"
    if role in case.read:
        return "403"
    return "404"


def observed(response) -> str:
    status = response.status_code
    location = response.get("Location", "")
    if status == 302 and location.startswith(LOGIN):
        return "login"
    if status == 302 and "/2fa/" in location:
        return "mfa"
    if status in {200, 201, 302}:
        return "ok"
    return str(status)


def _client(world, role):
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


@pytest.fixture
def world(cast):
    return build(cast)


def _names():
    return sorted(registry.registered_names())


@pytest.mark.parametrize("name", _names())
@pytest.mark.django_db
def test_matrix(name, world):
    cases = registry.policies(world)[name]
    clients = {role: _client(world, role) for role in registry.ROLES}
    events_before = pghistory.models.Events.objects.count()
    failures = []
    for case in cases:
        url = reverse(name, kwargs=case.kwargs)
        for role in registry.ROLES:
            for method in ("GET", "POST"):
                want = expected(case, role, method)
                with transaction.atomic():
                    if method == "GET":
                        response = clients[role].get(url)
                    else:
                        response = clients[role].post(url, case.post_data)
                    transaction.set_rollback(True)
                got = observed(response)
                if got != want:
                    failures.append(f"{case.label} {method} as {role}: expected {want}, got {got}")
    assert failures == [], f"{name}:\n  " + "\n  ".join(failures)
    assert pghistory.models.Events.objects.count() == events_before


@pytest.mark.django_db
def test_get_never_changes_data(world):
    """GET every URL as every role: the audit trail (which sees every write) must not grow."""
    before = pghistory.models.Events.objects.count()
    for name, cases in registry.policies(world).items():
        for case in cases:
            url = reverse(name, kwargs=case.kwargs)
            for role in registry.ROLES:
                _client(world, role).get(url)
    assert pghistory.models.Events.objects.count() == before
