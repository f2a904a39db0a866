"""A material file is taken for what its content is, and must be what its name says."""

from io import BytesIO

import pytest

from archive import samples
from archive.files import FileRejected, check_file, clean_file_name


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("方案.pdf", samples.pdf(), "application/pdf"),
        ("照片.PNG", samples.png(), "image/png"),
        ("照片.jpg", samples.jpeg(), "image/jpeg"),
        ("记录.docx", samples.office("docx"), samples.OOXML_TYPES["docx"].removesuffix(".main+xml")),
        ("台账.xlsx", samples.office("xlsx"), samples.OOXML_TYPES["xlsx"].removesuffix(".main+xml")),
        ("汇报.pptx", samples.office("pptx"), samples.OOXML_TYPES["pptx"].removesuffix(".main+xml")),
        ("旧文件.doc", samples.ole("WordDocument"), "application/msword"),
        ("旧表格.xls", samples.ole("Workbook"), "application/vnd.ms-excel"),
    ],
)
def test_a_file_whose_content_matches_its_name_is_accepted(name, data, content_type):
    checked = check_file(BytesIO(data), name=name)
    assert checked.content_type == content_type
    assert checked.size == len(data)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("照片.pdf", samples.png()),  # a photo called a PDF
        ("方案.pdf", b"%PDF-1.4\nnot really a pdf at all"),  # the header alone is not enough
        ("照片.jpg", samples.png()),  # a PNG called a JPEG
        ("记录.docx", samples.office("xlsx")),  # a workbook called a Word file
        ("记录.docx", b"PK\x03\x04 a zip that is not one"),
        ("表格.xlsx", b"plain text pretending"),
        ("旧文件.doc", samples.ole("Workbook")),  # an old Excel file called Word
        ("旧文件.doc", b"MZ\x90\x00 a program"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_with_a_clear_message(name, data):
    with pytest.raises(FileRejected) as refused:
        check_file(BytesIO(data), name=name)
    assert refused.value.code == "mismatch"
    assert name in refused.value.message


def test_a_file_of_a_kind_the_archive_does_not_take_is_refused():
    with pytest.raises(FileRejected) as refused:
        check_file(BytesIO(b"#!/bin/sh\necho hi\n"), name="run.sh")
    assert refused.value.code == "type"


def test_an_empty_file_is_refused():
    with pytest.raises(FileRejected) as refused:
        check_file(BytesIO(b""), name="空.pdf")
    assert refused.value.code == "empty"


def test_a_file_above_the_size_limit_is_refused():
    with pytest.raises(FileRejected) as refused:
        check_file(BytesIO(samples.pdf()), name="大.pdf", max_bytes=100)
    assert refused.value.code == "too_large"


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "/etc/passwd.pdf",
        "..\\..\\boot.pdf",
        "dir/方案.pdf",
        "C:方案.pdf",
        "方案\x00.pdf",
        "..",
        "a\nb.pdf",
    ],
)
def test_a_file_name_that_carries_a_path_or_control_characters_is_refused(name):
    with pytest.raises(FileRejected) as refused:
        clean_file_name(name)
    assert refused.value.code == "path_in_name"


def test_a_file_name_with_dots_inside_is_a_plain_label():
    assert clean_file_name("2026.12 会议纪要.v2.pdf") == "2026.12 会议纪要.v2.pdf"
