"""Offer section 11 returns as records a challenge can be about (partners/challenge_links.py)."""

from __future__ import annotations

import uuid

from django.http import Http404
from django.urls import reverse

from audits.models import Return

KEY = "audits.return"


def _choices(partnership) -> list[tuple[str, str]]:
    returns = (
        Return.objects.visible_in(partnership)
        .exclude(status=Return.Status.DRAFT)
        .select_related("agency", "cycle")
        .order_by("-cycle__opens_on", "agency__name")
    )
    return [(str(r.public_id), f"{r.agency.name}: {r.cycle.name}") for r in returns]


def _resolve(partnership, ref: str):
    try:
        public_id = uuid.UUID(ref)
    except ValueError:
        return None
    return (
        Return.objects.visible_in(partnership)
        .select_related("agency", "cycle")
        .filter(public_id=public_id)
        .first()
    )


def _visible(seat, user, record) -> bool:
    from audits import access

    try:
        access.get_return_for_user(seat, user, record.public_id)
    except Http404:
        return False
    return True


def register() -> None:
    from partners import challenge_links

    challenge_links.register(
        challenge_links.LinkKind(
            key=KEY,
            label="Section 11 return",
            choices=_choices,
            resolve=_resolve,
            title=lambda r: f"{r.agency.name}: {r.cycle.name}",
            url=lambda r: reverse("audits:return_detail", kwargs={"public_id": r.public_id}),
            visible=_visible,
        )
    )
