import pypdf
import pytest

from safeguarding.pdf import STATIC_PREFIX, RefusedURL, render_html, url_fetcher


def page(body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Hostile test</title>'
        f'<link rel="stylesheet" href="{STATIC_PREFIX}pdf/print.css"></head><body>{body}</body></html>'
    )


def test_a_tagged_pdf_with_title_and_language():
    import io

    rendered = render_html(page("<h1>Yearly report</h1><p>Text.</p>"))
    reader = pypdf.PdfReader(io.BytesIO(rendered.content))
    assert reader.metadata.title == "Hostile test"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert rendered.pages == 1 and len(rendered.sha256) == 64


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/",
        "http://localhost/admin/",
        "https://portal.invalid/media/secret.pdf",
        "https://portal.invalid/static/../../settings.py",
        "ftp://127.0.0.1/x",
    ],
)
def test_the_fetcher_refuses_everything_but_static_files(url):
    with pytest.raises(RefusedURL):
        url_fetcher().fetch(url)


def test_the_fetcher_serves_static_files_and_data_uris():
    response = url_fetcher().fetch(STATIC_PREFIX + "pdf/print.css")
    assert b"@page" in response.read()
    assert url_fetcher().fetch("data:text/plain;base64,aGk=").read() == b"hi"


def test_hostile_links_and_images_produce_no_file_content_and_no_crash():
    import io

    body = (
        '<img src="file:///etc/passwd" alt="x"><img src="http://127.0.0.1:1/" alt="y">'
        '<a href="file:///etc/passwd">link</a><object data="file:///etc/passwd"></object>'
        '<iframe src="file:///etc/hostname"></iframe><link rel="attachment" href="file:///etc/passwd">'
    )
    rendered = render_html(page(body))
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(rendered.content)).pages)
    assert "root:" not in text
    assert b"root:x:0:0" not in rendered.content
