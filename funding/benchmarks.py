"""Sector benchmarks for safeguarding partnership funding (../shared/DOMAIN.md §5), and the anonymised
comparison with the other partnerships hosted in this deployment.

The sector figures come from a survey of safeguarding boards' budgets for 2016-17. They are old and were
collected before the 2019 arrangements, so the pages present them as context, not as targets.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import Decimal

SECTOR_SOURCE = "Sector survey of safeguarding board budgets, 2016-17"
BUDGET_AVERAGE = Decimal("250000.00")
BUDGET_LOWEST = Decimal("74000.00")
BUDGET_HIGHEST = Decimal("682000.00")
PER_HEAD_OUTSTANDING = Decimal("1.17")
PER_HEAD_INADEQUATE = Decimal("0.69")
POLICE_PER_10K_LOWEST = Decimal("150.00")
POLICE_PER_10K_HIGHEST = Decimal("850.00")

# Below this many partnerships with figures, the deployment's minimum, median and maximum could point at
# one partnership, so they are not shown.
MIN_PARTNERSHIPS = 3

PENNY = Decimal("0.01")


@dataclass(frozen=True)
class Spread:
    """The anonymised minimum, median and maximum of one figure across the deployment's partnerships."""

    count: int
    minimum: Decimal
    median: Decimal
    maximum: Decimal


def spread(values: list[Decimal]) -> Spread | None:
    """None unless there are enough values to show without identifying any one partnership."""
    if len(values) < MIN_PARTNERSHIPS:
        return None
    ordered = sorted(values)
    median = Decimal(statistics.median(ordered)).quantize(PENNY)
    return Spread(count=len(ordered), minimum=ordered[0], median=median, maximum=ordered[-1])
