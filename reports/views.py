"""Yearly report pages: drafting, generating the PDF, sign-off and publication; and the public pages."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from partners.models import Partnership
from reports import access, services
from reports.content import assemble, checklist
from reports.forms import DataSectionForm, ReportCreateForm, SectionForm, SentForm
from reports.models import NARRATIVE_KINDS, default_period
from safeguarding.access import deny_write, member_required, require_role, seat_for


def _report(request, public_id, *, edit=False):
    """The report, or 404 for people who may not read it; 403 for readers asking to change it."""
    seat = seat_for(request)
    report = access.get_report_for_user(seat, public_id)
    if edit and not access.can_edit_report(seat):
        deny_write()
    return seat, report


@require_safe
@member_required
def report_list(request):
    seat = seat_for(request)
    require_role(seat, access.READERS)
    reports = access.reports_for_user(seat).select_related("published_version")
    context = {"reports": reports, "can_edit": access.can_edit_report(seat)}
    return render(request, "reports/list.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def report_create(request):
    seat = seat_for(request)
    require_role(seat, access.READERS)
    if not access.can_edit_report(seat):
        deny_write()
    start, end = default_period(timezone.localdate())
    initial = {
        "title": f"{seat.partnership.name}: yearly report {start:%Y} to {end:%Y}",
        "period_start": start,
        "period_end": end,
    }
    form = ReportCreateForm(request.POST or None, initial=initial, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        report = services.report_create(partnership=seat.partnership, **form.cleaned_data)
        messages.success(
            request, "Report started. Its data sections fill themselves from the portal's records."
        )
        return redirect("reports:detail", public_id=report.public_id)
    context = {
        "form": form,
        "title": "Start a yearly report",
        "submit": "Start the report",
        "back": reverse("reports:list"),
    }
    return render(request, "partners/form_page.html", context)


@require_safe
@member_required
def report_detail(request, public_id):
    seat, report = _report(request, public_id)
    assembled = assemble(report)
    versions = list(report.versions.prefetch_related("sign_offs__user"))
    statuses = {v.pk: services.version_status(v) for v in versions[:3]}
    context = {
        "report": report,
        "sections": assembled,
        "checklist": checklist(assembled),
        "complete": all(item.present for item in checklist(assembled)),
        "versions": [(v, statuses.get(v.pk)) for v in versions],
        "job": report.jobs.select_related("version").first(),
        "can_edit": access.can_edit_report(seat),
        "can_sign": access.can_sign_off(seat),
        "can_publish": access.can_publish(seat),
        "sent_form": SentForm(
            report=report,
            initial={"sent_to_panel_on": report.sent_to_panel_on, "sent_to_wwc_on": report.sent_to_wwc_on},
        ),
    }
    return render(request, "reports/detail.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def section_edit(request, public_id, pk: int):
    seat, report = _report(request, public_id, edit=True)
    section = access.get_section_for_user(seat, report, pk)
    form_class = SectionForm if section.kind in NARRATIVE_KINDS else DataSectionForm
    initial = {
        "body": section.body,
        "not_applicable": section.not_applicable,
        "not_applicable_reason": section.not_applicable_reason,
        "version": section.version,
    }
    form = form_class(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.section_save(
                section=section,
                seen_version=data["version"],
                body=data.get("body") or "",
                not_applicable=data["not_applicable"],
                reason=data["not_applicable_reason"].strip(),
                user=request.user,
            )
        except services.EditConflict as error:
            conflict = error.current
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{section.get_kind_display()} saved.")
            return redirect(
                reverse("reports:detail", kwargs={"public_id": report.public_id}) + f"#s-{section.kind}"
            )
    context = {"report": report, "section": section, "form": form, "conflict": conflict}
    return render(request, "reports/section_edit.html", context, status=409 if conflict else 200)


@require_POST
@member_required
def section_move(request, public_id, pk: int):
    seat, report = _report(request, public_id, edit=True)
    section = access.get_section_for_user(seat, report, pk)
    services.section_move(section=section, up=request.POST.get("direction") == "up")
    return redirect(reverse("reports:detail", kwargs={"public_id": report.public_id}) + "#contents")


@require_safe
@member_required
def report_preview(request, public_id):
    seat, report = _report(request, public_id)
    context = services.document_context(report)
    return render(request, "reports/preview.html", context)


@require_POST
@member_required
def report_generate(request, public_id):
    seat, report = _report(request, public_id, edit=True)
    services.report_generate(report=report, user=request.user)
    messages.success(request, "The PDF is being made. This page shows its progress.")
    return redirect(reverse("reports:detail", kwargs={"public_id": report.public_id}) + "#pdf")


@require_safe
@member_required
def job_status(request, public_id):
    seat = seat_for(request)
    job = access.get_job_for_user(seat, public_id)
    context = {"job": job, "report": job.report, "can_edit": access.can_edit_report(seat)}
    return render(request, "reports/job_status.html", context)


@require_POST
@member_required
def job_retry(request, public_id):
    seat = seat_for(request)
    job = access.get_job_for_user(seat, public_id)
    if not access.can_edit_report(seat):
        deny_write()
    try:
        services.job_retry(job=job)
    except services.ReportError as error:
        messages.error(request, str(error))
    return redirect(reverse("reports:detail", kwargs={"public_id": job.report.public_id}) + "#pdf")


@require_safe
@member_required
def version_download(request, public_id, number: int):
    seat, report = _report(request, public_id)
    version = access.get_version_for_user(seat, report, number)
    return FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.file.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )


@require_POST
@member_required
def version_sign(request, public_id, number: int):
    seat, report = _report(request, public_id)
    version = access.get_version_for_user(seat, report, number)
    if not access.can_sign_off(seat):
        deny_write()
    try:
        services.version_sign(version=version, user=request.user)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"You have signed off version {version.number}.")
    return redirect(reverse("reports:detail", kwargs={"public_id": report.public_id}) + "#versions")


@require_POST
@member_required
def version_publish(request, public_id, number: int):
    seat, report = _report(request, public_id)
    version = access.get_version_for_user(seat, report, number)
    if not access.can_publish(seat):
        deny_write()
    try:
        services.version_publish(version=version, user=request.user)
    except services.ReportError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            "Published. Send it to the national Panel and the What Works Centre within "
            "7 days, and record the dates here.",
        )
    return redirect(reverse("reports:detail", kwargs={"public_id": report.public_id}) + "#versions")


@require_POST
@member_required
def record_sent(request, public_id):
    seat, report = _report(request, public_id, edit=True)
    if not report.published_version_id:
        messages.error(request, "Record the dates after the report is published.")
        return redirect("reports:detail", public_id=report.public_id)
    form = SentForm(request.POST, report=report)
    if form.is_valid():
        services.report_record_sent(
            report=report,
            panel_on=form.cleaned_data["sent_to_panel_on"],
            wwc_on=form.cleaned_data["sent_to_wwc_on"],
        )
        messages.success(request, "Dates recorded.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(reverse("reports:detail", kwargs={"public_id": report.public_id}) + "#publication")


# The public side.
@require_safe
def public_partnership(request, slug: str):
    partnership = get_object_or_404(Partnership, slug=slug)
    reports = access.published_reports(partnership)
    return render(
        request, "reports/public_partnership.html", {"partnership": partnership, "reports": reports}
    )


@require_safe
def public_report(request, slug: str, public_id):
    partnership = get_object_or_404(Partnership, slug=slug)
    report = access.get_published_report(partnership, public_id)
    return render(
        request,
        "reports/public_report.html",
        {"partnership": partnership, "report": report, "version": report.published_version},
    )


@require_safe
def public_report_pdf(request, slug: str, public_id):
    partnership = get_object_or_404(Partnership, slug=slug)
    report = access.get_published_report(partnership, public_id)
    version = report.published_version
    if not version.file:
        raise Http404
    return FileResponse(
        version.file.open("rb"), filename=version.file.name.rsplit("/", 1)[-1], content_type="application/pdf"
    )
