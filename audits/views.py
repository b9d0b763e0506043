"""Section 11 pages: standard sets, cycles and their results, agency returns, evidence and moderation."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from audits import access, frozen_sets, grades, heatmap, results, services, set_files
from audits.forms import (
    AnswerForm,
    CriterionFormSet,
    CycleAgenciesForm,
    CycleOpenForm,
    CycleShareForm,
    EvidenceForm,
    ModerationForm,
    ReturnSummaryForm,
    SendBackForm,
    SetImportForm,
    StandardSetForm,
    StandardTitleForm,
    VersionForm,
)
from audits.models import Answer, Criterion, Evidence, ModeratedGrade, Moderation, Return, Standard
from safeguarding import listing
from safeguarding.access import deny_write, member_required, require_role, seat_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form_page(request, form, *, title, submit, back, caption="", intro="", danger=False):
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "back": back,
        "caption": caption,
        "intro": intro,
        "danger": danger,
    }
    return render(request, "audits/form_page.html", context)


def _return_url(return_record) -> str:
    return reverse("audits:return_detail", kwargs={"public_id": return_record.public_id})


# Home and standard sets ---------------------------------------------------------------------------


@require_safe
@member_required
def home(request):
    seat = seat_for(request)
    require_role(seat, access.SECTION_READERS)
    cycles = (
        access.cycles_for_user(seat)
        .select_related("standard_set", "lead_partnership")
        .annotate(partnership_count=Count("participations", distinct=True))
    )
    my_returns = (
        access.lead_returns(seat, request.user).select_related("cycle", "agency").order_by("-cycle__opens_on")
    )
    context = {
        "cycles": list(cycles),
        "my_returns": list(my_returns),
        "can_manage": access.can_manage(seat),
        "can_read_sets": access.can_read_returns(seat),
    }
    return render(request, "audits/home.html", context)


@require_safe
@member_required
def set_list(request):
    seat = seat_for(request)
    require_role(seat, access.OVERSIGHT)
    sets = (
        access.sets_for_user(seat)
        .with_use()
        .annotate(
            standard_count=Count("standards", distinct=True), criterion_count=Count("criteria", distinct=True)
        )
    )
    context = {"sets": list(sets.order_by("name")), "can_manage": access.can_manage(seat)}
    return render(request, "audits/set_list.html", context)


@require_safe
@member_required
def set_detail(request, public_id):
    seat = seat_for(request)
    standard_set = access.get_set_for_user(seat, public_id)
    standards = standard_set.standards.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("number"))
    )
    context = {
        "standard_set": standard_set,
        "standards": list(standards),
        "frozen": standard_set.is_frozen(),
        "can_edit": access.can_edit_set(seat, standard_set),
        "can_manage": access.can_manage(seat),
        "cycles": list(standard_set.cycles.for_partnership(seat.partnership)),
    }
    return render(request, "audits/set_detail.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def set_copy(request, public_id):
    seat = seat_for(request)
    source = access.get_set_for_user(seat, public_id)
    if not access.can_manage(seat):
        deny_write()
    form = StandardSetForm(
        request.POST or None, partnership=seat.partnership, initial={"name": f"{source.name} (copy)"}
    )
    if request.method == "POST" and form.is_valid():
        copy = services.standard_set_copy(source=source, partnership=seat.partnership, **form.cleaned_data)
        messages.success(request, f"“{copy.name}” created. You can edit it until a cycle uses it.")
        return redirect("audits:set_detail", public_id=copy.public_id)
    back = reverse("audits:set_detail", kwargs={"public_id": source.public_id})
    return _form_page(request, form, title=f"Copy “{source.name}”", submit="Copy the set", back=back)


@require_http_methods(["GET", "POST"])
@member_required
def set_edit(request, public_id):
    seat = seat_for(request)
    standard_set = access.get_set_for_user(seat, public_id)
    if not access.can_edit_set(seat, standard_set):
        deny_write()
    back = reverse("audits:set_detail", kwargs={"public_id": standard_set.public_id})
    if standard_set.is_frozen():
        messages.error(request, services.SetFrozen.message)
        return redirect(back)
    form = StandardSetForm(request.POST or None, instance=standard_set, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        services.standard_set_update(standard_set=standard_set, **form.cleaned_data)
        messages.success(request, "The standard set was updated.")
        return redirect(back)
    return _form_page(request, form, title=f"Edit “{standard_set.name}”", submit="Save", back=back)


@require_http_methods(["GET", "POST"])
@member_required
def standard_edit(request, public_id, number: int):
    seat = seat_for(request)
    standard_set = access.get_set_for_user(seat, public_id)
    standard = Standard.objects.filter(standard_set=standard_set, number=number).first()
    if standard is None:
        raise Http404
    if not access.can_edit_set(seat, standard_set):
        deny_write()
    back = reverse("audits:set_detail", kwargs={"public_id": standard_set.public_id})
    if standard_set.is_frozen():
        messages.error(request, services.SetFrozen.message)
        return redirect(back)
    criteria = {c.pk: c for c in standard.criteria.order_by("number")}
    initial = [
        {
            "criterion_id": c.pk,
            "number": c.number,
            "text": c.text,
            "guidance": c.guidance,
            "expected_evidence": c.expected_evidence,
        }
        for c in criteria.values()
    ]
    title_form = StandardTitleForm(request.POST or None, initial={"title": standard.title})
    formset = CriterionFormSet(request.POST or None, initial=initial, prefix="criteria")
    if request.method == "POST" and title_form.is_valid() and formset.is_valid():
        edits = [
            services.CriterionEdit(
                criterion=criteria.get(data.get("criterion_id")),
                number=data["number"],
                text=data["text"],
                guidance=data["guidance"],
                expected_evidence=data["expected_evidence"],
                delete=data.get("DELETE", False),
            )
            for data in formset.cleaned_data
            if data
        ]
        try:
            services.standard_save(standard=standard, title=title_form.cleaned_data["title"], criteria=edits)
        except ValidationError as error:
            title_form.add_error(None, error)
        else:
            messages.success(request, f"Standard {standard.number} saved.")
            return redirect(back)
    context = {
        "standard_set": standard_set,
        "standard": standard,
        "form": title_form,
        "formset": formset,
        "back": back,
    }
    return render(request, "audits/standard_edit.html", context)


@require_safe
@member_required
def set_export(request, public_id):
    seat = seat_for(request)
    standard_set = access.get_set_for_user(seat, public_id)
    response = HttpResponse(set_files.export_xlsx(standard_set), content_type=XLSX)
    name = slugify(standard_set.name) or "standard-set"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
@member_required
def set_import(request):
    seat = seat_for(request)
    require_role(seat, access.OVERSIGHT)
    if not access.can_manage(seat):
        deny_write()
    form = SetImportForm(request.POST or None, request.FILES or None, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        rows, problems = set_files.read_xlsx(form.cleaned_data["file"])
        if problems:
            for problem in problems[:20]:
                form.add_error("file", problem)
        else:
            standard_set = services.standard_set_import(
                partnership=seat.partnership,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                rows=rows,
            )
            messages.success(request, f"“{standard_set.name}” imported with {len(rows)} criteria.")
            return redirect("audits:set_detail", public_id=standard_set.public_id)
    return _form_page(
        request,
        form,
        title="Import a standard set",
        submit="Import",
        back=reverse("audits:set_list"),
        intro="Export any set to see the layout: one row per criterion.",
    )


# Cycles -------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@member_required
def cycle_open(request):
    seat = seat_for(request)
    require_role(seat, access.RESULT_READERS)
    if not access.can_manage(seat):
        deny_write()
    form = CycleOpenForm(request.POST or None, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        cycle = services.cycle_open(partnership=seat.partnership, **form.cleaned_data)
        messages.success(
            request, f"{cycle.name} is open: {cycle.returns.count()} agencies have a return to complete."
        )
        return redirect("audits:cycle_detail", public_id=cycle.public_id)
    return _form_page(
        request, form, title="Open a section 11 cycle", submit="Open the cycle", back=reverse("audits:home")
    )


@require_safe
@member_required
def cycle_detail(request, public_id):
    seat = seat_for(request)
    cycle = access.get_cycle_for_user(seat, public_id)
    taking_part, before = results.participants(cycle)
    compared = seat.partnership.pk in before
    outcome = results.results_for(cycle, seat.partnership, compare=compared)
    context = {
        "cycle": cycle,
        "results": outcome,
        "heatmap_rows": heatmap.rows_html(
            outcome.rows,
            listing.url_maker("audits:return_detail") if access.can_read_returns(seat) else None,
        ),
        "trends": results.comparison(outcome, seat.partnership, compared),
        "partnerships": taking_part,
        "can_open_returns": access.can_read_returns(seat),
        "can_manage": access.can_manage(seat),
        "can_share": access.can_share_cycle(seat, cycle),
        "scale": grades.SCALES[cycle.scale],
    }
    return render(request, "audits/cycle_detail.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def cycle_share(request, public_id):
    seat = seat_for(request)
    cycle = access.get_cycle_for_user(seat, public_id)
    if not access.can_share_cycle(seat, cycle):
        deny_write()
    form = CycleShareForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        partnership = form.cleaned_data["partnership"]
        services.cycle_share(cycle=cycle, partnership=partnership)
        messages.success(request, f"{cycle.name} is now shared with {partnership.name}.")
        return redirect("audits:cycle_detail", public_id=cycle.public_id)
    back = reverse("audits:cycle_detail", kwargs={"public_id": cycle.public_id})
    return _form_page(
        request,
        form,
        title="Share the cycle with another partnership",
        submit="Share",
        back=back,
        caption=cycle.name,
    )


@require_http_methods(["GET", "POST"])
@member_required
def cycle_agencies(request, public_id):
    seat = seat_for(request)
    cycle = access.get_cycle_for_user(seat, public_id)
    if not access.can_manage(seat):
        deny_write()
    form = CycleAgenciesForm(request.POST or None, partnership=seat.partnership, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        count = services.cycle_require_agencies(
            cycle=cycle, partnership=seat.partnership, agencies=form.cleaned_data["agencies"]
        )
        messages.success(
            request, f"{count} more agenc{'y has' if count == 1 else 'ies have'} a return to complete."
        )
        return redirect("audits:cycle_detail", public_id=cycle.public_id)
    back = reverse("audits:cycle_detail", kwargs={"public_id": cycle.public_id})
    intro = (
        "Agencies that already have a return in this cycle (through another partnership) are not listed: "
        "they answer once, and you moderate that return."
    )
    return _form_page(
        request,
        form,
        title="Ask more agencies for a return",
        submit="Ask for returns",
        back=back,
        caption=cycle.name,
        intro=intro,
    )


@require_safe
@member_required
def cycle_export(request, public_id, fmt: str):
    seat = seat_for(request)
    cycle = access.get_cycle_for_user(seat, public_id)
    if not access.can_read_returns(seat):
        raise Http404
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    dataset = results.answers_dataset(cycle, seat.partnership)
    content_type = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX}[fmt]
    response = HttpResponse(dataset.export(fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{slugify(cycle.name)}-answers.{fmt}"'
    return response


# Returns ------------------------------------------------------------------------------------------


def _answer_sections(return_record) -> list[dict]:
    """The return's answers (with evidence) by standard, in criterion order, and how many are done (two
    queries: the criteria come from the frozen set's copy, as the return's cycle uses the set)."""
    criteria = frozen_sets.criteria_of(return_record.cycle.standard_set)
    answers = list(
        Answer.objects.filter(return_record=return_record)
        .order_by()
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at")))
    )
    for answer in answers:
        answer.criterion = criteria[answer.criterion_id]
    answers.sort(key=lambda a: (a.criterion.standard.number, a.criterion.number))
    scale = return_record.cycle.scale
    sections: dict[int, dict] = {}
    for answer in answers:
        standard = answer.criterion.standard
        section = sections.setdefault(standard.pk, {"standard": standard, "answers": [], "done": 0})
        answer.grade_info = grades.grade(scale, answer.grade)
        section["answers"].append(answer)
        if answer.grade and answer.narrative.strip() and not answer.carried_forward:
            section["done"] += 1
    for section in sections.values():
        section["total"] = len(section["answers"])
    return list(sections.values())


def _with_moderation(sections: list[dict], return_record, partnership):
    """Copies of the sections with the partnership's moderated grade of each standard, and its moderation."""
    moderation = (
        Moderation.objects.filter(return_record=return_record, partnership=partnership)
        .select_related("partnership")
        .prefetch_related(Prefetch("grades", queryset=ModeratedGrade.objects.all()))
        .first()
    )
    moderated = {g.standard_id: g for g in moderation.grades.all()} if moderation else {}
    scale = return_record.cycle.scale
    found = []
    for section in sections:
        mod = moderated.get(section["standard"].pk)
        found.append(
            {**section, "moderated": mod, "moderated_grade": grades.grade(scale, mod.grade) if mod else None}
        )
    return found, moderation


def _return_page_data(return_record, partnership):
    """Standards with their answers and evidence, progress and moderated grade per standard (four queries)."""
    return _with_moderation(_answer_sections(return_record), return_record, partnership)


class _Locked:
    """A submitted or accepted return, compared by what fixes its answers: id, version and status."""

    def __init__(self, return_record):
        self.return_record = return_record
        self.key = (return_record.pk, return_record.version, return_record.status)

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other) -> bool:
        return isinstance(other, _Locked) and self.key == other.key


@functools.lru_cache(maxsize=128)
def _locked_sections(locked: _Locked) -> list[dict]:
    """The answer cards of a submitted or accepted return, rendered once per process and version.

    Its answers and evidence cannot change while it is locked (services refuse every edit), and every change
    of state moves its version, so the cards stay right for as long as the key does. They are the same for
    everyone who may open the return: nobody may edit a locked return. Measured with `manage.py bench`: the
    cards are most of the page's time.
    """
    sections = _answer_sections(locked.return_record)
    for section in sections:
        context = {"section": section, "return": locked.return_record, "can_edit": False}
        section["cards"] = render_to_string("audits/answer_cards.html", context)
        del section["answers"]
    return sections


@require_safe
@member_required
def return_detail(request, public_id):
    seat = seat_for(request)
    return_record, rights = access.get_return_for_user(seat, request.user, public_id)
    if return_record.is_editable:
        sections = _answer_sections(return_record)
    else:
        sections = _locked_sections(_Locked(return_record))
    sections, moderation = _with_moderation(sections, return_record, seat.partnership)
    context = {
        "return": return_record,
        "cycle": return_record.cycle,
        "sections": sections,
        "moderation": moderation,
        "rights": rights,
        "can_edit": rights.can_edit and return_record.is_editable,
        "answered": sum(s["done"] for s in sections),
        "total": sum(s["total"] for s in sections),
        "version_form": VersionForm(initial={"version": return_record.version}),
    }
    return render(request, "audits/return_detail.html", context)


def _get_editable_return(request, public_id):
    seat = seat_for(request)
    return_record, rights = access.get_return_for_user(seat, request.user, public_id)
    if not rights.can_edit or not return_record.is_editable:
        deny_write()
    return return_record


@require_http_methods(["GET", "POST"])
@member_required
def return_summary(request, public_id):
    return_record = _get_editable_return(request, public_id)
    form = ReturnSummaryForm(
        request.POST or None, initial={"version": return_record.version, "summary": return_record.summary}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.return_summary_save(
                return_record=return_record,
                expected_version=form.cleaned_data["version"],
                summary=form.cleaned_data["summary"],
                user=request.user,
            )
        except services.StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, "The summary was saved.")
            return redirect(_return_url(return_record))
    return _form_page(
        request,
        form,
        title="Summary of the return",
        submit="Save as draft",
        back=_return_url(return_record),
        caption=str(return_record),
    )


@require_http_methods(["GET", "POST"])
@member_required
def return_standard(request, public_id, number: int):
    return_record = _get_editable_return(request, public_id)
    answers = list(
        Answer.objects.filter(return_record=return_record, criterion__standard__number=number)
        .select_related("criterion__standard", "updated_by")
        .prefetch_related("evidence")
        .order_by("criterion__number")
    )
    if not answers:
        raise Http404
    scale = return_record.cycle.scale
    data = request.POST if request.method == "POST" else None
    forms = [AnswerForm(data, answer=a, scale=scale) for a in answers]
    stale = None
    if data is not None and all(f.is_valid() for f in forms):
        edits = [
            services.AnswerEdit(
                answer=f.answer, expected_version=f.cleaned_data.pop("version"), **f.cleaned_data
            )
            for f in forms
        ]
        try:
            services.answers_save(return_record=return_record, edits=edits, user=request.user)
        except services.StaleEdit as error:
            stale = error
            forms = _forms_after_conflict(request.POST, answers, scale)
        else:
            messages.success(request, f"Standard {number} saved as a draft.")
            return redirect(_return_url(return_record) + f"#standard-{number}")
    context = {
        "return": return_record,
        "standard": answers[0].criterion.standard,
        "forms": forms,
        "stale": stale,
        "back": _return_url(return_record),
        "errors": [(f, field) for f in forms for field in f if field.errors],
    }
    return render(request, "audits/return_standard.html", context, status=409 if stale else 200)


def _forms_after_conflict(post, answers, scale):
    """The person's unsaved text stays in the form; the hidden versions move on to what is saved now, and
    each form carries the saved answer so the page can show what the other person wrote."""
    current = {
        a.pk: a
        for a in Answer.objects.filter(pk__in=[a.pk for a in answers]).select_related(
            "criterion__standard", "updated_by"
        )
    }
    data = post.copy()
    forms = []
    for answer in answers:
        saved = current[answer.pk]
        posted = post.get(f"c{answer.pk}-version")
        data[f"c{answer.pk}-version"] = str(saved.version)
        form = AnswerForm(data, answer=saved, scale=scale)
        form.changed_by_other = str(saved.version) != posted
        form.saved_grade = grades.grade(scale, saved.grade)
        forms.append(form)
    return forms


@require_http_methods(["GET", "POST"])
@member_required
def evidence_upload(request, public_id, pk: int):
    return_record = _get_editable_return(request, public_id)
    answer = (
        Answer.objects.filter(return_record=return_record, pk=pk)
        .select_related("criterion__standard")
        .first()
    )
    if answer is None:
        raise Http404
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.evidence_add(
            answer=answer,
            upload=form.cleaned_data["file"],
            content_type=form.file_type.content_type,
            effective_date=form.cleaned_data["effective_date"],
            description=form.cleaned_data["description"],
            user=request.user,
        )
        messages.success(request, f"Evidence added to criterion {answer.criterion.label}.")
        return redirect(_return_url(return_record) + f"#criterion-{answer.criterion.label}")
    return _form_page(
        request,
        form,
        title=f"Add evidence to criterion {answer.criterion.label}",
        submit="Upload",
        back=_return_url(return_record),
        caption=answer.criterion.text[:120],
    )


@require_safe
@member_required
def evidence_download(request, public_id):
    seat = seat_for(request)
    evidence, _ = access.get_evidence_for_user(seat, request.user, public_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@member_required
def evidence_remove(request, public_id):
    seat = seat_for(request)
    evidence, rights = access.get_evidence_for_user(seat, request.user, public_id)
    return_record = evidence.answer.return_record
    if not rights.can_edit or not return_record.is_editable:
        deny_write()
    if request.method == "POST":
        services.evidence_remove(evidence=evidence)
        messages.success(request, f"{evidence.original_name} was removed from the return.")
        return redirect(_return_url(return_record))
    return render(
        request, "audits/evidence_remove.html", {"evidence": evidence, "back": _return_url(return_record)}
    )


@require_http_methods(["GET", "POST"])
@member_required
def return_submit(request, public_id):
    return_record = _get_editable_return(request, public_id)
    form = VersionForm(request.POST or None, initial={"version": return_record.version})
    missing = services.missing_items(return_record)
    if request.method == "POST" and form.is_valid() and not missing:
        try:
            services.return_submit(
                return_record=return_record, expected_version=form.cleaned_data["version"], user=request.user
            )
        except services.StaleEdit as error:
            form.add_error(None, str(error))
        except services.Incomplete as error:
            missing = error.missing
        else:
            messages.success(request, "The return was submitted. The partnership will review it.")
            return redirect(_return_url(return_record))
    context = {"return": return_record, "form": form, "missing": missing, "back": _return_url(return_record)}
    return render(request, "audits/return_submit.html", context)


def _get_managed_return(request, public_id):
    seat = seat_for(request)
    return_record, rights = access.get_return_for_user(seat, request.user, public_id)
    if not rights.manage:
        deny_write()
    return return_record


@require_http_methods(["GET", "POST"])
@member_required
def return_send_back(request, public_id):
    return_record = _get_managed_return(request, public_id)
    form = SendBackForm(request.POST or None, initial={"version": return_record.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.return_send_back(
                return_record=return_record,
                expected_version=form.cleaned_data["version"],
                reasons=form.cleaned_data["reasons"],
                user=request.user,
            )
        except (services.StaleEdit, services.WrongState) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The return was sent back to the agency, with your reasons.")
        return redirect(_return_url(return_record))
    return _form_page(
        request,
        form,
        title="Send the return back for revision",
        submit="Send back",
        back=_return_url(return_record),
        caption=str(return_record),
    )


@require_POST
@member_required
def return_accept(request, public_id):
    return_record = _get_managed_return(request, public_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The page was out of date. Look at the return again before accepting it.")
        return redirect(_return_url(return_record))
    try:
        services.return_accept(
            return_record=return_record, expected_version=form.cleaned_data["version"], user=request.user
        )
    except (services.StaleEdit, services.WrongState) as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(
            request, f"The gaps could not go into the improvement tracker: {' '.join(error.messages)}"
        )
    else:
        messages.success(
            request, "The return was accepted. Its gaps are now actions in the improvement tracker."
        )
    return redirect(_return_url(return_record))


@require_safe
@member_required
def return_pdf(request, public_id):
    """Rendered on download: one agency's return is a few pages (see the report on PDF rendering)."""
    from safeguarding.pdf import render_template

    seat = seat_for(request)
    return_record, _ = access.get_return_for_user(seat, request.user, public_id)
    sections, moderation = _return_page_data(return_record, seat.partnership)
    pdf = render_template(
        "pdf/audits_return.html",
        {
            "title": f"Section 11 return: {return_record.agency.name}",
            "return": return_record,
            "cycle": return_record.cycle,
            "sections": sections,
            "partnership": seat.partnership,
        },
    )
    response = HttpResponse(pdf.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(str(return_record))}.pdf"'
    return response


# Moderation ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@member_required
def moderation(request, public_id):
    seat = seat_for(request)
    return_record, rights = access.get_return_for_user(seat, request.user, public_id)
    if not rights.moderate:
        deny_write()
    if return_record.status != Return.Status.ACCEPTED:
        messages.error(request, "A return is moderated once it has been accepted.")
        return redirect(_return_url(return_record))
    sections, record = _return_page_data(return_record, seat.partnership)
    standards = [s["standard"] for s in sections]
    grades_now = {
        s["standard"].pk: (s["moderated"].grade, s["moderated"].comment) for s in sections if s["moderated"]
    }
    form = ModerationForm(
        request.POST or None,
        standards=standards,
        scale=return_record.cycle.scale,
        moderation=record,
        grades_now=grades_now,
    )
    if request.method == "POST" and form.is_valid():
        data = services.ModerationInput(
            session_on=form.cleaned_data["session_on"],
            attendees=form.cleaned_data["attendees"],
            notes=form.cleaned_data["notes"],
            letter=form.cleaned_data["letter"],
            grades=form.grades(),
        )
        try:
            services.moderation_save(
                return_record=return_record,
                partnership=seat.partnership,
                expected_version=form.cleaned_data["version"],
                data=data,
                user=request.user,
            )
        except services.StaleEdit as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The moderation was saved.")
            return redirect(_return_url(return_record) + "#moderation")
    context = {
        "return": return_record,
        "form": form,
        "sections": sections,
        "moderation": record,
        "back": _return_url(return_record),
        "challenge_url": _challenge_url(return_record),
    }
    return render(request, "audits/moderation.html", context)


def _challenge_url(return_record) -> str | None:
    """The challenge log's raise page; this return is offered there as the record it is about."""
    from django.urls import NoReverseMatch

    try:
        base = reverse("challenges:raise")
    except NoReverseMatch:
        return None
    return f"{base}?link=audits.return|{return_record.public_id}"


@require_POST
@member_required
def letter_send(request, public_id):
    seat = seat_for(request)
    return_record, rights = access.get_return_for_user(seat, request.user, public_id)
    if not rights.moderate:
        deny_write()
    record = Moderation.objects.filter(return_record=return_record, partnership=seat.partnership).first()
    if record is None or not record.letter.strip():
        messages.error(request, "Write the feedback letter on the moderation page before sending it.")
        return redirect(_return_url(return_record))
    services.feedback_letter_send(moderation=record)
    messages.success(request, "The feedback letter was sent to the agency's leads.")
    return redirect(_return_url(return_record) + "#moderation")


@require_safe
@member_required
def letter_pdf(request, public_id):
    """The partnership's feedback letter: small (one agency), so it is rendered on download."""
    from safeguarding.pdf import render_template

    seat = seat_for(request)
    return_record, rights = access.get_return_for_user(seat, request.user, public_id)
    record = Moderation.objects.filter(return_record=return_record, partnership=seat.partnership).first()
    if record is None or (not rights.moderate and record.letter_sent_at is None) or not record.letter.strip():
        raise Http404
    sections, _ = _return_page_data(return_record, seat.partnership)
    pdf = render_template(
        "pdf/audits_letter.html",
        {
            "title": f"Section 11 feedback: {return_record.agency.name}",
            "return": return_record,
            "cycle": return_record.cycle,
            "moderation": record,
            "sections": sections,
            "partnership": seat.partnership,
        },
    )
    response = HttpResponse(pdf.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(str(return_record))}-feedback.pdf"'
    return response
