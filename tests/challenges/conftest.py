import datetime

import pytest

from partners import challenge_links
from partners.models import Agency
from safeguarding.access import Seat

# Thursday 26 November 2026: three working days on is Tuesday 1 December.
TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC), tick=False)
    return TODAY


@pytest.fixture
def agency_link_kind():
    """A kind of record registered the way later apps register theirs: here, member agencies' pages."""

    def visible(seat: Seat, user, agency) -> bool:
        return seat.is_oversight

    kind = challenge_links.LinkKind(
        key="tests.agency",
        label="Agency page",
        choices=lambda partnership: [
            (str(a.public_id), a.name) for a in Agency.objects.filter(memberships__partnership=partnership)
        ],
        resolve=lambda partnership, ref: Agency.objects.filter(
            memberships__partnership=partnership, public_id=ref
        ).first(),
        title=lambda agency: agency.name,
        url=lambda agency: f"/partners/agencies/{agency.public_id}/",
        visible=visible,
    )
    challenge_links.register(kind)
    yield kind
    challenge_links.unregister(kind.key)
