"""Request-wide pieces: session lifetimes, the current partnership, and MFA for privileged roles."""

import time
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from safeguarding.access import SESSION_KEY, build_seat, user_needs_mfa

STARTED = "portal_session_started"
LAST_SEEN = "portal_session_last_seen"
MFA_CONFIRMED = "portal_mfa_confirmed"
# Writing the session on every request costs a query; a minute's precision is plenty for an idle timeout.
LAST_SEEN_GRANULARITY = 60


class SessionLifetimeMiddleware:
    """Ends a session after SESSION_IDLE_TIMEOUT of inactivity or SESSION_ABSOLUTE_LIFETIME in all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.get(STARTED, now)
            last_seen = request.session.get(LAST_SEEN, now)
            idle = now - last_seen > settings.SESSION_IDLE_TIMEOUT
            too_old = now - started > settings.SESSION_ABSOLUTE_LIFETIME
            if idle or too_old:
                logout(request)
                messages.info(
                    request,
                    "You were signed out after a period of inactivity."
                    if idle
                    else "You were signed out because your session reached its maximum length.",
                )
                query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
                return redirect(reverse("account_login") + (f"?{query}" if query else ""))
            if STARTED not in request.session:
                request.session[STARTED] = now
            if now - last_seen >= LAST_SEEN_GRANULARITY or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


class CurrentPartnershipMiddleware:
    """Attaches `request.seat`: the partnership being looked at and the roles held in it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.session.get(SESSION_KEY) if request.user.is_authenticated else None
        request.seat = build_seat(request.user, chosen)
        return self.get_response(request)


class RequireMfaMiddleware:
    """Sends holders of privileged roles to set up an authenticator app before anything else."""

    ALLOWED_PREFIXES = ("/accounts/2fa/", "/accounts/logout/", "/accounts/reauthenticate/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.session.get(MFA_CONFIRMED)
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and user_needs_mfa(user, request.seat)
        ):
            if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                # Removing the authenticator is refused for these users (safeguarding.accounts), so once seen
                # it can be trusted for the rest of the session.
                request.session[MFA_CONFIRMED] = True
            else:
                messages.warning(
                    request, "Your role needs two-factor authentication. Set up an authenticator app."
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
