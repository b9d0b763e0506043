"""django-allauth adapters: no public sign-up, and no removing the authenticator a role requires."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

from safeguarding.access import user_needs_mfa


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # People join by invitation from their partnership's business manager.
        return False


class MfaAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type == Authenticator.Type.TOTP and user_needs_mfa(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
