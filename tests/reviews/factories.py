import datetime

import factory
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm

from reviews.models import VIEW_REVIEW, Action, Evidence, Recommendation, Review, Theme
from tests.factories import AgencyFactory, PartnershipFactory

D = datetime.date


class ReviewFactory(factory.django.DjangoModelFactory):
    """A serious incident by default; `refresh_clock` sets the stored stage and next deadline on create."""

    class Meta:
        model = Review

    partnership = factory.SubFactory(PartnershipFactory)
    kind = Review.Kind.SERIOUS_INCIDENT
    reference = factory.Sequence(lambda n: f"REV-{n:05d}")
    subject = "Child A"
    aware_on = datetime.date(2026, 3, 2)
    summary = "An anonymised summary."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        review = model_class(*args, **kwargs)
        if review.kind != Review.Kind.SERIOUS_INCIDENT and not review.commissioned_on:
            review.commissioned_on, review.aware_on = review.aware_on, None
        review.refresh_clock()
        review.save()
        return review


def grant(user, review) -> None:
    assign_perm(VIEW_REVIEW, user, review)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Theme {n}")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    # A review type without statutory clocks, so tracker tests get no clock reminders they did not ask for.
    review = factory.SubFactory(ReviewFactory, kind=Review.Kind.OTHER)
    partnership = factory.SelfAttribute("review.partnership")
    source_kind = Recommendation.SourceKind.REVIEW
    source_label = factory.LazyAttribute(lambda o: f"Review {o.review.reference}")
    text = factory.Sequence(lambda n: f"Recommendation text {n}.")
    made_on = datetime.date(2026, 4, 1)

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    recommendation = factory.SubFactory(RecommendationFactory)
    partnership = factory.SelfAttribute("recommendation.partnership")
    owner_agency = factory.SubFactory(AgencyFactory)
    description = factory.Sequence(lambda n: f"Action {n}.")
    due_on = datetime.date(2026, 9, 30)


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    action = factory.SubFactory(ActionFactory)
    original_name = "evidence.txt"
    extension = "txt"
    content_type = "text/plain; charset=utf-8"
    size = 21
    file = factory.LazyFunction(lambda: ContentFile(b"Evidence of the work.", name="upload.txt"))


def page_queries(client, url) -> int:
    """Queries for one page view, after a first view has settled the session (MFA check, last seen)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def bulk_tracker(partnership, agencies, *, tag="", reviews=30, recommendations=300, actions=2000):
    """Many recommendations (tagged) and actions (some with evidence) in one partnership, quickly."""
    made = []
    for n in range(reviews):
        review = Review(
            partnership=partnership,
            kind="lcspr",
            reference=f"BULK{tag}-{n}",
            subject="Child A",
            commissioned_on=D(2019 + n % 7, 3, 1),
        )
        review.refresh_clock()
        made.append(review)
    made = Review.objects.bulk_create(made)
    recs = Recommendation.objects.bulk_create(
        Recommendation(
            partnership=partnership,
            source_kind="review",
            source_label=f"LCSPR {made[n % reviews].reference}",
            review=made[n % reviews],
            text=f"Bulk recommendation {n}",
            made_on=D(2019 + n % 7, 6, 1),
        )
        for n in range(recommendations)
    )
    themes = list(Theme.objects.filter(partnership=None))
    Recommendation.themes.through.objects.bulk_create(
        Recommendation.themes.through(recommendation=rec, theme=themes[n % len(themes)])
        for n, rec in enumerate(recs)
    )
    created = Action.objects.bulk_create(
        Action(
            partnership=partnership,
            recommendation=recs[n % recommendations],
            owner_agency=agencies[n % len(agencies)],
            description=f"Bulk action {n}",
            due_on=D(2025, 1, 1) + datetime.timedelta(days=n % 700),
            status="complete" if n % 3 == 0 else "in_progress",
            completed_on=D(2025, 6, 1) if n % 3 == 0 else None,
            impact_statement="Better." if n % 6 == 0 else "",
            impact_measure="Measured." if n % 6 == 0 else "",
        )
        for n in range(actions)
    )
    Evidence.objects.bulk_create(
        Evidence(
            action=a,
            file="private/evidence/x.txt",
            original_name="x.txt",
            extension="txt",
            content_type="text/plain",
            size=1,
        )
        for a in created[::6]
    )
    return created
