"""Challenges for tests: built directly (fast, any state) or raised through the service (the real path)."""

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from partners.models import Challenge, ChallengeStep, Responder
from safeguarding.calendar import add_working_days
from tests.factories import AgencyFactory, PartnershipFactory, UserFactory


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    number = factory.Sequence(lambda n: n + 1)
    raised_by = factory.SubFactory(UserFactory)
    raised_by_agency = None
    addressed_to = factory.SubFactory(AgencyFactory)
    subject = factory.Sequence(lambda n: f"Challenge subject {n}")
    concern = "Attendance at strategy meetings has fallen."
    asked = "Attendance figures and a plan."
    raised_on = factory.LazyFunction(timezone.localdate)
    response_due_on = factory.LazyAttribute(lambda o: add_working_days(o.raised_on, 10))
    stage = 1
    stage_responder = Responder.AGENCY_LEAD
    stage_due_on = factory.LazyAttribute(lambda o: o.response_due_on)

    @factory.post_generation
    def raised_step(obj, create, extracted, **kwargs):
        if create:
            ChallengeStep.objects.create(
                challenge=obj,
                kind=ChallengeStep.Kind.RAISED,
                stage=1,
                author=obj.raised_by,
                due_on=obj.response_due_on,
                responder=obj.stage_responder,
            )


def respond_directly(challenge: Challenge, author, text="Our response.", evidence: bytes | None = None):
    """Put a challenge into "responded" without the service (no e-mail), with an evidence file if given."""
    step = ChallengeStep(
        challenge=challenge, kind=ChallengeStep.Kind.RESPONSE, stage=challenge.stage, author=author, text=text
    )
    if evidence is not None:
        step.evidence.save("evidence.pdf", ContentFile(evidence), save=False)
        step.evidence_name = "evidence.pdf"
    step.save()
    Challenge.objects.filter(pk=challenge.pk).update(status=Challenge.Status.RESPONDED, version=2)
    challenge.refresh_from_db()
    return step


def unsaved(partnership, raised_by, addressed_to, number, due_on, **extra) -> Challenge:
    """An unsaved challenge, for bulk_create in the sweep's scale tests."""
    return Challenge(
        partnership=partnership,
        number=number,
        raised_by=raised_by,
        addressed_to=addressed_to,
        subject=f"Bulk challenge {number}",
        concern="c",
        asked="a",
        raised_on=add_working_days(due_on, -10),
        response_due_on=due_on,
        stage=extra.pop("stage", 1),
        stage_responder=extra.pop("stage_responder", Responder.AGENCY_LEAD),
        stage_due_on=due_on,
        **extra,
    )
