"""Print how long the yearly report takes to render, with its pages and peak memory, beside WeasyPrint's floor
(plain text of the same page count) measured in the same run. A benchmark, not a test: it prints figures."""

import json

from django.core.management.base import BaseCommand, CommandError

from reports.bench import measure
from reports.models import YearlyReport

TARGET_RATIO = 3.0
TARGET_PEAK_MB = 400


class Command(BaseCommand):
    help = "Measure the yearly report's PDF render against WeasyPrint's plain-text floor."

    def add_arguments(self, parser):
        parser.add_argument("--partnership", default="three-rivers", help="Slug of the partnership.")
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")

    def handle(self, *args, partnership: str, **options):
        report = YearlyReport.objects.filter(partnership__slug=partnership).order_by("-period_start").first()
        if report is None:
            raise CommandError(f"No yearly report for {partnership}: run seed_demo (DEBUG) or start one.")
        result = measure(report.pk)
        rows = [result["report"], result["floor"]]
        verdict = "pass" if result["ratio"] <= TARGET_RATIO and rows[0].peak_mb <= TARGET_PEAK_MB else "miss"
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "report": vars(rows[0]),
                        "floor": vars(rows[1]),
                        "ratio": round(result["ratio"], 2),
                        "target_ratio": TARGET_RATIO,
                        "target_peak_mb": TARGET_PEAK_MB,
                        "verdict": verdict,
                    }
                )
            )
            return
        self.stdout.write(f"{'render':<18}{'seconds':>9}{'pages':>7}{'peak MB':>9}")
        for row in rows:
            self.stdout.write(f"{row.label:<18}{row.seconds:>9.2f}{row.pages:>7}{row.peak_mb:>9.0f}")
        self.stdout.write(
            f"ratio {result['ratio']:.2f}x the floor "
            f"(target <= {TARGET_RATIO:.0f}x, peak <= {TARGET_PEAK_MB} MB): {verdict}"
        )
