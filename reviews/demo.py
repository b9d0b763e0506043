"""Demo case reviews and tracker records for the demo partnerships. Used by `seed_demo` only; safe to rerun.

Dates are set relative to today, so the statutory clocks always show something live: a notification due
soon, a rapid review part-way through, an LCSPR within its six months, published reviews whose actions are
partly done (some with evidenced impact), and a legacy serious case review with overdue actions.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from guardian.shortcuts import assign_perm

from partners.models import Agency
from reviews import services
from reviews.models import VIEW_REVIEW, Action, Recommendation, Review, Theme
from reviews.uploads import TEXT
from safeguarding.calendar import add_months, add_working_days
from safeguarding.models import User

D = datetime.timedelta


def _review(partnership, reference, **fields) -> Review:
    existing = Review.objects.filter(partnership=partnership, reference=reference).first()
    return existing or services.review_create(
        partnership=partnership, created_by=None, reference=reference, **fields
    )


def _recommendation(review: Review, reference: str, text: str, themes: list[str], made_on) -> Recommendation:
    existing = review.recommendations.filter(reference=reference).first()
    if existing:
        return existing
    return services.recommendation_create(
        partnership=review.partnership,
        source_kind=Recommendation.SourceKind.REVIEW,
        source_label=f"{review.get_kind_display()} {review.reference}",
        review=review,
        reference=reference,
        text=text,
        themes=Theme.objects.for_partnership(review.partnership).filter(name__in=themes),
        made_on=made_on,
    )


def _action(recommendation, agency_name, description, due_on, *, done_on=None, impact=None, progress=""):
    action = recommendation.actions.filter(description=description).first()
    if action is None:
        action = services.action_create(
            recommendation=recommendation,
            owner_agency=Agency.objects.get(name=agency_name),
            description=description,
            due_on=due_on,
        )
    if done_on and action.status != Action.Status.COMPLETE:
        statement, measure = impact or ("", "")
        action = services.action_record_progress(
            action=action,
            expected_version=action.version,
            status=Action.Status.COMPLETE,
            completed_on=done_on,
            progress_note=progress or "Completed and reported to the partnership's learning subgroup.",
            impact_statement=statement,
            impact_measure=measure,
        )
        if impact and not action.evidence.exists():
            upload = ContentFile(
                f"Evidence of completion\n\n{description}\n\nResult: {measure}\n".encode(),
                name="evidence-summary.txt",
            )
            services.evidence_add(
                action=action,
                upload=upload,
                file_type=TEXT,
                description="Summary of the audit that measured the impact",
                uploaded_by=None,
            )
    elif progress and not action.progress_note:
        action = services.action_record_progress(
            action=action,
            expected_version=action.version,
            status=Action.Status.IN_PROGRESS,
            completed_on=None,
            progress_note=progress,
            impact_statement="",
            impact_measure="",
        )
    return action


def _three_rivers(partnership, today):
    wd = add_working_days
    _review(
        partnership,
        "TR-2026-04",
        kind=Review.Kind.SERIOUS_INCIDENT,
        subject="Child P",
        aware_on=wd(today, -3),
        summary="A baby was admitted to hospital with an unexplained injury. Notification is being prepared.",
    )
    rapid = _review(
        partnership,
        "TR-2026-02",
        kind=Review.Kind.SERIOUS_INCIDENT,
        subject="Children K and L",
        aware_on=wd(today, -12),
        notified_on=wd(today, -9),
        summary="Two siblings were found living in neglectful conditions after missing school for a term.",
        details="Known to early help; school attendance concerns were raised twice before the incident.",
    )
    decided_on = add_months(today, -4)
    origin = _review(
        partnership,
        "TR-2025-07",
        kind=Review.Kind.SERIOUS_INCIDENT,
        subject="Young person M",
        aware_on=wd(decided_on, -21),
        notified_on=wd(decided_on, -17),
        rapid_review_completed_on=decided_on,
        decision=Review.Decision.LCSPR,
        rapid_review_delay_reason="Two agencies' chronologies arrived late; the Panel agreed an extension.",
        decision_rationale="The criteria for a local review are met: agencies' joint working on criminal "
        "exploitation could have been better and there is learning for the whole partnership.",
        summary="A 15-year-old was seriously harmed while being criminally exploited.",
    )
    lcspr = Review.objects.filter(origin=origin).first() or services.review_create(
        partnership=partnership,
        created_by=None,
        kind=Review.Kind.LCSPR,
        reference="TR-2025-07-LCSPR",
        subject="Young person M",
        origin=origin,
        commissioned_on=decided_on,
        summary="A 15-year-old was seriously harmed while being criminally exploited. The review looks at "
        "how agencies recognised exploitation and shared information across borders.",
    )
    published = _review(
        partnership,
        "TR-2024-03",
        kind=Review.Kind.LCSPR,
        subject="Child J",
        commissioned_on=datetime.date(2024, 2, 12),
        final_report_on=datetime.date(2024, 8, 2),
        publication_planned_on=datetime.date(2024, 10, 1),
        panel_sent_on=datetime.date(2024, 9, 18),
        published_on=datetime.date(2024, 10, 1),
        summary="A toddler died after long-term neglect. Agencies saw parts of the picture but nobody held "
        "the whole chronology, and the impact of parental mental ill-health was underestimated.",
    )
    scr = _review(
        partnership,
        "TR-SCR-2018-01",
        kind=Review.Kind.SCR,
        subject="Family D",
        commissioned_on=datetime.date(2018, 3, 5),
        final_report_on=datetime.date(2018, 11, 30),
        published_on=datetime.date(2019, 1, 15),
        summary="Legacy serious case review: domestic abuse and neglect in a family with five children.",
    )
    reviewer = User.objects.filter(email="reviewer@demo.example.org").first()
    if reviewer is not None:
        for review in (rapid, lcspr):
            assign_perm(VIEW_REVIEW, reviewer, review)

    rec = _recommendation(
        published,
        "1",
        "Every agency working with a family where neglect is suspected keeps a chronology and shares it at "
        "each multi-agency meeting.",
        ["Neglect", "Information sharing"],
        datetime.date(2024, 10, 1),
    )
    _action(
        rec,
        "Ashford Vale Council",
        "Add a shared chronology template to the children's social care case record.",
        datetime.date(2025, 3, 31),
        done_on=datetime.date(2025, 3, 14),
        impact=(
            "Chronologies are now present and up to date in most neglect cases audited.",
            "Audited neglect cases with a current chronology: 38% (March 2025) to 81% (March 2026)",
        ),
    )
    _action(
        rec,
        "Midshire Hospitals NHS Foundation Trust",
        "Train paediatric staff to request the multi-agency chronology when a child with neglect concerns is "
        "admitted.",
        today + D(10),
        progress="Training designed; first two sessions delivered to 46 staff.",
    )
    rec = _recommendation(
        published,
        "2",
        "Adult mental health services consider the parenting role and the children in the household at every "
        "assessment.",
        ["Mental health", "Professional curiosity"],
        datetime.date(2024, 10, 1),
    )
    _action(
        rec,
        "Vale Community and Mental Health NHS Trust",
        "Add a 'Think Family' question set to the adult mental health assessment.",
        today - D(20),
        progress="The question set is drafted; the clinical system change is waiting for the supplier.",
    )
    rec = _recommendation(
        scr,
        "4",
        "Schools refer every child living with domestic abuse to the Operation Encompass lead on the day the "
        "police notify them.",
        ["Domestic abuse", "Information sharing"],
        datetime.date(2019, 1, 15),
    )
    _action(
        rec,
        "Riverside Learning Trust",
        "Audit Operation Encompass notifications against safeguarding records in every school of the trust.",
        today - D(45),
    )
    _action(
        rec,
        "Midshire Police",
        "Send Operation Encompass notifications before 9am on the next school day.",
        today + D(3),
        progress="Notifications now go from the hub; weekend cover is being arranged.",
    )
    rec = _recommendation(
        lcspr,
        "1",
        "Partners agree a single exploitation screening tool and use it at the front door.",
        ["Exploitation", "Multi-agency working"],
        today - D(20),
    )
    _action(
        rec,
        "Midshire Police",
        "Pilot the exploitation screening tool in the multi-agency safeguarding hub.",
        today + D(14),
    )


def _dunmore(partnership, today):
    _review(
        partnership,
        "DN-2026-01",
        kind=Review.Kind.SERIOUS_INCIDENT,
        subject="Child S",
        aware_on=add_working_days(today, -20),
        notified_on=add_working_days(today, -17),
        summary="Dunmore demo: an infant died suddenly; unsafe sleep and parental substance use are "
        "suspected.",
    )
    published = _review(
        partnership,
        "DN-2024-02",
        kind=Review.Kind.LCSPR,
        subject="Siblings R and T",
        commissioned_on=datetime.date(2024, 1, 22),
        final_report_on=datetime.date(2024, 7, 19),
        publication_planned_on=datetime.date(2024, 9, 16),
        panel_sent_on=datetime.date(2024, 9, 2),
        published_on=datetime.date(2024, 9, 16),
        summary="Dunmore demo: two siblings were exploited by adults who befriended them online.",
    )
    rec = _recommendation(
        published,
        "1",
        "Return home interviews after a missing episode are offered within 72 hours and shared with police.",
        ["Exploitation", "Voice of the child"],
        datetime.date(2024, 9, 16),
    )
    _action(
        rec,
        "Midshire Police",
        "Share every return home interview with the missing persons coordinator within one working day.",
        today - D(5),
    )


def seed_records(partnerships: dict) -> None:
    today = timezone.localdate()
    _three_rivers(partnerships["three-rivers"], today)
    _dunmore(partnerships["dunmore"], today)
