"""Rendering PDFs with WeasyPrint: tagged (PDF/UA-1), and unable to reach anything but the portal's own static
files. Render only in the `pdf` Celery worker or a management command, never in a web request.

Documents are HTML templates extending templates/pdf/base.html. Links and images in them resolve against
BASE_URL; the fetcher serves `BASE_URL/static/...` from the static files and data: URIs (charts), and refuses
every other URL: no file://, no network, no redirects (see CVE-2025-68616).
"""

from __future__ import annotations

import gc
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)
BASE_URL = "https://portal.invalid/"
STATIC_PREFIX = BASE_URL + "static/"
MAX_STATIC_BYTES = 5 * 1024 * 1024


class RefusedURL(ValueError):
    pass


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PortalURLFetcher(URLFetcher):
        def __init__(self):
            super().__init__(timeout=2, allowed_protocols={"data", "https"}, allow_redirects=False)

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith(STATIC_PREFIX):
                relative = url.removeprefix(STATIC_PREFIX).split("?", 1)[0].split("#", 1)[0]
                path = finders.find(relative) if ".." not in relative else None
                if path and Path(path).is_file() and Path(path).stat().st_size <= MAX_STATIC_BYTES:
                    content_type = _content_type(path)
                    return URLFetcherResponse(url, Path(path).read_bytes(), {"Content-Type": content_type})
            logger.warning("PDF rendering refused to fetch %s", url[:200])
            raise RefusedURL(f"The PDF renderer fetches only the portal's static files, not {url[:80]}")

    return PortalURLFetcher


def _content_type(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return {
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".woff2": "font/woff2",
    }.get(suffix, "application/octet-stream")


def url_fetcher():
    return _fetcher_class()()


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int
    sha256: str


def render_html(html: str) -> RenderedPdf:
    """HTML (with <title> and <html lang>) to a tagged PDF."""
    from weasyprint import HTML  # slow to import: only where PDFs are made

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher()).render()
    content = document.write_pdf(pdf_variant="pdf/ua-1")
    return RenderedPdf(content=content, pages=len(document.pages), sha256=hashlib.sha256(content).hexdigest())


def warm_up() -> None:
    """Prepare a process that forks renderers (the pdf worker's main process, reports/bench.py).

    Imports WeasyPrint and loads the print stylesheet and its fonts, regular and bold: about a second, paid
    once here rather than by each child's first document. Then freezes the heap: what is loaded by now is
    never scanned by the garbage collector again, so a render in a forked child runs shorter collections
    (they took about a sixth of a report's time) and leaves more memory shared with the parent.
    """
    render_html(
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Warm-up</title>'
        f'<link rel="stylesheet" href="{STATIC_PREFIX}pdf/print.css"></head>'
        "<body><h1>Warm-up</h1><p>Text</p></body></html>"
    )
    gc.collect()
    gc.freeze()


def render_template(template: str, context: dict) -> RenderedPdf:
    context = {"portal_name": settings.PORTAL_NAME, "static": STATIC_PREFIX, **context}
    return render_html(render_to_string(template, context))
