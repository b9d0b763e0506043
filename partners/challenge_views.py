"""The challenge log's pages: the log and its export, the summary, the escalation ladder, one challenge and
the steps of its conversation (respond, decide, escalate, withdraw), and evidence downloads."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.views.decorators.http import require_http_methods, require_safe

from partners import access, services
from partners.challenge_export import CONTENT_TYPES, ChallengeResource
from partners.challenge_filters import ChallengeFilter, sort_headers
from partners.challenge_forms import DecideForm, LadderFormSet, RaiseForm, ReasonForm, RespondForm, YearForm
from partners.challenge_pages import LOG_FIELDS, challenge_page_context, log_rows
from partners.challenge_summary import financial_year, summarise
from partners.models import Challenge, EscalationStage
from safeguarding.access import deny_write, member_required, require_role, seat_for
from safeguarding.calendar import add_working_days
from safeguarding.history import history_for


def _log_queryset(request, seat, challenges):
    stages = len(EscalationStage.objects.ladder_for(seat.partnership.pk))
    return ChallengeFilter(
        request.GET or None, queryset=challenges, partnership=seat.partnership, stages=stages
    )


@require_safe
@member_required
def challenge_list(request):
    seat = seat_for(request)
    require_role(seat, access.CHALLENGE_LOG_READERS)
    filterset = _log_queryset(request, seat, access.challenges_for_user(seat, request.user))
    # Plain values of the page's challenges; agency names come from the filter's list (log_rows).
    page = Paginator(filterset.qs.values(*LOG_FIELDS), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "rows": log_rows(page, filterset.agency_names, timezone.localdate()),
        "query": query.urlencode(),
        "headers": sort_headers(request.GET),
        "can_raise": access.can_raise_challenge(seat),
        "can_view_summary": access.can_view_challenge_summary(seat),
        "can_view_ladder": access.can_view_escalation_ladder(seat),
    }
    return render(request, "challenges/list.html", context)


@require_safe
@member_required
def challenge_export(request, fmt: str):
    seat = seat_for(request)
    require_role(seat, access.CHALLENGE_LOG_READERS)
    if fmt not in CONTENT_TYPES:
        raise Http404
    challenges = access.challenges_for_user(seat, request.user).select_related(
        "addressed_to", "raised_by_agency", "raised_by"
    )
    dataset = ChallengeResource().export(_log_queryset(request, seat, challenges).qs)
    response = HttpResponse(dataset.export(fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{seat.partnership.slug}-challenges.{fmt}"'
    return response


@require_safe
@member_required
def challenge_summary(request):
    seat = seat_for(request)
    require_role(seat, access.CHALLENGE_SUMMARY_READERS)
    today = timezone.localdate()
    first = Challenge.objects.filter(partnership=seat.partnership).order_by("raised_on").first()
    form = YearForm(
        request.GET or None, first_year=financial_year(first.raised_on if first else today)[0].year
    )
    start, end = financial_year(today)
    if form.is_valid():
        start, end = form.period()
    context = {"form": form, "summary": summarise(seat.partnership, start=start, end=end)}
    return render(request, "challenges/summary.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def escalation_ladder(request):
    seat = seat_for(request)
    if not access.can_view_escalation_ladder(seat):
        raise Http404
    can_manage = access.can_manage_escalation_ladder(seat)
    if request.method == "POST" and not can_manage:
        deny_write()
    stages = EscalationStage.objects.ladder_for(seat.partnership.pk)
    initial = [{"responder": s.responder, "working_days": s.working_days} for s in stages]
    formset = LadderFormSet(request.POST or None, initial=initial, prefix="stages")
    if request.method == "POST" and formset.is_valid():
        services.escalation_ladder_save(partnership=seat.partnership, stages=formset.stages())
        messages.success(
            request, "The escalation ladder is saved. Open challenges follow it from their next stage."
        )
        return redirect("challenges:ladder")
    context = {
        "stages": stages,
        "formset": formset if can_manage else None,
        "history": history_for(*[s for s in stages if s.pk], partnership=seat.partnership)
        if access.can_view_history(seat)
        else None,
    }
    return render(request, "challenges/ladder.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def challenge_raise(request):
    seat = seat_for(request)
    require_role(seat, access.CHALLENGE_LOG_READERS)
    if not access.can_raise_challenge(seat):
        deny_write()
    first = EscalationStage.objects.ladder_for(seat.partnership.pk)[0]
    form = RaiseForm(
        request.POST or None,
        initial={
            "response_due_on": add_working_days(timezone.localdate(), first.working_days),
            # "Raise a challenge" links from other records name the record; the form still checks it.
            "link": request.GET.get("link", ""),
        },
        partnership=seat.partnership,
        raising_agencies=access.challenge_raising_agencies(seat, request.user),
        addressable_agencies=access.challenge_addressable_agencies(seat),
    )
    if request.method == "POST" and form.is_valid():
        challenge = services.challenge_raise(
            partnership=seat.partnership, raised_by=request.user, **form.service_arguments()
        )
        messages.success(
            request, f"Challenge {challenge.reference} is raised. We have told {challenge.addressed_to.name}."
        )
        return redirect("challenges:detail", public_id=challenge.public_id)
    return render(request, "challenges/raise.html", {"form": form})


@require_safe
@member_required
def challenge_detail(request, public_id):
    seat = seat_for(request)
    challenge = access.get_challenge_for_user(seat, request.user, public_id)
    context = challenge_page_context(seat, request.user, challenge)
    context["history"] = (
        history_for(challenge, partnership=seat.partnership) if access.can_view_history(seat) else None
    )
    return render(request, "challenges/detail.html", context)


def _action_page(request, challenge, form, *, title, submit, intro="", danger=False):
    context = {
        "challenge": challenge,
        "form": form,
        "title": title,
        "submit": submit,
        "intro": intro,
        "danger": danger,
        "back": reverse("challenges:detail", kwargs={"public_id": challenge.public_id}),
    }
    return render(request, "challenges/action.html", context)


def _done(request, challenge, message: str):
    messages.success(request, message)
    return redirect("challenges:detail", public_id=challenge.public_id)


def _changed(request, challenge):
    messages.error(
        request,
        "Someone else acted on this challenge while you had the page open, so nothing was saved. "
        "Here is the challenge as it is now.",
    )
    return redirect("challenges:detail", public_id=challenge.public_id)


@require_http_methods(["GET", "POST"])
@member_required
def challenge_respond(request, public_id):
    seat = seat_for(request)
    challenge = access.get_challenge_for_user(seat, request.user, public_id)
    if not access.can_respond_to_challenge(seat, request.user, challenge):
        deny_write()
    form = RespondForm(request.POST or None, request.FILES or None, initial={"version": challenge.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.challenge_respond(
                challenge=challenge,
                author=request.user,
                text=data["text"],
                evidence=data["evidence"],
                version=data["version"],
            )
        except services.ChallengeChanged:
            return _changed(request, challenge)
        return _done(
            request, challenge, f"Your response is recorded and {challenge.raised_by.full_name} is told."
        )
    return _action_page(
        request,
        challenge,
        form,
        title=f"Respond to {challenge.reference}",
        submit="Send response",
        intro=f"Answering for {challenge.addressed_to.name} at stage {challenge.stage}.",
    )


@require_http_methods(["GET", "POST"])
@member_required
def challenge_decide(request, public_id):
    seat = seat_for(request)
    challenge = access.get_challenge_for_user(seat, request.user, public_id)
    if not access.can_decide_challenge(seat, request.user, challenge):
        deny_write()
    next_stage = challenge.next_stage()
    form = DecideForm(request.POST or None, initial={"version": challenge.version}, next_stage=next_stage)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == DecideForm.ACCEPT:
                services.challenge_accept(
                    challenge=challenge,
                    decided_by=request.user,
                    outcome=data["outcome"],
                    note=data["note"],
                    version=data["version"],
                )
                return _done(request, challenge, f"Challenge {challenge.reference} is resolved.")
            services.challenge_escalate(
                challenge=challenge, decided_by=request.user, reason=data["note"], version=data["version"]
            )
        except services.ChallengeChanged:
            return _changed(request, challenge)
        return _done(
            request, challenge, f"Challenge {challenge.reference} is escalated to stage {next_stage.number}."
        )
    return _action_page(
        request,
        challenge,
        form,
        title=f"Decide on the response to {challenge.reference}",
        submit="Record decision",
    )


@require_http_methods(["GET", "POST"])
@member_required
def challenge_escalate(request, public_id):
    seat = seat_for(request)
    challenge = access.get_challenge_for_user(seat, request.user, public_id)
    if not access.can_escalate_challenge(seat, request.user, challenge, timezone.localdate()):
        deny_write()
    next_stage = challenge.next_stage()
    form = ReasonForm(
        request.POST or None,
        initial={"version": challenge.version},
        help_text="It goes to the people at the next stage with the challenge.",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_escalate(
                challenge=challenge,
                decided_by=request.user,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except services.ChallengeChanged:
            return _changed(request, challenge)
        return _done(
            request, challenge, f"Challenge {challenge.reference} is escalated to stage {next_stage.number}."
        )
    return _action_page(
        request,
        challenge,
        form,
        title=f"Escalate {challenge.reference} without a response",
        submit=f"Escalate to stage {next_stage.number}",
        intro=f"The answer was due on {date_format(challenge.stage_due_on, 'j F Y')} and has not come. "
        f"Stage {next_stage.number}: {next_stage.get_responder_display().lower()}, "
        f"{next_stage.working_days} working days.",
    )


@require_http_methods(["GET", "POST"])
@member_required
def challenge_withdraw(request, public_id):
    seat = seat_for(request)
    challenge = access.get_challenge_for_user(seat, request.user, public_id)
    if not access.can_withdraw_challenge(seat, request.user, challenge):
        deny_write()
    form = ReasonForm(
        request.POST or None,
        initial={"version": challenge.version},
        help_text="Why the challenge is withdrawn. Everyone involved sees it.",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_withdraw(
                challenge=challenge,
                withdrawn_by=request.user,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except services.ChallengeChanged:
            return _changed(request, challenge)
        return _done(request, challenge, f"Challenge {challenge.reference} is withdrawn.")
    return _action_page(
        request,
        challenge,
        form,
        title=f"Withdraw {challenge.reference}",
        submit="Withdraw challenge",
        danger=True,
    )


@require_safe
@member_required
def challenge_evidence(request, public_id, step_id: int):
    seat = seat_for(request)
    challenge = access.get_challenge_for_user(seat, request.user, public_id)
    step = access.get_challenge_evidence_for_user(seat, request.user, challenge, step_id)
    try:
        handle = step.evidence.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=step.evidence_name)
