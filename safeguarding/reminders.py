"""Exactly-once reminders for the daily sweeps (challenges, reviews, section 11 returns, funding, reports).

A sweep (1) finds what is due with one query, (2) claims it with `claim`, which inserts a Reminder row per
(kind, record, stage, recipient) and returns only the rows this call inserted, and (3) sends those and marks
them sent. Two sweeps running at once, or one run twice, insert each row once, so each e-mail goes once.
Claims are committed before anything is sent: after a crash the unsent rows stay `claimed` and are reported.

Where the stage and recipients can be worked out in SQL, `claim_query` does (1) and (2) in one
INSERT ... SELECT: a daily sweep recomputes every reminder already sent (an action overdue since spring is
"due" its overdue reminder every day), and leaving those rows in the database costs a fraction of bringing
them into Python and sending them back.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField, Expression, F, Func, Model, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from psycopg2.extras import execute_values

from safeguarding.models import Reminder

logger = logging.getLogger(__name__)
BATCH = 5000


@dataclass(frozen=True)
class Due:
    kind: str
    subject_key: str
    recipient_id: int
    stage: str = ""
    due_on: datetime.date | None = None


def subject_key(obj_or_label, pk=None) -> str:
    """'partners.challenge:42' for a model instance, or for a model label and a primary key."""
    if isinstance(obj_or_label, Model):
        return f"{obj_or_label._meta.label_lower}:{obj_or_label.pk}"
    return f"{obj_or_label.lower()}:{pk}"


def claim(dues: Iterable[Due]) -> list[Reminder]:
    """Insert a row for each due reminder not already recorded; return the ones this call inserted.

    Runs in its own committed transaction (a few statements however many rows), so a crash after it can
    never lead to a second e-mail.
    """
    rows = list({(d.kind, d.subject_key, d.stage, d.recipient_id): d for d in dues}.values())
    if not rows:
        return []
    # The table name comes from the model, never from input.
    sql = (
        f"INSERT INTO {Reminder._meta.db_table} "  # noqa: S608
        "(kind, subject_key, stage, recipient_id, due_on, state, claimed_at, error) VALUES %s "
        "ON CONFLICT (kind, subject_key, stage, recipient_id) DO NOTHING RETURNING id"
    )
    now = timezone.now()
    claimed_ids: list[int] = []
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            inserted = execute_values(
                cursor,
                sql,
                [
                    (d.kind, d.subject_key, d.stage, d.recipient_id, d.due_on, "claimed", now, "")
                    for d in batch
                ],
                page_size=BATCH,
                fetch=True,
            )
            claimed_ids += [row[0] for row in inserted]
    return _claimed(claimed_ids)


def due_rows(
    queryset: QuerySet,
    *,
    kind: str | Expression,
    stage: str | Expression,
    recipient: str,
    due_on: str = "due_on",
) -> QuerySet:
    """The reminders `queryset`'s records are due, as SQL: a (kind, subject_key, stage, recipient_id,
    due_on) row per record and recipient, for `claim_query`, or to read.

    `kind` and `stage` are strings or expressions; `recipient` and `due_on` are lookups from the record.
    """
    label = queryset.model._meta.label_lower
    as_text = CharField()
    return (
        queryset.order_by()
        .annotate(
            reminder_kind=kind if isinstance(kind, Expression) else Value(kind, output_field=as_text),
            reminder_subject=Concat(Value(f"{label}:"), Cast("pk", as_text), output_field=as_text),
            reminder_stage=stage if isinstance(stage, Expression) else Value(stage, output_field=as_text),
            reminder_recipient=F(recipient),
            reminder_due_on=F(due_on),
        )
        .values_list(
            "reminder_kind", "reminder_subject", "reminder_stage", "reminder_recipient", "reminder_due_on"
        )
    )


def iso_date(lookup: str) -> Func:
    """A date column as text the way Python prints a date (2026-11-02), for stages that name their date."""
    return Func(F(lookup), Value("YYYY-MM-DD"), function="to_char", output_field=CharField())


def claim_query(rows: QuerySet) -> list[Reminder]:
    """`claim` for reminders computed in SQL by `due_rows`: one INSERT ... SELECT, however many rows.

    The same exactly-once guarantee: the unique constraint decides, concurrent sweeps wait on each other's
    uncommitted rows, and only the rows this call inserted come back to be sent.
    """
    select, params = rows.query.sql_with_params()
    # The table name comes from the model and the SELECT from the ORM, with its values as parameters.
    sql = (
        f"INSERT INTO {Reminder._meta.db_table} "  # noqa: S608
        "(kind, subject_key, stage, recipient_id, due_on, state, claimed_at, error) "
        "SELECT due.*, %s, %s, %s "
        f"FROM ({select}) AS due(kind, subject_key, stage, recipient_id, due_on) "
        "ON CONFLICT (kind, subject_key, stage, recipient_id) DO NOTHING RETURNING id"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, (Reminder.State.CLAIMED, timezone.now(), "", *params))
        claimed_ids = [row[0] for row in cursor.fetchall()]
    return _claimed(claimed_ids)


def _claimed(ids: list[int]) -> list[Reminder]:
    if not ids:
        return []
    return list(Reminder.objects.filter(pk__in=ids).select_related("recipient").order_by("pk"))


def link_to(view_name: str) -> Callable[[uuid.UUID], str]:
    """The absolute link to `view_name` (a page found by its `public_id`) for any record, reversed once: a
    sweep sending thousands of reminders would otherwise spend a tenth of its time resolving the same URL."""
    marker = uuid.UUID(int=0)
    url = settings.SITE_URL + reverse(view_name, kwargs={"public_id": marker})
    before, after = url.split(str(marker))
    return lambda public_id: f"{before}{public_id}{after}"


def deliver(reminders: list[Reminder], send_one: Callable[[Reminder], None]) -> tuple[int, int]:
    """Send each claimed reminder with `send_one`; record which went and which failed: (sent, failed)."""
    sent_ids, failed = [], 0
    for reminder in reminders:
        try:
            send_one(reminder)
        except Exception as error:  # one bad address must not stop the others
            logger.exception("Reminder %s could not be sent", reminder.pk)
            Reminder.objects.filter(pk=reminder.pk).update(
                state=Reminder.State.FAILED, error=str(error)[:500]
            )
            failed += 1
        else:
            sent_ids.append(reminder.pk)
    if sent_ids:
        Reminder.objects.filter(pk__in=sent_ids).update(state=Reminder.State.SENT, sent_at=timezone.now())
    return len(sent_ids), failed


# A claim still unsent after this long belongs to a sweep that died: people are told to check by hand.
UNCONFIRMED_AFTER = datetime.timedelta(hours=1)


def unconfirmed(older_than: datetime.timedelta = UNCONFIRMED_AFTER):
    """Claims never confirmed sent (a sweep died between claiming and sending): for people to check."""
    return Reminder.objects.filter(state=Reminder.State.CLAIMED, claimed_at__lt=timezone.now() - older_than)


def sent_for(obj) -> list[Reminder]:
    """The reminders recorded for one record, for its page."""
    return list(
        Reminder.objects.filter(subject_key=subject_key(obj))
        .select_related("recipient")
        .order_by("claimed_at")
    )
