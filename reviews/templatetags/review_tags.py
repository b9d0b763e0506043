"""Showing clocks and action statuses the same way on every page."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from reviews.models import Action

register = template.Library()

# Status -> (GOV.UK tag colour, text). Colour is never the only signal: the text says the same.
CLOCK_TAGS = {
    "red": ("red", "Overdue"),
    "amber": ("yellow", "Due soon"),
    "green": ("green", "On track"),
    "done": ("green", "Done on time"),
    "late": ("orange", "Done late"),
    "waiting": ("grey", "Not started"),
}
ACTION_TAGS = {
    "not_started": "grey",
    "in_progress": "blue",
    "complete": "green",
    "withdrawn": "grey",
}


@register.simple_tag
def clock_tag(status: str):
    if not status:
        return ""
    colour, text = CLOCK_TAGS[status]
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


@register.simple_tag
def action_tag(action, today):
    return action_status_tag(action.status, action.due_on, today)


def action_status_tag(status: str, due_on, today):
    """An action's status tag from its values, for lists that read values rather than actions."""
    if Action.is_overdue_for(status, due_on, today):
        return mark_safe('<strong class="govuk-tag govuk-tag--red">Overdue</strong>')  # noqa: S308
    label = Action.Status(status).label
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', ACTION_TAGS[status], label)


@register.filter
def days_left(days) -> str:
    """Working days to a due date in words: '3 working days left', 'Due today', 'Overdue by 2 ...'."""
    if days is None or days == "":
        return ""
    days = int(days)
    if days == 0:
        return "Due today"
    plural = "s" if abs(days) != 1 else ""
    if days < 0:
        return f"Overdue by {-days} working day{plural}"
    return f"{days} working day{plural} left"
