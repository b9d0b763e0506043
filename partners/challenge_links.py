"""The record a challenge is about: a generic link other apps fill in by registering a kind of record.

A challenge stores the link as (kind, ref), for example ("audits.return", "<uuid>"), so the challenge log
does not depend on apps that may not exist. An app offers its records by registering a `LinkKind`, usually
in its AppConfig.ready():

    from partners import challenge_links
    challenge_links.register(challenge_links.LinkKind(key="audits.return", label="Section 11 return", ...))

The raise form lists the kinds registered; validation asks the kind whether the reference names a record of
the challenge's partnership; the challenge's page shows the record as a link when it still exists and the
viewer may open it, and as plain text otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from safeguarding.access import Seat


@dataclass(frozen=True)
class LinkKind:
    key: str
    label: str
    # (partnership) -> [(ref, title)]: the records a challenge raised in the partnership may point at.
    choices: Callable[[object], list[tuple[str, str]]]
    # (partnership, ref) -> the record, or None when the reference names nothing in that partnership.
    resolve: Callable[[object, str], object | None]
    title: Callable[[object], str]
    url: Callable[[object], str]
    # (seat, user, record) -> whether the person may open the record's page.
    visible: Callable[[Seat, object, object], bool]


_KINDS: dict[str, LinkKind] = {}


def register(kind: LinkKind) -> None:
    """Offer a kind of record to link challenges to. Registering a key again replaces the earlier entry."""
    _KINDS[kind.key] = kind


def unregister(key: str) -> None:
    _KINDS.pop(key, None)


def kinds() -> list[LinkKind]:
    return sorted(_KINDS.values(), key=lambda k: k.label)


def grouped_choices(partnership) -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices for a select with one group per kind; each value is "<kind>|<ref>"."""
    groups = []
    for kind in kinds():
        options = [(f"{kind.key}|{ref}", title) for ref, title in kind.choices(partnership)]
        if options:
            groups.append((kind.label, options))
    return groups


def validate(partnership, key: str, ref: str) -> str | None:
    """None when (key, ref) names a record of the partnership; otherwise what is wrong, for the form."""
    kind = _KINDS.get(key)
    if kind is None:
        return "Choose a kind of record the portal knows about."
    if not ref or kind.resolve(partnership, ref) is None:
        return f"There is no such {kind.label.lower()} in this partnership."
    return None


@dataclass(frozen=True)
class ShownLink:
    label: str
    title: str
    url: str | None


def describe(seat: Seat, user, challenge) -> ShownLink | None:
    """How the challenge's linked record shows to this person: a link only when they may open it."""
    if not challenge.link_kind:
        return None
    kind = _KINDS.get(challenge.link_kind)
    if kind is None:
        return ShownLink(label=challenge.link_kind, title="A record the portal no longer offers", url=None)
    record = kind.resolve(challenge.partnership, challenge.link_ref)
    if record is None:
        return ShownLink(label=kind.label, title="The record no longer exists", url=None)
    if not kind.visible(seat, user, record):
        return ShownLink(label=kind.label, title="A record you do not have access to", url=None)
    return ShownLink(label=kind.label, title=kind.title(record), url=kind.url(record))
