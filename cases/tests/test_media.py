import hashlib
import io
import struct
import zlib
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import ExifTags, Image, ImageCms
from PIL.TiffImagePlugin import IFDRational

from cases.media import UploadRejected, clean_upload

SHANGHAI = ZoneInfo("Asia/Shanghai")
RED = (255, 0, 0)
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00\x00\x00\x10mdat" + b"\x00" * 8
MOV = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + b"\x00\x00\x00\x08wide" + b"\x00\x00\x00\x08mdat"
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 32


def ebml(doctype: bytes) -> bytes:
    body = b"\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
    body += b"\x42\x82" + bytes([0x80 | len(doctype)]) + doctype + b"\x42\x87\x81\x04\x42\x85\x81\x02"
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(body)]) + body + b"\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff"


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, whatever translations exist."""
    with translation.override("en"):
        yield


def exif_of(
    *,
    orientation: int | None = None,
    taken: str | None = None,
    offset: str | None = None,
    modified: str | None = None,
    gps: dict | None = None,
) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Xiaomi"
    exif[ExifTags.Base.Model] = "Redmi Note 13"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if modified:
        exif[ExifTags.Base.DateTime] = modified
    details = exif.get_ifd(ExifTags.IFD.Exif)
    if taken:
        details[ExifTags.Base.DateTimeOriginal] = taken
    if offset:
        details[ExifTags.Base.OffsetTimeOriginal] = offset
    if gps:
        exif.get_ifd(ExifTags.IFD.GPSInfo).update(gps)
    return exif


def dms(degrees: float, minutes: float, seconds: float) -> tuple:
    return (IFDRational(degrees), IFDRational(minutes), IFDRational(round(seconds * 100), 100))


GPS_JINAN = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: dms(36, 41, 24.6),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: dms(117, 0, 30),
}


def photo(fmt: str = "JPEG", size=(400, 300), mode: str = "RGB", color=(90, 140, 200), **save) -> bytes:
    image = Image.new(mode, size, color)
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save)
    return buffer.getvalue()


def noisy_jpeg(size=(600, 400)) -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise(size, 80).convert("RGB").save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG whose IHDR claims the given size, with a few bytes of pixel data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    )


def display_p3_profile() -> bytes:
    """A minimal ICC v2 RGB profile with Display P3 primaries (as iPhones tag their photos)."""

    def s15(value: float) -> bytes:
        return struct.pack(">i", round(value * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ \0\0\0\0" + s15(x) + s15(y) + s15(z)

    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, round(2.2 * 256)) + b"\0\0"
    name = b"Display P3 (test)\0"
    description = b"desc\0\0\0\0" + struct.pack(">I", len(name)) + name + b"\0" * 79
    tags = [
        (b"desc", description + b"\0" * (-len(description) % 4)),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.5151, 0.2412, -0.0011)),
        (b"gXYZ", xyz(0.2920, 0.6922, 0.0419)),
        (b"bXYZ", xyz(0.1571, 0.0666, 0.7841)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    header = struct.pack(">I", offset + len(body)) + b"lcms\x02\x10\0\0mntrRGB XYZ " + b"\0" * 12 + b"acsp"
    header = (header + b"\0" * 28 + s15(0.9642) + s15(1.0) + s15(0.8249)).ljust(128, b"\0")
    return header + struct.pack(">I", len(tags)) + table + body


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def rejected(data, **kwargs) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        clean_upload(data, **kwargs)
    return caught.value


# Photos


def test_jpeg_photo_type_comes_from_content_not_from_file_name():
    upload = clean_upload(photo("JPEG"), filename="IMG_0001.png")
    assert (upload.kind, upload.content_type, upload.extension) == ("photo", "image/jpeg", ".jpg")
    assert (upload.width, upload.height) == (400, 300)
    assert opened(upload.data).format == "JPEG"


def test_capture_time_without_offset_tag_is_shanghai_time():
    upload = clean_upload(photo(exif=exif_of(taken="2026:03:05 09:30:15")))
    assert upload.captured_at == datetime(2026, 3, 5, 9, 30, 15, tzinfo=SHANGHAI)


def test_capture_time_uses_offset_time_original_when_present():
    upload = clean_upload(photo(exif=exif_of(taken="2026:03:05 09:30:15", offset="+02:00")))
    assert upload.captured_at == datetime(2026, 3, 5, 9, 30, 15, tzinfo=timezone(timedelta(hours=2)))
    assert upload.captured_at.utcoffset() == timedelta(hours=2)


def test_capture_time_falls_back_to_exif_datetime():
    upload = clean_upload(photo(exif=exif_of(modified="2026:01:02 08:00:00")))
    assert upload.captured_at == datetime(2026, 1, 2, 8, 0, tzinfo=SHANGHAI)


def test_blank_exif_capture_time_gives_none():
    assert clean_upload(photo(exif=exif_of(taken="0000:00:00 00:00:00"))).captured_at is None


def test_gps_position_is_read_as_decimal_degrees():
    upload = clean_upload(photo(exif=exif_of(gps=GPS_JINAN)))
    assert upload.lat == pytest.approx(36 + 41 / 60 + 24.6 / 3600)
    assert upload.lng == pytest.approx(117 + 30 / 3600)


def test_south_and_west_refs_give_negative_degrees():
    gps = {**GPS_JINAN, ExifTags.GPS.GPSLatitudeRef: "S", ExifTags.GPS.GPSLongitudeRef: "W"}
    upload = clean_upload(photo(exif=exif_of(gps=gps)))
    assert upload.lat == pytest.approx(-(36 + 41 / 60 + 24.6 / 3600))
    assert upload.lng == pytest.approx(-(117 + 30 / 3600))


@pytest.mark.parametrize(
    "change",
    [
        {ExifTags.GPS.GPSLatitude: dms(95, 0, 0)},
        {ExifTags.GPS.GPSLongitude: dms(181, 0, 0)},
        {ExifTags.GPS.GPSLatitude: dms(36, 75, 0)},
        {ExifTags.GPS.GPSLatitude: (IFDRational(36, 0), IFDRational(0), IFDRational(0))},
        {ExifTags.GPS.GPSLatitudeRef: "X"},
        {ExifTags.GPS.GPSLatitude: dms(0, 0, 0), ExifTags.GPS.GPSLongitude: dms(0, 0, 0)},
        {ExifTags.GPS.GPSStatus: "V"},
    ],
    ids=[
        "latitude over 90",
        "longitude over 180",
        "75 minutes",
        "zero denominator",
        "bad ref",
        "null island",
        "no fix",
    ],
)
def test_impossible_gps_values_give_no_position(change):
    upload = clean_upload(photo(exif=exif_of(gps={**GPS_JINAN, **change})))
    assert (upload.lat, upload.lng) == (None, None)


def test_photo_without_exif_has_no_time_or_position():
    upload = clean_upload(photo("PNG"))
    assert (upload.captured_at, upload.lat, upload.lng) == (None, None, None)


def test_stored_photo_has_no_exif_gps_comment_or_icc_profile():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = photo(
        exif=exif_of(orientation=6, taken="2026:03:05 09:30:15", gps=GPS_JINAN),
        comment=b"secret comment",
        icc_profile=srgb,
    )
    upload = clean_upload(original)
    stored = opened(upload.data)
    assert not stored.getexif()
    assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert not {"exif", "icc_profile", "comment", "xmp"} & set(stored.info)
    assert b"Exif\x00\x00" not in upload.data
    assert b"Xiaomi" not in upload.data
    assert b"secret comment" not in upload.data
    assert upload.lat is not None  # read before stripping


def test_display_p3_photo_is_converted_to_srgb_before_its_profile_is_dropped():
    upload = clean_upload(photo("PNG", color=(100, 150, 200), icc_profile=display_p3_profile()))
    stored = opened(upload.data)
    assert "icc_profile" not in stored.info
    red, green, blue = stored.getpixel((5, 5))
    assert red < 95 and green > 150 and blue > 200  # P3 colours are more saturated than the same numbers in sRGB


def test_orientation_6_photo_comes_out_upright():
    image = Image.new("RGB", (400, 300), "white")
    image.paste(RED, (0, 0, 40, 40))  # stored top-left is the visual top-right for orientation 6
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95, exif=exif_of(orientation=6))
    upload = clean_upload(buffer.getvalue())
    assert (upload.width, upload.height) == (300, 400)
    stored = opened(upload.data)
    assert stored.size == (300, 400)
    red, green, blue = stored.getpixel((300 - 20, 20))
    assert red > 200 and green < 60 and blue < 60
    assert stored.getpixel((20, 20)) == pytest.approx((255, 255, 255), abs=10)


@pytest.mark.parametrize(
    ("size", "expected"), [((1000, 500), (320, 160)), ((300, 900), (107, 320)), ((100, 80), (100, 80))]
)
def test_thumbnail_is_a_jpeg_no_longer_than_320_px(size, expected):
    upload = clean_upload(photo("PNG", size=size))
    thumbnail = opened(upload.thumbnail)
    assert thumbnail.format == "JPEG"
    assert thumbnail.size == expected
    assert max(thumbnail.size) <= 320


def test_png_with_alpha_stays_png_with_alpha():
    upload = clean_upload(photo("PNG", mode="RGBA", color=(255, 0, 0, 128)), filename="sign.jpg")
    assert (upload.content_type, upload.extension) == ("image/png", ".png")
    stored = opened(upload.data)
    assert stored.format == "PNG"
    assert stored.mode == "RGBA"
    assert stored.getpixel((5, 5)) == (255, 0, 0, 128)
    assert opened(upload.thumbnail).mode == "RGB"


def test_webp_stays_webp():
    upload = clean_upload(photo("WEBP", exif=exif_of(gps=GPS_JINAN)))
    assert (upload.content_type, upload.extension) == ("image/webp", ".webp")
    stored = opened(upload.data)
    assert stored.format == "WEBP"
    assert not stored.getexif()
    assert upload.lat == pytest.approx(36.69, abs=0.01)


def test_sixteen_bit_greyscale_png_is_scaled_not_clipped():
    image = Image.new("I;16", (4, 4), 32768)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    stored = opened(clean_upload(buffer.getvalue()).data)
    assert stored.mode == "L"
    assert stored.getpixel((0, 0)) == 128


def test_large_photo_is_scaled_down_to_the_longest_side_setting(settings):
    settings.CASE_PHOTO_MAX_SIDE = 100
    upload = clean_upload(photo(size=(400, 300)))
    assert (upload.width, upload.height) == (100, 75)
    assert opened(upload.data).size == (100, 75)


def test_large_jpeg_is_decoded_at_reduced_scale_and_scaled_to_the_exact_side(settings):
    settings.CASE_PHOTO_MAX_SIDE = 150
    upload = clean_upload(noisy_jpeg(size=(1200, 800)))
    assert (upload.width, upload.height) == (150, 100)


def test_sha256_is_of_the_stored_data():
    upload = clean_upload(photo(exif=exif_of(gps=GPS_JINAN)))
    assert upload.sha256 == hashlib.sha256(upload.data).hexdigest()


def test_uploaded_file_is_read_from_its_start():
    upload_file = SimpleUploadedFile("photo.jpg", photo(), content_type="image/jpeg")
    upload_file.read(10)
    assert clean_upload(upload_file).kind == "photo"


# Videos


def test_mp4_video_is_returned_unchanged_without_thumbnail():
    upload = clean_upload(MP4, filename="clip.mov")
    assert (upload.kind, upload.content_type, upload.extension) == ("video", "video/mp4", ".mp4")
    assert upload.data == MP4
    assert upload.thumbnail is None
    assert (upload.width, upload.height, upload.captured_at, upload.lat, upload.lng) == (None,) * 5
    assert upload.sha256 == hashlib.sha256(MP4).hexdigest()


def test_quicktime_video_is_a_mov():
    upload = clean_upload(io.BytesIO(MOV))
    assert (upload.content_type, upload.extension) == ("video/quicktime", ".mov")


def test_webm_video_is_accepted():
    upload = clean_upload(ebml(b"webm"))
    assert (upload.kind, upload.content_type, upload.extension) == ("video", "video/webm", ".webm")


def test_matroska_video_is_refused():
    assert rejected(ebml(b"matroska"), filename="clip.webm").code == "unsupported_video"


def test_mp4_with_unknown_brand_is_refused():
    assert rejected(b"\x00\x00\x00\x14ftypXXXX\x00\x00\x00\x00XXXX").code == "unsupported_video"


# Refusals


def test_heic_photo_is_refused_with_advice_to_send_jpeg():
    error = rejected(HEIC, filename="IMG_1234.jpg")
    assert error.code == "heic"
    assert "Most Compatible" in error.message
    assert error.filename == "IMG_1234.jpg"


def test_windows_program_renamed_to_jpg_is_refused():
    error = rejected(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200, filename="photo.jpg")
    assert error.code == "program"
    assert error.message == "This file is a program, not a photo or video, and cannot be attached."


@pytest.mark.parametrize(
    "data", [b"%PDF-1.7\n", b"GIF89a\x01\x00\x01\x00", b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"hello"]
)
def test_other_content_is_refused_as_not_a_photo_or_video(data):
    error = rejected(data, filename="photo.jpg")
    assert error.code == "unknown_type"
    assert error.message.startswith("This is not a photo or video file.")
    assert isinstance(error, ValueError)


@pytest.mark.parametrize("empty", [b"", io.BytesIO(b"")])
def test_empty_file_is_refused(empty):
    error = rejected(empty)
    assert (error.code, error.message) == ("empty", "The file is empty.")


def test_truncated_jpeg_is_refused():
    data = noisy_jpeg()
    error = rejected(data[: len(data) // 2])
    assert error.code == "broken_image"
    assert "damaged or incomplete" in error.message


def test_jpeg_header_with_garbage_is_refused():
    assert rejected(b"\xff\xd8\xff\xe0" + b"garbage" * 50).code == "broken_image"


def test_png_with_a_corrupt_chunk_fails_verify_and_is_refused():
    data = bytearray(photo("PNG"))
    data[45] ^= 0xFF  # inside IDAT: its CRC no longer matches
    assert rejected(bytes(data)).code == "broken_image"


def test_image_header_claiming_too_many_pixels_is_refused_before_decoding():
    error = rejected(png_header(8000, 8000))  # 64 megapixels: over our limit, under Pillow's
    assert error.code == "too_many_pixels"
    assert error.message == "The photo has too many pixels: at most 52 megapixels."


def test_decompression_bomb_is_refused_even_when_pillow_catches_it_first(settings):
    settings.CASE_PHOTO_MAX_PIXELS = 10**12
    assert rejected(png_header(100_000, 100_000)).code == "too_many_pixels"


def test_photo_over_the_size_argument_is_refused():
    data = photo()
    assert clean_upload(data, max_photo_bytes=len(data)).kind == "photo"
    error = rejected(data, max_photo_bytes=len(data) - 1)
    assert error.code == "photo_too_large"
    assert error.message.startswith("The photo is too large: at most ")


def test_photo_over_the_size_setting_is_refused(settings):
    settings.CASE_PHOTO_MAX_BYTES = 100
    assert rejected(photo()).code == "photo_too_large"


def test_video_over_the_size_setting_is_refused_and_the_argument_overrides_it(settings):
    settings.CASE_VIDEO_MAX_BYTES = 10
    assert rejected(MP4).code == "video_too_large"
    assert clean_upload(MP4, max_video_bytes=len(MP4)).kind == "video"


class CountingStream(io.BytesIO):
    def __init__(self, data: bytes):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_huge_upload_is_not_read_beyond_the_limit():
    stream = CountingStream(MP4 + b"\x00" * 5_000_000)
    assert rejected(stream, max_video_bytes=1000).code == "video_too_large"
    assert stream.bytes_read == 1001


def test_refused_type_is_not_read_beyond_its_header():
    stream = CountingStream(b"MZ" + b"\x00" * 5_000_000)
    rejected(stream)
    assert stream.bytes_read <= 64


def test_truncated_jpeg_is_refused_even_after_a_library_relaxed_pillow():
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True  # what importing WeasyPrint does to the whole process
    try:
        data = noisy_jpeg()
        assert rejected(data[: len(data) // 2]).code == "broken_image"
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
