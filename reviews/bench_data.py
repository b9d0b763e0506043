"""Benchmark data for case reviews and the improvement tracker: thousands of reviews and tens of thousands of
actions at scale L, with the review detail, the tracker and the daily sweep to measure."""

from __future__ import annotations

import datetime

from django.urls import reverse

from reviews.models import Action, Recommendation, Review, Theme
from reviews.services import reminders_sweep
from safeguarding.calendar import add_working_days
from safeguarding.roles import Role

TABLES = ["reviews_review", "reviews_recommendation", "reviews_action"]
CHECKSUM_COLUMNS = {
    "reviews_review": "public_id::text || reference || subject || stage",
    "reviews_action": "public_id::text || status || due_on::text",
}
BATCH = 5000
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def seed(ctx) -> None:
    rng, today = ctx.rng, ctx.today
    per_partnership = max(1, ctx.sizes["reviews"] // len(ctx.partnerships))
    reviews = []
    for partnership in ctx.partnerships:
        for number in range(1, per_partnership + 1):
            aware = today - datetime.timedelta(days=rng.randrange(3, 900))
            notified = add_working_days(aware, rng.randrange(1, 7))
            finished = aware < today - datetime.timedelta(days=60)
            reviews.append(
                Review(
                    public_id=ctx.uuid(),
                    partnership=partnership,
                    kind=Review.Kind.SERIOUS_INCIDENT,
                    reference=f"RR-{number:04d}",
                    subject=f"Child {LETTERS[number % len(LETTERS)]}{LETTERS[(number // 23) % len(LETTERS)]}",
                    summary="Rapid review following a serious incident; learning about information sharing.",
                    aware_on=aware,
                    notified_on=notified,
                    rapid_review_completed_on=add_working_days(notified, 14) if finished else None,
                    decision=Review.Decision.NONE if finished else "",
                    decision_rationale="The rapid review identified the learning; no further review."
                    if finished
                    else "",
                    stage=Review.Stage.CLOSED if finished else Review.Stage.RAPID_REVIEW,
                    closed_on=add_working_days(notified, 20) if finished else None,
                    next_due_on=None if finished else add_working_days(notified, 15),
                    next_clock="" if finished else "rapid_review",
                )
            )
    reviews = Review.objects.bulk_create(reviews, batch_size=BATCH)
    themes = list(Theme.objects.filter(partnership__isnull=True).order_by("pk"))
    per_review = max(1, ctx.sizes["actions"] // max(1, len(reviews)) // 2)
    recommendations = []
    for review in reviews:
        for number in range(1, per_review + 1):
            recommendations.append(
                Recommendation(
                    public_id=ctx.uuid(),
                    partnership_id=review.partnership_id,
                    source_kind=Recommendation.SourceKind.REVIEW,
                    source_label=review.reference,
                    review=review,
                    reference=str(number),
                    text="Partners should make sure that information known to one agency reaches the "
                    "strategy discussion.",
                    made_on=review.aware_on,
                )
            )
    recommendations = Recommendation.objects.bulk_create(recommendations, batch_size=BATCH)
    through = Recommendation.themes.through
    through.objects.bulk_create(
        [
            through(recommendation_id=r.pk, theme_id=themes[i % len(themes)].pk)
            for i, r in enumerate(recommendations)
        ],
        batch_size=BATCH,
    )
    actions = []
    for recommendation in recommendations:
        members = ctx.members[recommendation.partnership_id]
        for _ in range(2):
            due = today + datetime.timedelta(days=rng.randrange(-200, 300))
            complete = due < today and rng.random() < 0.6
            actions.append(
                Action(
                    public_id=ctx.uuid(),
                    partnership_id=recommendation.partnership_id,
                    recommendation=recommendation,
                    description="Update the information-sharing protocol and brief practitioners.",
                    owner_agency_id=members[rng.randrange(len(members))],
                    due_on=due,
                    status=Action.Status.COMPLETE
                    if complete
                    else rng.choice([Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS]),
                    completed_on=due if complete else None,
                    impact_statement="Audit shows the protocol in use." if complete else "",
                    impact_measure="Case file audit, 12 of 15 cases" if complete else "",
                )
            )
    Action.objects.bulk_create(actions, batch_size=BATCH)
    _record_reminders_already_sent(ctx)


def _record_reminders_already_sent(ctx) -> None:
    """A running deployment has swept every day before today: the reminders due yesterday are on record as
    sent, so the benchmark's sweep on the seeded day sends what falls due that day, not months of backlog."""
    from reviews import services
    from safeguarding.models import Reminder

    yesterday = ctx.today - datetime.timedelta(days=1)
    sent_at = datetime.datetime.combine(yesterday, datetime.time(7), tzinfo=datetime.UTC)
    rows = services._clock_due_rows(yesterday).union(services._action_due_rows(yesterday), all=True)
    Reminder.objects.bulk_create(
        (
            Reminder(
                kind=kind,
                subject_key=subject_key,
                stage=stage,
                recipient_id=recipient_id,
                due_on=due_on,
                state=Reminder.State.SENT,
                claimed_at=sent_at,
                sent_at=sent_at,
            )
            for kind, subject_key, stage, recipient_id, due_on in rows
        ),
        batch_size=BATCH,
        ignore_conflicts=True,
    )


def pages(partnership, people) -> list[dict]:
    review = Review.objects.filter(partnership=partnership, closed_on__isnull=True).order_by("pk").first()
    if review is None:
        return []
    manager = people.get(Role.BUSINESS_MANAGER)
    return [
        {
            "label": "case review detail",
            "user": manager,
            "url": reverse("reviews:detail", kwargs={"public_id": review.public_id}),
        },
        {"label": "case reviews list", "user": manager, "url": reverse("reviews:list")},
        {"label": "improvement tracker", "user": people.get(Role.CHAIR), "url": reverse("reviews:tracker")},
    ]


def sweeps(partnership) -> list[dict]:
    from django.test.utils import override_settings

    from safeguarding.benchdata import TODAY

    rows = (
        Action.objects.exclude(status__in=["complete", "withdrawn"]).count()
        + Review.objects.filter(closed_on__isnull=True).count()
    )

    def run() -> None:
        # The seeded "today", as the other sweeps use: the data's due dates are laid out around it.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            reminders_sweep(today=TODAY)

    return [
        {
            "label": "review clocks and action reminders",
            "rows": rows,
            "run": run,
            "bare_update": "UPDATE reviews_action SET version = version "
            "WHERE status NOT IN ('complete', 'withdrawn')",
            "max_queries": 40,
        }
    ]
