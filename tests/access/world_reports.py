from django.utils import timezone

from tests.reports.factories import make_report, make_version


def build(w) -> None:
    w.report_home = make_report(w.home)
    w.section_home = w.report_home.sections.get(kind="foreword")
    w.version_home = make_version(w.report_home, w.manager)
    w.job_home = w.version_home.job
    w.report_other = make_report(w.other)
    w.section_other = w.report_other.sections.get(kind="foreword")
    w.version_other = make_version(w.report_other, w.outsider)
    w.job_other = w.version_other.job
    w.published_home = make_report(
        w.home,
        title="Published report",
        start=w.report_home.period_start.replace(year=w.report_home.period_start.year - 1),
    )
    version = make_version(w.published_home, w.manager)
    w.published_home.published_version, w.published_home.published_at = version, timezone.now()
    w.published_home.save()
