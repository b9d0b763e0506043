"""Showing a published report's stored HTML on the public page.

The HTML was produced by the portal's own templates (narrative already escaped and cleaned); it is cleaned
again here with an allowlist, so nothing but document structure, tables and chart images can reach the page.
"""

import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

TAGS = {
    "section",
    "h2",
    "h3",
    "h4",
    "p",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "figure",
    "figcaption",
    "img",
    "a",
    "span",
    "div",
    "dl",
    "dt",
    "dd",
}
ATTRIBUTES = {
    "*": {"class", "id"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "a": {"href"},
}


@register.filter
def stored_report_html(html: str) -> str:
    cleaned = nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"https", "data"}, link_rel="noopener noreferrer"
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 with the allowlist above
