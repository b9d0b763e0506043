"""Partnership pages: profile and footprint, member agencies, people and roles, the partnership switcher."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from partners import access, services
from partners.filters import MembershipFilter
from partners.forms import (
    AgencyForm,
    AgencyJoinForm,
    AreaForm,
    ImportUploadForm,
    InviteForm,
    MembershipEndForm,
    MembershipForm,
    SwitchForm,
)
from partners.imports import MembershipResource, check_rows, import_rows, read_rows
from partners.models import Agency, Membership
from safeguarding import listing
from safeguarding.access import SESSION_KEY, deny_write, member_required, require_role, seat_for
from safeguarding.history import history_for

IMPORT_SESSION_KEY = "partners_import_rows"


def _form_page(request, form, *, title, submit, back, caption="", intro="", danger=False, status=200):
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "back": back,
        "caption": caption,
        "intro": intro,
        "danger": danger,
    }
    return render(request, "partners/form_page.html", context, status=status)


@require_safe
@member_required
def profile(request):
    seat = seat_for(request)
    require_role(seat, access.PROFILE_READERS)
    partnership = seat.partnership
    areas = list(partnership.areas.all())
    counts = (
        Membership.objects.active()
        .filter(partnership=partnership)
        .aggregate(
            total=Count("id"),
            partners=Count("id", filter=Q(statutory_role=Membership.StatutoryRole.SAFEGUARDING_PARTNER)),
        )
    )
    context = {
        "partnership": partnership,
        "areas": areas,
        "totals": {
            "total": sum(a.population_total for a in areas),
            "children": sum(a.population_0_17 for a in areas),
        },
        "counts": counts,
        "can_manage": access.can_manage_partnership(seat),
        "history": history_for(*areas, partnership=partnership) if access.can_view_history(seat) else None,
    }
    return render(request, "partners/profile.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def area_add(request):
    seat = seat_for(request)
    require_role(seat, access.PROFILE_READERS)
    if not access.can_manage_partnership(seat):
        deny_write()
    form = AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        area = form.save(commit=False)
        area.partnership = seat.partnership
        area.save()
        messages.success(request, f"{area.name} added to the footprint.")
        return redirect("partners:profile")
    return _form_page(
        request, form, title="Add a local authority area", submit="Add area", back=reverse("partners:profile")
    )


@require_http_methods(["GET", "POST"])
@member_required
def area_edit(request, pk: int):
    seat = seat_for(request)
    area = access.get_area_for_user(seat, pk)
    if not access.can_manage_partnership(seat):
        deny_write()
    form = AreaForm(request.POST or None, instance=area)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{area.name} updated.")
        return redirect("partners:profile")
    return _form_page(
        request, form, title=f"Edit {area.name}", submit="Save", back=reverse("partners:profile")
    )


@require_safe
@member_required
def agency_list(request):
    seat = seat_for(request)
    require_role(seat, access.PROFILE_READERS)
    memberships = (
        access.memberships_for_user(seat).select_related("agency").order_by("agency__name", "-starts_on")
    )
    filterset = MembershipFilter(request.GET or None, queryset=memberships)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "rows": _agency_rows(page, None if seat.has(*access.ALL_AGENCY_READERS) else seat.agency_ids),
        "query": query.urlencode(),
        "can_manage": access.can_manage_partnership(seat),
    }
    return render(request, "partners/agency_list.html", context)


def _agency_rows(page, visible_ids) -> list[dict]:
    """Each membership's cells, worked out once here: per-row tags and filters were most of the page."""
    agency_url, short_date = listing.url_maker("partners:agency_detail"), listing.short_date_maker()
    sectors, roles = dict(Agency.Sector.choices), dict(Membership.StatutoryRole.choices)
    rows = []
    for membership in page:
        agency = membership.agency
        rows.append(
            {
                "name": agency.name,
                "url": agency_url(agency.public_id)
                if visible_ids is None or agency.pk in visible_ids
                else None,
                "sector": sectors.get(agency.sector, agency.sector),
                "role": roles.get(membership.statutory_role, membership.statutory_role),
                "ended_on": short_date(membership.ends_on),
                "since": short_date(membership.starts_on),
            }
        )
    return rows


@require_safe
@member_required
def agency_export(request, fmt: str):
    seat = seat_for(request)
    require_role(seat, access.PROFILE_READERS)
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    memberships = access.memberships_for_user(seat).select_related("agency").order_by("agency__name")
    filterset = MembershipFilter(request.GET or None, queryset=memberships)
    dataset = MembershipResource().export(filterset.qs)
    content_type = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[fmt]
    response = HttpResponse(dataset.export(fmt), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{seat.partnership.slug}-agencies.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
@member_required
def agency_add(request):
    seat = seat_for(request)
    require_role(seat, access.PROFILE_READERS)
    if not access.can_manage_partnership(seat):
        deny_write()
    form = AgencyJoinForm(request.POST or None, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        membership, created = services.agency_join(partnership=seat.partnership, **form.cleaned_data)
        note = "" if created else " It was already in the portal, so its details are shared."
        messages.success(request, f"{membership.agency.name} is now a member of the partnership.{note}")
        return redirect("partners:agency_detail", public_id=membership.agency.public_id)
    return _form_page(
        request, form, title="Add a member agency", submit="Add agency", back=reverse("partners:agency_list")
    )


@require_http_methods(["GET", "POST"])
@member_required
def agency_import(request):
    seat = seat_for(request)
    require_role(seat, access.PROFILE_READERS)
    if not access.can_manage_partnership(seat):
        deny_write()
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "preview": None}
    if request.method == "POST" and form.is_valid():
        rows, problem = read_rows(form.cleaned_data["file"])
        if problem:
            form.add_error("file", problem)
        else:
            checked = check_rows(rows, seat.partnership)
            valid = all(not row["errors"] for row in checked)
            request.session[IMPORT_SESSION_KEY] = rows if valid else None
            context.update(preview=checked, valid=valid, error_count=sum(1 for r in checked if r["errors"]))
    return render(request, "partners/agency_import.html", context)


@require_POST
@member_required
def agency_import_confirm(request):
    seat = seat_for(request)
    require_role(seat, access.PROFILE_READERS)
    if not access.can_manage_partnership(seat):
        deny_write()
    rows = request.session.get(IMPORT_SESSION_KEY)
    if not rows:
        messages.error(request, "There is no checked file to import. Upload it again.")
        return redirect("partners:agency_import")
    checked = check_rows(rows, seat.partnership)
    if any(row["errors"] for row in checked):
        messages.error(
            request, "The file no longer passes its checks (someone changed the agencies). Upload it again."
        )
        return redirect("partners:agency_import")
    with transaction.atomic():
        count = import_rows(rows, seat.partnership)
    del request.session[IMPORT_SESSION_KEY]
    messages.success(request, f"{count} agencies imported.")
    return redirect("partners:agency_list")


@require_safe
@member_required
def agency_detail(request, public_id):
    seat = seat_for(request)
    agency = access.get_agency_for_user(seat, public_id)
    memberships = list(
        Membership.objects.filter(agency=agency, partnership=seat.partnership).order_by("-starts_on")
    )
    people = (
        access.role_assignments_for_user(seat)
        .filter(agency=agency)
        .select_related("user")
        .order_by("user__full_name")
        if access.can_view_people(seat)
        else seat.partnership.role_assignments.none()
    )
    context = {
        "agency": agency,
        "memberships": memberships,
        "people": list(people),
        "can_manage": access.can_manage_partnership(seat),
        "history": history_for(agency, *memberships, partnership=seat.partnership)
        if access.can_view_history(seat)
        else None,
    }
    return render(request, "partners/agency_detail.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def agency_edit(request, public_id):
    seat = seat_for(request)
    agency = access.get_agency_for_user(seat, public_id)
    if not access.can_manage_partnership(seat):
        deny_write()
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{agency.name} updated.")
        return redirect("partners:agency_detail", public_id=agency.public_id)
    back = reverse("partners:agency_detail", kwargs={"public_id": agency.public_id})
    return _form_page(request, form, title=f"Edit {agency.name}", submit="Save", back=back)


@require_http_methods(["GET", "POST"])
@member_required
def membership_edit(request, pk: int):
    seat = seat_for(request)
    membership = access.get_membership_for_user(seat, pk)
    if not access.can_manage_partnership(seat):
        deny_write()
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Membership of {membership.agency.name} updated.")
        return redirect("partners:agency_detail", public_id=membership.agency.public_id)
    back = reverse("partners:agency_detail", kwargs={"public_id": membership.agency.public_id})
    return _form_page(
        request, form, title=f"Edit membership: {membership.agency.name}", submit="Save", back=back
    )


@require_http_methods(["GET", "POST"])
@member_required
def membership_end(request, pk: int):
    seat = seat_for(request)
    membership = access.get_membership_for_user(seat, pk)
    if not access.can_manage_partnership(seat):
        deny_write()
    if not membership.is_active:
        raise Http404
    form = MembershipEndForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        services.membership_end(membership=membership, ends_on=form.cleaned_data["ends_on"])
        messages.success(request, f"The membership of {membership.agency.name} has ended.")
        return redirect("partners:agency_detail", public_id=membership.agency.public_id)
    back = reverse("partners:agency_detail", kwargs={"public_id": membership.agency.public_id})
    return _form_page(
        request,
        form,
        title=f"End the membership of {membership.agency.name}",
        submit="End membership",
        back=back,
        danger=True,
    )


@require_safe
@member_required
def people(request):
    seat = seat_for(request)
    require_role(seat, access.PEOPLE_READERS)
    assignments = (
        access.role_assignments_for_user(seat)
        .select_related("user", "agency")
        .order_by("user__full_name", "role")
    )
    page = Paginator(assignments, 100).get_page(request.GET.get("page"))
    context = {"page": page, "can_manage": access.can_manage_partnership(seat)}
    return render(request, "partners/people.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def person_invite(request):
    seat = seat_for(request)
    require_role(seat, access.PEOPLE_READERS)
    if not access.can_manage_partnership(seat):
        deny_write()
    form = InviteForm(request.POST or None, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        result = services.person_invite(
            partnership=seat.partnership, invited_by=request.user, **form.cleaned_data
        )
        person = result.assignment.user
        how = "an invitation to set a password" if result.new_account else "a message about the new role"
        messages.success(
            request, f"{person.full_name} now holds the role. We have sent {person.email} {how}."
        )
        return redirect("partners:people")
    return _form_page(
        request,
        form,
        title="Invite a person",
        submit="Send invitation",
        back=reverse("partners:people"),
        intro="The person gets an e-mail. New people set their own password with a one-time link.",
    )


@require_http_methods(["GET", "POST"])
@member_required
def role_remove(request, pk: int):
    seat = seat_for(request)
    require_role(seat, access.PEOPLE_READERS)
    assignment = access.get_role_assignment_for_user(seat, pk)
    if not access.can_manage_partnership(seat):
        deny_write()
    if request.method == "POST":
        services.role_remove(assignment=assignment)
        messages.success(request, f"{assignment.user.full_name} no longer holds the role {assignment}.")
        return redirect("partners:people")
    return render(request, "partners/role_remove.html", {"assignment": assignment})


@require_POST
@member_required
def partnership_switch(request):
    seat = seat_for(request)
    form = SwitchForm(request.POST)
    chosen = None
    if form.is_valid():
        chosen = next((p for p in seat.partnerships if p.slug == form.cleaned_data["partnership"]), None)
    if chosen is None:
        raise Http404
    request.session[SESSION_KEY] = chosen.pk
    messages.success(request, f"You are now looking at {chosen.name}.")
    return redirect("home")
