"""What the archive accepts as a material file: decided by the content, never by the name alone.

A file's name says what it claims to be (its extension); its first bytes and its structure must agree:
  PDF     starts with %PDF- and parses far enough to count its pages (pypdf);
  images  JPEG / PNG / WebP that Pillow opens as that format, within the photo pixel limit of cases.media;
  Office  .docx/.xlsx/.pptx are zip containers whose [Content_Types].xml names the matching main part;
          .doc/.xls/.ppt are OLE compound files holding the matching stream (WordDocument, Workbook, …).
Anything else, or a file whose content is not what its name says, is refused with a message a user can read.

The client's file name is only a label: it is refused if it carries a path (/, \\, ..), a drive, NUL or
control characters, and the stored name is made by us (the storage picks it from our own prefix).
"""

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 50 * MB
MAX_NAME = 150
MAX_PIXELS = 52_000_000  # as cases.media: a 50-megapixel photo passes, a decompression bomb does not
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CHUNK = 64 * 1024


@dataclass(frozen=True)
class _Type:
    label: str  # what the user is told the file should be
    content_type: str


PDF = _Type("PDF", "application/pdf")
JPEG = _Type("JPEG", "image/jpeg")
PNG = _Type("PNG", "image/png")
WEBP = _Type("WebP", "image/webp")
DOCX = _Type("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = _Type("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PPTX = _Type("PowerPoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation")
DOC = _Type("Word 97-2003", "application/msword")
XLS = _Type("Excel 97-2003", "application/vnd.ms-excel")
PPT = _Type("PowerPoint 97-2003", "application/vnd.ms-powerpoint")

BY_EXTENSION = {
    ".pdf": PDF,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".png": PNG,
    ".webp": WEBP,
    ".docx": DOCX,
    ".xlsx": XLSX,
    ".pptx": PPTX,
    ".doc": DOC,
    ".xls": XLS,
    ".ppt": PPT,
}
PILLOW_FORMAT = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}
# The main part an OOXML package of each kind declares in [Content_Types].xml.
OOXML_MAIN = {
    DOCX: b"wordprocessingml.document.main+xml",
    XLSX: b"spreadsheetml.sheet.main+xml",
    PPTX: b"presentationml.presentation.main+xml",
}
# The stream an OLE compound file of each kind holds; directory entries spell names in UTF-16LE.
OLE_STREAMS = {
    DOC: ("WordDocument",),
    XLS: ("Workbook", "Book"),
    PPT: ("PowerPoint Document",),
}
PATH_TRICK = re.compile(r"[/\\]|^\.\.|^\.$|^[A-Za-z]:")


class FileRejected(ValueError):
    """A file we do not take; `message` is for the user, `code` for programs and tests."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    content_type: str
    size: int
    sha256: str


def clean_file_name(name: str) -> str:
    """The client's file name as a label, or FileRejected if it tries to be a path or hides characters."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise FileRejected(gettext("The file has no name."), code="no_name")
    if "\x00" in name or any(unicodedata.category(char) == "Cc" for char in name) or PATH_TRICK.search(name):
        raise FileRejected(
            gettext(
                "The file name “%(name)s” contains a path or control characters (slashes, .., a drive or NUL); "
                "rename the file and upload it again."
            )
            % {"name": name.replace("\x00", "\\0")[:MAX_NAME]},
            code="path_in_name",
        )
    if len(name) > MAX_NAME:
        raise FileRejected(
            gettext("The file name is longer than %(count)s characters.") % {"count": MAX_NAME}, code="long_name"
        )
    return name


def check_file(stream: BinaryIO, *, name: str, max_bytes: int | None = None) -> CheckedFile:
    """Check an uploaded file against what its name says it is; raise FileRejected or return its facts."""
    name = clean_file_name(name)
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    expected = BY_EXTENSION.get(extension)
    if expected is None:
        raise FileRejected(
            gettext("Only PDF, images (JPG, PNG, WebP) and Office files (Word, Excel, PowerPoint) are accepted."),
            code="type",
        )
    limit = max_bytes or getattr(settings, "ARCHIVE_FILE_MAX_BYTES", DEFAULT_MAX_BYTES)
    size, sha256 = _measure(stream, limit)
    if size == 0:
        raise FileRejected(gettext("The file is empty."), code="empty")
    if size > limit:
        raise FileRejected(
            gettext("The file is larger than %(size)s.") % {"size": filesizeformat(limit)}, code="too_large"
        )
    stream.seek(0)
    if not _is(expected, stream):
        raise FileRejected(
            gettext("“%(name)s” is not a %(type)s file: its content does not match its name.")
            % {"name": name, "type": expected.label},
            code="mismatch",
        )
    stream.seek(0)
    return CheckedFile(name=name, extension=extension, content_type=expected.content_type, size=size, sha256=sha256)


def _measure(stream: BinaryIO, limit: int) -> tuple[int, str]:
    stream.seek(0)
    digest, size = hashlib.sha256(), 0
    while size <= limit:
        chunk = stream.read(CHUNK)
        if not chunk:
            break
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def _is(expected: _Type, stream: BinaryIO) -> bool:
    head = stream.read(1024)
    stream.seek(0)
    if expected is PDF:
        return head.lstrip().startswith(b"%PDF-") and _pdf_parses(stream)
    if expected in PILLOW_FORMAT:
        return _image_is(stream, PILLOW_FORMAT[expected])
    if expected in OOXML_MAIN:
        return head.startswith(b"PK\x03\x04") and _ooxml_is(stream, OOXML_MAIN[expected])
    if expected in OLE_STREAMS:
        return head.startswith(OLE_SIGNATURE) and _ole_has(stream, OLE_STREAMS[expected])
    return False


def _pdf_parses(stream: BinaryIO) -> bool:
    from pypdf import PdfReader

    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted:
            return False
        return len(reader.pages) > 0
    except Exception:  # any parser failure means "not a readable PDF"
        return False


def _image_is(stream: BinaryIO, pillow_format: str) -> bool:
    from PIL import Image

    try:
        with Image.open(stream) as image:
            if image.format != pillow_format or image.width * image.height > MAX_PIXELS:
                return False
            image.verify()
        return True
    except Exception:  # Pillow raises many kinds for a broken or foreign file
        return False


def _ooxml_is(stream: BinaryIO, main_part: bytes) -> bool:
    try:
        with zipfile.ZipFile(stream) as package:
            info = package.getinfo("[Content_Types].xml")
            if info.file_size > MB:
                return False
            return main_part in package.read(info)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        return False


def _ole_has(stream: BinaryIO, streams: tuple[str, ...]) -> bool:
    # The directory of a compound file is not at a fixed place; the stream names are short and distinctive
    # enough that finding one, spelled as the directory spells it, tells a Word file from an Excel one.
    wanted = [name.encode("utf-16-le") for name in streams]
    tail = b""
    while chunk := stream.read(CHUNK):
        window = tail + chunk
        if any(name in window for name in wanted):
            return True
        tail = window[-64:]
    return False
