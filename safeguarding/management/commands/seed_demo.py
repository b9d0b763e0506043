"""Load the demo partnerships, agencies and one person per role. Safe to run again: it updates in place."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from safeguarding import demo
from safeguarding.apps_registry import DEMO_ORDER, hooks
from safeguarding.devstack import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Load demo data (refused unless DEBUG is on: demo sign-ins have published passwords)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--print-sign-ins", action="store_true", help="Print the demo sign-ins afterwards."
        )

    def handle(self, *args, print_sign_ins: bool = False, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: demo accounts have published passwords."
            )
        from partners import demo as partners_demo

        with transaction.atomic():
            partnerships = partners_demo.seed()
            sign_ins = demo.seed(partnerships)
            for seed_records in hooks("demo", "seed_records", DEMO_ORDER):
                seed_records(partnerships)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {len(sign_ins)} demo people."))
        if print_sign_ins:
            self._print(sign_ins)

    def _print(self, sign_ins: list[dict]) -> None:
        write = self.stdout.write
        write("")
        write(f"Demo sign-ins (every password: {demo.DEMO_PASSWORD})")
        for person in sign_ins:
            mfa = "  [TOTP]" if person["mfa"] else ""
            write(f"  {person['email']:<38} {person['roles']}{mfa}")
        write("")
        write(
            "People marked [TOTP] are asked for a code from an authenticator app set up with the demo secret"
        )
        write(f"  {DEMO_TOTP_SECRET}")
        write(
            "(add it to any authenticator app as a time-based key, or run: python -m safeguarding.totp_code)"
        )
