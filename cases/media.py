"""Photos and short videos attached to cases (案卷照片、视频): the one place that decides what we accept and store.

`clean_upload()` decides the type from the file's first bytes (never from its name), refuses what we do not
take with a message a user can read (`UploadRejected`), and returns a `CleanUpload` ready to store.

Photos (JPEG, PNG, WebP) are fully decoded, so a damaged or truncated file is refused here rather than shown
broken later. The capture time and GPS position are read from the original EXIF, the EXIF orientation is
applied, and the picture is re-encoded from its pixels alone, in the same format: nothing of the original
metadata survives (EXIF with the GPS position and phone model, XMP, comments, ICC profile). A photo with an ICC
profile (iPhones write Display P3) is first converted to sRGB so that its colours survive the loss of the
profile. Photos longer than `CASE_PHOTO_MAX_SIDE` are scaled down. Animated PNG/WebP keep their first frame.

Videos (MP4, MOV, WebM) are only checked by their container signature and size; there is no ffmpeg here, so
they are stored unchanged, metadata included.

Settings, each with a default: `CASE_PHOTO_MAX_BYTES` (15 MB), `CASE_VIDEO_MAX_BYTES` (60 MB),
`CASE_PHOTO_MAX_SIDE` (4096 px), `CASE_PHOTO_MAX_PIXELS` (52 million: a 50-megapixel phone camera's
8160 × 6120 passes, a decompression bomb does not). We check the pixel count from the header ourselves instead
of lowering Pillow's process-wide `Image.MAX_IMAGE_PIXELS`.
"""

import hashlib
import io
import logging
import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import BinaryIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from PIL import ExifTags, Image, ImageCms, ImageFile, ImageOps

logger = logging.getLogger(__name__)

MB = 1024 * 1024
DEFAULT_PHOTO_MAX_BYTES = 15 * MB
DEFAULT_VIDEO_MAX_BYTES = 60 * MB
DEFAULT_PHOTO_MAX_SIDE = 4096
DEFAULT_PHOTO_MAX_PIXELS = 52_000_000
THUMBNAIL_SIDE = 320
JPEG_QUALITY = 85
THUMBNAIL_QUALITY = 80
# Phones write EXIF times as local wall-clock time; without an offset tag we take it as China time.
EXIF_DEFAULT_TZ = ZoneInfo("Asia/Shanghai")
# Enough for every signature below, including an ftyp box with a dozen compatible brands and an EBML DocType.
HEAD_BYTES = 64


@dataclass(frozen=True)
class CleanUpload:
    kind: str  # "photo" or "video"
    content_type: str
    extension: str  # from the content, never from the file name
    data: bytes  # photos re-encoded without metadata; videos unchanged
    thumbnail: bytes | None  # JPEG, longest side THUMBNAIL_SIDE, photos only
    width: int | None
    height: int | None
    captured_at: datetime | None
    lat: float | None  # WGS-84, as the phone wrote it
    lng: float | None
    sha256: str  # of `data`

    def save_files(self, record, *, thumbnail_suffix: str = "") -> None:
        """Put the file (and the thumbnail, if any) on `record`'s `file` and `thumbnail` fields, named by content;
        the caller saves the record."""
        from django.core.files.base import ContentFile

        record.file.save(f"{self.sha256[:16]}{self.extension}", ContentFile(self.data), save=False)
        if self.thumbnail:
            record.thumbnail.save(f"{self.sha256[:16]}{thumbnail_suffix}.jpg", ContentFile(self.thumbnail), save=False)


class UploadRejected(ValueError):
    """An upload we do not accept; `message` is for the user, `code` for programs and tests."""

    def __init__(self, message: str, *, code: str, filename: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code
        self.filename = filename


@dataclass(frozen=True)
class _Format:
    kind: str
    content_type: str
    extension: str
    pillow_format: str | None = None


JPEG = _Format("photo", "image/jpeg", ".jpg", "JPEG")
PNG = _Format("photo", "image/png", ".png", "PNG")
WEBP = _Format("photo", "image/webp", ".webp", "WEBP")
MP4 = _Format("video", "video/mp4", ".mp4")
MOV = _Format("video", "video/quicktime", ".mov")
WEBM = _Format("video", "video/webm", ".webm")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EBML_SIGNATURE = b"\x1a\x45\xdf\xa3"
# Windows (MZ), Linux (ELF), macOS (Mach-O, 32/64 bit, both byte orders, universal) and scripts.
PROGRAM_SIGNATURES = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe")
PROGRAM_SIGNATURES += (b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")
# ISO-BMFF `ftyp` brands.
QUICKTIME_BRANDS = {b"qt  "}
MP4_BRANDS = {b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"iso7", b"iso8", b"iso9", b"mp41", b"mp42"}
MP4_BRANDS |= {b"mp71", b"avc1", b"M4V ", b"M4VH", b"M4VP", b"MSNV", b"XAVC", b"dash", b"mmp4", b"f4v "}
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"mif2", b"msf1"}
HEIF_BRANDS |= {b"avif", b"avis", b"avci"}


def clean_upload(
    source: bytes | bytearray | memoryview | BinaryIO,
    *,
    filename: str = "",
    max_photo_bytes: int | None = None,
    max_video_bytes: int | None = None,
) -> CleanUpload:
    """Check an uploaded photo or video by its content and return what to store, or raise `UploadRejected`.

    `source` is the bytes or a binary file object (e.g. Django's `UploadedFile`), read from its start and never
    beyond the size limit + 1 byte. `filename` is only carried on the error for messages and logs.
    """
    photo_limit = _limit(max_photo_bytes, "CASE_PHOTO_MAX_BYTES", DEFAULT_PHOTO_MAX_BYTES)
    video_limit = _limit(max_video_bytes, "CASE_VIDEO_MAX_BYTES", DEFAULT_VIDEO_MAX_BYTES)
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray | memoryview) else source
    if getattr(stream, "seekable", lambda: False)():
        stream.seek(0)

    head = _read(stream, min(HEAD_BYTES, max(photo_limit, video_limit) + 1))
    if not head:
        raise UploadRejected(gettext("The file is empty."), code="empty", filename=filename)
    fmt = _sniff(head, filename)
    limit = photo_limit if fmt.kind == "photo" else video_limit
    data = head + _read(stream, limit + 1 - len(head))
    if len(data) > limit:
        if fmt.kind == "photo":
            message = gettext("The photo is too large: at most %(limit)s.")
        else:
            message = gettext("The video is too large: at most %(limit)s.")
        raise UploadRejected(
            message % {"limit": filesizeformat(limit)}, code=f"{fmt.kind}_too_large", filename=filename
        )

    if fmt.kind == "video":
        return CleanUpload(
            kind="video",
            content_type=fmt.content_type,
            extension=fmt.extension,
            data=data,
            thumbnail=None,
            width=None,
            height=None,
            captured_at=None,
            lat=None,
            lng=None,
            sha256=hashlib.sha256(data).hexdigest(),
        )
    return _clean_photo(data, fmt, filename)


def _limit(argument: int | None, setting: str, default: int) -> int:
    return argument if argument is not None else getattr(settings, setting, default)


def _read(stream: BinaryIO, size: int) -> bytes:
    """Up to `size` bytes; `read()` of a raw stream may return fewer than asked before the end."""
    chunks = []
    while size > 0 and (chunk := stream.read(size)):
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _sniff(head: bytes, filename: str) -> _Format:
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(PNG_SIGNATURE):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp":
        return _sniff_iso_media(head, filename)
    if head.startswith(EBML_SIGNATURE):
        if _ebml_doctype(head) == b"webm":
            return WEBM
        raise UploadRejected(
            gettext("This video format is not supported. Please send an MP4, MOV or WebM video."),
            code="unsupported_video",
            filename=filename,
        )
    if head.startswith(PROGRAM_SIGNATURES):
        raise UploadRejected(
            gettext("This file is a program, not a photo or video, and cannot be attached."),
            code="program",
            filename=filename,
        )
    raise UploadRejected(
        gettext(
            "This is not a photo or video file. Please send a JPEG, PNG or WebP photo, or an MP4, MOV or WebM video."
        ),
        code="unknown_type",
        filename=filename,
    )


def _sniff_iso_media(head: bytes, filename: str) -> _Format:
    """MP4, MOV, or HEIC/AVIF photos, all ISO-BMFF: decided by the `ftyp` box's major and compatible brands."""
    box_size = int.from_bytes(head[:4], "big")
    major = head[8:12]
    compatible = {head[i : i + 4] for i in range(16, min(box_size, len(head)) - 3, 4)}
    if box_size >= 16:
        if major in QUICKTIME_BRANDS:
            return MOV
        if major in MP4_BRANDS:
            return MP4
        if ({major} | compatible) & HEIF_BRANDS:
            raise UploadRejected(
                gettext(
                    "HEIC/HEIF and AVIF photos cannot be used here. Please send the photo as JPEG: on an iPhone, choose Settings → Camera → Formats → Most Compatible."
                ),
                code="heic",
                filename=filename,
            )
        if compatible & QUICKTIME_BRANDS:
            return MOV
        if compatible & MP4_BRANDS:
            return MP4
    raise UploadRejected(
        gettext("This video format is not supported. Please send an MP4, MOV or WebM video."),
        code="unsupported_video",
        filename=filename,
    )


def _ebml_doctype(head: bytes) -> bytes | None:
    """The DocType of an EBML header ("webm", "matroska"), if it is within `head`."""
    at = head.find(b"\x42\x82", len(EBML_SIGNATURE))
    if at < 0 or at + 2 >= len(head) or not head[at + 2] & 0x80:
        return None
    length = head[at + 2] & 0x7F
    return head[at + 3 : at + 3 + length]


def _clean_photo(data: bytes, fmt: _Format, filename: str) -> CleanUpload:
    max_pixels = getattr(settings, "CASE_PHOTO_MAX_PIXELS", DEFAULT_PHOTO_MAX_PIXELS)
    max_side = getattr(settings, "CASE_PHOTO_MAX_SIDE", DEFAULT_PHOTO_MAX_SIDE)
    image = _decode(data, fmt, filename, max_pixels=max_pixels, max_side=max_side)

    captured_at, lat, lng = _metadata(image, filename)
    try:
        ImageOps.exif_transpose(image, in_place=True)
    except Exception:
        logger.info("Unreadable EXIF orientation in %r; stored as decoded.", filename, exc_info=True)
    image = _to_srgb(image, filename)
    image = _normalize_mode(image, fmt)
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)

    # A new image holds the pixels only: no info dict, no EXIF, XMP, ICC profile or comment for a saver to copy.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    stored = _encode(clean, fmt.pillow_format)
    return CleanUpload(
        kind="photo",
        content_type=fmt.content_type,
        extension=fmt.extension,
        data=stored,
        thumbnail=_thumbnail(clean),
        width=clean.width,
        height=clean.height,
        captured_at=captured_at,
        lat=lat,
        lng=lng,
        sha256=hashlib.sha256(stored).hexdigest(),
    )


def _decode(data: bytes, fmt: _Format, filename: str, *, max_pixels: int, max_side: int) -> Image.Image:
    """Open and fully decode the photo, refusing bombs and damaged files; `verify()` first, then `load()`."""
    too_many_pixels = UploadRejected(
        gettext("The photo has too many pixels: at most %(limit)s megapixels.") % {"limit": max_pixels // 1_000_000},
        code="too_many_pixels",
        filename=filename,
    )
    # A library may switch Pillow to accept truncated files for the whole process (WeasyPrint does, on
    # import); an upload must never be let through half-decoded, so say it again before every decode.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with Image.open(io.BytesIO(data), formats=[fmt.pillow_format]) as probe:
            if probe.width * probe.height > max_pixels:
                raise too_many_pixels
            probe.verify()
        image = Image.open(io.BytesIO(data), formats=[fmt.pillow_format])
        if fmt is JPEG and max(image.size) > max_side:
            # Decode a large JPEG at 1/2, 1/4 or 1/8 scale, still no smaller than what we keep; all data is read.
            ratio = max_side / max(image.size)
            image.draft(image.mode, (math.ceil(image.width * ratio), math.ceil(image.height * ratio)))
        image.load()
    except UploadRejected:
        raise
    except Image.DecompressionBombError:
        raise too_many_pixels from None
    except Exception:
        # Pillow raises many kinds of errors on hostile or broken input; each means the same to the user.
        logger.info("Undecodable %s upload %r.", fmt.pillow_format, filename, exc_info=True)
        raise UploadRejected(
            gettext("The photo is damaged or incomplete and cannot be opened. Please take or send it again."),
            code="broken_image",
            filename=filename,
        ) from None
    return image


def _metadata(image: Image.Image, filename: str) -> tuple[datetime | None, float | None, float | None]:
    """Capture time and GPS position from the original EXIF; anything unreadable is simply absent."""
    try:
        exif = image.getexif()
    except Exception:
        logger.info("Unreadable EXIF in %r.", filename, exc_info=True)
        return None, None, None
    captured_at = lat = lng = None
    try:
        captured_at = _captured_at(exif)
    except Exception:
        logger.info("Unreadable EXIF date in %r.", filename, exc_info=True)
    try:
        lat, lng = _position(exif)
    except Exception:
        logger.info("Unreadable EXIF GPS in %r.", filename, exc_info=True)
    return captured_at, lat, lng


def _captured_at(exif: Image.Exif) -> datetime | None:
    tags = ExifTags.Base
    details = exif.get_ifd(ExifTags.IFD.Exif)
    candidates = (
        (tags.DateTimeOriginal, tags.OffsetTimeOriginal),
        (tags.DateTimeDigitized, tags.OffsetTimeDigitized),
        (tags.DateTime, tags.OffsetTime),
    )
    for when_tag, offset_tag in candidates:
        when = _text(details.get(when_tag) or exif.get(when_tag))
        if len(when) < 19:
            continue
        try:
            naive = datetime.strptime(when[:10].replace("-", ":") + " " + when[11:19], "%Y:%m:%d %H:%M:%S")
        except ValueError:
            continue
        offset = _utc_offset(_text(details.get(offset_tag) or exif.get(offset_tag)))
        return naive.replace(tzinfo=offset or EXIF_DEFAULT_TZ)
    return None


def _utc_offset(text: str) -> timezone | None:
    match = re.fullmatch(r"([+-])(\d\d):(\d\d)", text)
    if not match:
        return None
    minutes = int(match[2]) * 60 + int(match[3])
    if minutes > 14 * 60 or int(match[3]) >= 60:
        return None
    return timezone(timedelta(minutes=-minutes if match[1] == "-" else minutes))


def _position(exif: Image.Exif) -> tuple[float | None, float | None]:
    tags = ExifTags.GPS
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    if not gps or _text(gps.get(tags.GPSStatus)).upper() == "V":  # "V": the receiver had no fix
        return None, None
    lat = _degrees(gps.get(tags.GPSLatitude), gps.get(tags.GPSLatitudeRef), ("N", "S"), 90)
    lng = _degrees(gps.get(tags.GPSLongitude), gps.get(tags.GPSLongitudeRef), ("E", "W"), 180)
    if lat is None or lng is None or (lat == 0 and lng == 0):  # 0, 0 is what some phones write without a fix
        return None, None
    return lat, lng


def _degrees(value: object, ref: object, refs: tuple[str, str], bound: int) -> float | None:
    """Degrees, minutes, seconds (EXIF rationals) and a N/S or E/W ref as signed decimal degrees."""
    parts = list(value) if isinstance(value, tuple | list) else [value]
    if value is None or not 1 <= len(parts) <= 3:
        return None
    try:
        degrees, minutes, seconds = [float(part) for part in parts] + [0.0] * (3 - len(parts))
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not all(math.isfinite(n) and n >= 0 for n in (degrees, minutes, seconds)) or minutes >= 60 or seconds >= 60:
        return None
    result = degrees + minutes / 60 + seconds / 3600
    direction = _text(ref).upper()
    if result > bound or direction not in ("", *refs):
        return None
    return round(-result if direction == refs[1] else result, 7)


def _text(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return value.strip("\x00 ") if isinstance(value, str) else ""


def _to_srgb(image: Image.Image, filename: str) -> Image.Image:
    """Convert a photo with an ICC profile to sRGB, so that it looks the same once the profile is dropped."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "sRGB" in ImageCms.getProfileDescription(profile):
            return image
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, profile, ImageCms.createProfile("sRGB"), outputMode=output_mode)
    except Exception:
        logger.info("Unusable ICC profile in %r; colours kept as they are.", filename, exc_info=True)
        return image


def _normalize_mode(image: Image.Image, fmt: _Format) -> Image.Image:
    """8-bit L, RGB or (PNG/WebP with transparency) RGBA, the modes every browser shows the same way."""
    if image.mode.startswith("I"):  # 16-bit greyscale PNG: scale to 8 bits instead of clipping
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    if fmt is not JPEG and has_alpha:
        target = "RGBA"
    elif image.mode in ("L", "1"):
        target = "L"
    else:
        target = "RGB"
    return image if image.mode == target else image.convert(target)


def _encode(image: Image.Image, pillow_format: str) -> bytes:
    options = {
        "JPEG": {"quality": JPEG_QUALITY, "optimize": True, "progressive": True},
        "PNG": {},
        "WEBP": {"quality": JPEG_QUALITY},
    }[pillow_format]
    buffer = io.BytesIO()
    image.save(buffer, pillow_format, **options)
    return buffer.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    thumbnail = image.copy()
    thumbnail.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    if thumbnail.mode == "RGBA":
        background = Image.new("RGB", thumbnail.size, "white")
        background.paste(thumbnail, mask=thumbnail.getchannel("A"))
        thumbnail = background
    buffer = io.BytesIO()
    thumbnail.save(buffer, "JPEG", quality=THUMBNAIL_QUALITY)
    return buffer.getvalue()
