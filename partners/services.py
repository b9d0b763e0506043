"""Every change to partnership records that spans models or sends mail."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from partners.models import Agency, Membership, Partnership, RoleAssignment
from safeguarding import emails
from safeguarding.access import roles_needing_mfa
from safeguarding.models import User
from safeguarding.queue import enqueue_on_commit


@transaction.atomic
def agency_join(
    *,
    partnership: Partnership,
    name: str,
    sector: str,
    statutory_role: str,
    starts_on: datetime.date,
) -> tuple[Membership, bool]:
    """Make an agency a member, creating the agency unless one of that name exists (agencies are shared).

    Returns the membership and whether the agency was new to the portal.
    """
    agency = Agency.objects.filter(name__iexact=name.strip()).first()
    created = agency is None
    if created:
        agency = Agency.objects.create(name=name.strip(), sector=sector)
    membership = Membership.objects.create(
        partnership=partnership, agency=agency, statutory_role=statutory_role, starts_on=starts_on
    )
    return membership, created


@transaction.atomic
def membership_end(*, membership: Membership, ends_on: datetime.date) -> Membership:
    """End a membership; the roles people held for that agency in this partnership end with it."""
    membership.ends_on = ends_on
    membership.full_clean()
    membership.save(update_fields=["ends_on"])
    RoleAssignment.objects.filter(partnership=membership.partnership, agency=membership.agency).delete()
    return membership


@dataclass(frozen=True)
class InviteResult:
    assignment: RoleAssignment
    new_account: bool


@transaction.atomic
def person_invite(
    *,
    partnership: Partnership,
    full_name: str,
    email: str,
    role: str,
    agency: Agency | None,
    invited_by: User,
) -> InviteResult:
    """Give a person a role, creating their account if needed, and e-mail them (with a set-password link)."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    new_account = user is None
    if new_account:
        user = User.objects.create_user(email=email, password=None, full_name=full_name.strip())
    assignment = RoleAssignment.objects.create(user=user, partnership=partnership, role=role, agency=agency)
    from partners.tasks import send_invitation

    enqueue_on_commit(send_invitation, assignment.pk, invited_by.pk)
    return InviteResult(assignment=assignment, new_account=new_account)


def role_remove(*, assignment: RoleAssignment) -> None:
    """Takes effect on the person's next request: every request reads roles afresh."""
    assignment.delete()


def invitation_send(*, assignment_id: int, invited_by_id: int) -> None:
    """E-mail a person about their new role; people who have never set a password get a one-time link."""
    assignment = (
        RoleAssignment.objects.select_related("user", "partnership", "agency")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:  # the role was removed before the mail went out
        return
    user = assignment.user
    set_password_url = None
    if not user.has_usable_password():
        key = default_token_generator.make_token(user)
        path = reverse(
            "account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key}
        )
        set_password_url = settings.SITE_URL + path
    context = {
        "person": user,
        "invited_by": User.objects.filter(pk=invited_by_id).first(),
        "partnership": assignment.partnership,
        "role_label": assignment.get_role_display(),
        "agency": assignment.agency,
        "set_password_url": set_password_url,
        "link_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "needs_mfa": assignment.role in roles_needing_mfa(),
    }
    emails.send("invitation", context, [user.email])
