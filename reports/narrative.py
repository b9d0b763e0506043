"""Narrative text to safe HTML: plain paragraphs and lists, never the author's own HTML."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def to_html(text: str) -> SafeString:
    """Blank lines separate paragraphs; lines starting with '- ' or '* ' make a list.

    Every character of the text is escaped (format_html), so no tag, link, image or style written into a
    narrative reaches the page or the PDF: it shows as the text it is.
    """
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    parts = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if all(line[:2] in {"- ", "* "} for line in lines):
            parts.append(
                format_html(
                    "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((line[2:],) for line in lines))
                )
            )
        else:
            parts.append(format_html("<p>{}</p>", " ".join(lines)))
    return format_html_join("", "{}", ((part,) for part in parts))
