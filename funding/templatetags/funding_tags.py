from django import template

from funding import models, money

register = template.Library()


@register.filter
def pounds(value):
    """A Decimal amount as pounds and pence with thousands separators: £254,000.00."""
    return money.pounds(value)


@register.filter
def percent(value):
    return money.percent(value)


@register.filter
def year_label(start_year):
    """2025 -> 2025-26."""
    return models.year_label(int(start_year))


@register.filter
def is_overdue(contribution, today):
    return contribution.is_overdue(today)
