from django import template

from audits import heatmap

register = template.Library()


@register.simple_tag
def return_status_tag(status):
    """A return's status as a tag (audits.heatmap.status_tag, which the heatmap's rows use too)."""
    return heatmap.status_tag(status)
