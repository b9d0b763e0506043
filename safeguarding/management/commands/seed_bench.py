"""Load the deterministic synthetic dataset the benchmarks run on, and print its manifest.

    manage.py seed_bench --scale S --seed 1     # a tenth of a large deployment (minutes at most)
    manage.py seed_bench --scale L --seed 1     # ~150 partnerships, 5,000 agencies, 100,000 answers ...

Run it on an empty, dedicated database: it refuses to add to one that already has partnerships.
"""

import hashlib
import json
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from partners.models import Partnership
from safeguarding import benchdata
from safeguarding.apps_registry import DEMO_ORDER, modules

# Tables in the manifest, each with the expression its checksum is taken over: business columns only, so
# the checksum does not depend on sequence values or insertion timestamps.
CHECKSUM_COLUMNS = {
    "partners_partnership": "slug",
    "partners_agency": "public_id::text || name || sector",
    "partners_membership": "statutory_role || starts_on::text",
    "safeguarding_user": "email",
}


class Command(BaseCommand):
    help = "Load the synthetic benchmark dataset (deterministic for a given --seed)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["S", "L"], default="S")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--json", action="store_true", help="Print the manifest as JSON.")

    def handle(self, *args, scale: str, seed: int, **options):
        if Partnership.objects.exists():
            raise CommandError(
                "seed_bench needs an empty database (it found partnerships). Use a dedicated one."
            )
        ctx = benchdata.Context(scale=scale, seed=seed)
        started = time.perf_counter()
        benchdata.load(ctx)
        with connection.cursor() as cursor:
            # Filling the audit trail rewrote every challenge several times; clear the dead rows and gather
            # statistics, as a running deployment's autovacuum would have done.
            cursor.execute("VACUUM ANALYZE")
        manifest = build_manifest()
        manifest["scale"], manifest["seed"] = scale, seed
        manifest["seconds"] = round(time.perf_counter() - started, 1)
        if options["json"]:
            self.stdout.write(json.dumps(manifest, indent=2))
            return
        self.stdout.write(f"seed_bench scale {scale}, seed {seed}: {manifest['seconds']} s")
        for table, rows in manifest["rows"].items():
            self.stdout.write(f"  {table:<40}{rows:>12,}")
        self.stdout.write(f"  {'audit trail (all event tables)':<40}{manifest['audit_rows']:>12,}")
        self.stdout.write(f"checksum {manifest['checksum']}")


def build_manifest() -> dict:
    from django.apps import apps

    rows, digests = {}, []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            if model._meta.app_label not in {
                "partners",
                "reviews",
                "audits",
                "funding",
                "reports",
                "safeguarding",
            }:
                continue
            if table.endswith("event"):
                continue
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - table names from the models
            rows[table] = cursor.fetchone()[0]
        for table, expression in sorted(_checksum_columns().items()):
            cursor.execute(
                f"SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) FROM (SELECT {expression} AS x FROM {table}) t"  # noqa: S608,E501
            )
            digests.append(f"{table}:{cursor.fetchone()[0]}")
        audit = 0
        for model in apps.get_models():
            if model._meta.db_table.endswith("event") and hasattr(model, "pgh_obj"):
                cursor.execute(f'SELECT count(*) FROM "{model._meta.db_table}"')  # noqa: S608
                audit += cursor.fetchone()[0]
    return {
        "rows": dict(sorted(rows.items())),
        "audit_rows": audit,
        "checksum": hashlib.sha256("\n".join(digests).encode()).hexdigest()[:16],
    }


def _checksum_columns() -> dict:
    columns = dict(CHECKSUM_COLUMNS)
    for module in modules("bench_data", DEMO_ORDER):
        columns.update(getattr(module, "CHECKSUM_COLUMNS", {}))
    return columns
