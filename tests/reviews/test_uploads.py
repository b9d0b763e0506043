"""Sniffing evidence types from their content."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from reviews.uploads import SNIFF_BYTES, TEXT, sniff


def test_text_whose_sample_ends_inside_a_multibyte_character_is_still_text():
    content = b"a" * (SNIFF_BYTES - 1) + "é".encode() + b" more"
    assert sniff(SimpleUploadedFile("x.txt", content)) == TEXT


def test_latin1_text_is_not_accepted_as_utf8():
    assert sniff(SimpleUploadedFile("x.txt", "café £5".encode("latin-1") + b" and more words")) is None


def test_a_zip_that_is_neither_word_nor_excel_is_refused():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("ppt/presentation.xml", "<x/>")
    assert sniff(SimpleUploadedFile("x.docx", buffer.getvalue())) is None


def test_sniffing_leaves_the_file_at_its_start():
    upload = SimpleUploadedFile("x.pdf", b"%PDF-1.4 rest")
    sniff(upload)
    assert upload.read(5) == b"%PDF-"
