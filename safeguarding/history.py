"""Reading the audit trail for display: who changed what on a record's page."""

from __future__ import annotations

import pghistory.models

from partners.models import RoleAssignment
from safeguarding.models import User

LABELS = {"insert": "Created", "update": "Changed", "delete": "Deleted"}


def _record_name(model_label: str) -> str:
    """'partners.LocalAuthorityArea' -> 'local authority area'."""
    name = model_label.split(".")[-1]
    return "".join(f" {c.lower()}" if c.isupper() else c for c in name).strip()


def history_for(*objs, partnership, limit: int = 50) -> list[dict]:
    """Events of the given records, newest first. People outside `partnership` are not named."""
    if not objs:
        return []
    by_model: dict[type, list] = {}
    for obj in objs:
        by_model.setdefault(type(obj), []).append(obj)
    events = []
    for group in by_model.values():
        events += pghistory.models.Events.objects.tracks(*group).order_by("-pgh_created_at")[:limit]
    events = sorted(events, key=lambda e: e.pgh_created_at, reverse=True)[:limit]
    user_ids = {e.pgh_context.get("user") for e in events if e.pgh_context and e.pgh_context.get("user")}
    # Named only when they hold a role in this partnership: one query, as a semi-join on their roles.
    insiders = RoleAssignment.objects.filter(partnership=partnership).values("user_id")
    names = dict(User.objects.filter(pk__in=user_ids).filter(pk__in=insiders).values_list("pk", "full_name"))
    rows = []
    for event in events:
        context = event.pgh_context or {}
        user_id = context.get("user")
        if user_id in names:
            who = names[user_id]
        elif user_id:
            who = "Someone outside this partnership"
        elif context.get("task"):
            who = "The portal (scheduled task)"
        else:
            who = "The portal"
        changes = []
        if event.pgh_label == "update" and event.pgh_diff:
            changes = [
                {"field": field.replace("_", " "), "old": values[0], "new": values[1]}
                for field, values in sorted(event.pgh_diff.items())
            ]
        rows.append(
            {
                "when": event.pgh_created_at,
                "who": who,
                "what": f"{LABELS.get(event.pgh_label, 'Changed')}: {_record_name(event.pgh_obj_model)}",
                "changes": changes,
            }
        )
    return rows
