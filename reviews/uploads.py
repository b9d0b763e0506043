"""Checking uploaded evidence: its size, and its real type from its first bytes rather than its name.

Accepted: PDF, Word (DOCX), Excel (XLSX), PNG, JPEG and plain text. DOCX and XLSX are ZIP packages, told
apart by the parts they list; their contents are never extracted, so a ZIP bomb costs nothing.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str


PDF = FileType("pdf", "application/pdf", "PDF")
DOCX = FileType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document"
)
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel workbook")
PNG = FileType("png", "image/png", "PNG image")
JPEG = FileType("jpg", "image/jpeg", "JPEG image")
TEXT = FileType("txt", "text/plain; charset=utf-8", "Plain text")

# The extensions people's files may carry for each type.
EXTENSIONS = {"pdf": PDF, "docx": DOCX, "xlsx": XLSX, "png": PNG, "jpg": JPEG, "jpeg": JPEG, "txt": TEXT}
ACCEPTED_HELP = "PDF, Word (.docx), Excel (.xlsx), PNG, JPEG or plain text (.txt)"
SNIFF_BYTES = 8192


def _zip_type(upload) -> FileType | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The sample may end part-way through a multi-byte character.
        if error.start < len(head) - 3:
            return False
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return controls == 0


def sniff(upload) -> FileType | None:
    """The file's real type from its content, or None if it is none of the accepted types."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(upload)
    if head and _is_text(head):
        return TEXT
    return None


def check_evidence(upload) -> FileType:
    """The upload's type if it is acceptable; otherwise a ValidationError saying what is wrong."""
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(f"The file must be {filesizeformat(limit)} or smaller.", code="too_big")
    if upload.size == 0:
        raise ValidationError("The file is empty.", code="empty")
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    claimed = EXTENSIONS.get(extension)
    if claimed is None:
        raise ValidationError(f"The file must be a {ACCEPTED_HELP}.", code="extension")
    actual = sniff(upload)
    if actual != claimed:
        raise ValidationError(
            f"The file's content is not a {claimed.label}, whatever its name says. Upload a {ACCEPTED_HELP}.",
            code="content",
        )
    return actual
