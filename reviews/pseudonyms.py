"""Keeping identifying details out of case review records.

The portal holds no case-file content: subjects are known by a pseudonym ("Child A", "Family B") and free
text must not carry names or dates of birth. Names cannot be recognised reliably, so the forms say so plainly;
what can be recognised (a pseudonym's shape, a full date, a date of birth) is checked here.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# "Child A", "Children B and C", "Family D", "Young person E", "Siblings F, G and H", "Baby J".
PSEUDONYM_PATTERN = (
    r"^(Child|Children|Baby|Young person|Young people|Family|Sibling|Siblings|Adult) "
    r"[A-Z]{1,3}((, | and | & )[A-Z]{1,3})*$"
)
PSEUDONYM_HELP = (
    "A pseudonym only, such as Child A, Children B and C or Family D: never a name, initials that could "
    "identify someone, or a date of birth."
)
_PSEUDONYM = re.compile(PSEUDONYM_PATTERN)
# A full date (12/03/2019, 12-3-19, 2019-03-12) or any mention of a date of birth.
_FULL_DATE = re.compile(r"\b(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})\b")
_BIRTH = re.compile(r"\b(d\.?o\.?b\.?|date of birth|born on)\b", re.IGNORECASE)


def validate_pseudonym(value: str) -> None:
    if not _PSEUDONYM.match(value or ""):
        raise ValidationError(
            "Enter a pseudonym such as Child A, Children B and C or Family D (capital letters only after "
            "the word).",
            code="pseudonym",
        )


def validate_no_date_of_birth(value: str) -> None:
    """Free text anywhere in the tracker: refuse anything recorded as a date of birth."""
    if _BIRTH.search(value or ""):
        raise ValidationError(
            "Remove the date of birth: the portal holds no dates of birth.", code="date_of_birth"
        )


def validate_no_identifiers(value: str) -> None:
    """Free text about a case: refuse dates of birth and any full date (months and years are fine).

    Stricter than the tracker's rule, where actions are routinely due "by 31/03/2027": a case review's full
    dates of events can identify a child, and a date of birth may hide among them.
    """
    validate_no_date_of_birth(value)
    if _FULL_DATE.search(value or ""):
        raise ValidationError(
            "Write dates as a month and year (for example March 2024), not a full date, so no date of birth "
            "or identifying date is recorded.",
            code="full_date",
        )
