"""The challenge log's part of `manage.py bench`: the sweep it times is the daily sweep of the seeded day."""

import datetime

import pytest
from django.db import connection

from partners import bench_data
from partners.models import Partnership
from safeguarding import benchdata
from safeguarding.models import Reminder


@pytest.mark.django_db
def test_the_bench_sweeps_the_seeded_day_whatever_the_clock_says(time_machine):
    ctx = benchdata.Context(scale="S", seed=1)
    ctx.sizes.update(partnerships=3, agencies=40, open_challenges=600)
    benchdata.seed(ctx)
    bench_data.seed(ctx)
    # Weeks after seeding, the wall clock would find most challenges overdue.
    time_machine.move_to(datetime.datetime(2026, 12, 20, 9, 0, tzinfo=datetime.UTC), tick=False)
    sweep = bench_data.sweeps(Partnership.objects.first())[0]
    with connection.cursor() as cursor:
        cursor.execute(sweep["bare_update"])
        assert cursor.rowcount == sweep["rows"] > 0
    sweep["run"]()
    due_dates = set(Reminder.objects.values_list("due_on", flat=True))
    assert due_dates, "challenges due around the seeded day are reminded"
    assert max(due_dates) <= benchdata.TODAY + datetime.timedelta(days=7)
