"""The zip assessors ask for: one folder per indicator named like the tree, the files, and an index workbook."""

import io
import zipfile

from django.test import Client
from openpyxl import load_workbook

from archive import samples, services
from audit.models import AuditEntry


def _download(user, query=""):
    client = Client()
    client.force_login(user)
    response = client.get("/archive/export.zip" + query)
    assert response.status_code == 200
    assert response.streaming  # sent as it is made, never built whole in memory
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _folder(archive, code):
    return "/".join(archive.tree[code].labels)


def _two_indicators(archive):
    first, second = archive.codes[0], archive.codes[1]
    plan = archive.material(code=first, title="工作方案")
    archive.upload(plan, samples.pdf("plan"), name="方案.pdf")
    archive.upload(plan, samples.png(), name="照片.png")
    meeting = archive.material(code=second, title="专题会议", kind="meeting")
    services.material_note(actor=archive.assessor, material=meeting, note="议题：分工")
    archive.material(code=second, title="尚未提交")
    return first, second


def test_the_zip_has_one_folder_per_indicator_named_like_the_tree(archive):
    first, second = _two_indicators(archive)
    names = _download(archive.assessor).namelist()
    top = {name.split("/")[0] for name in names if "/" in name}
    assert top == {_folder(archive, first), _folder(archive, second)}
    assert f"{_folder(archive, first)}/" in names


def test_each_material_folder_holds_its_current_files(archive):
    first, second = _two_indicators(archive)
    archive_zip = _download(archive.assessor)
    folder = f"{_folder(archive, first)}/工作方案"
    assert archive_zip.read(f"{folder}/方案.pdf") == samples.pdf("plan")
    assert archive_zip.read(f"{folder}/照片.png") == samples.png()
    assert f"{_folder(archive, second)}/尚未提交/" in archive_zip.namelist()


def test_only_the_current_version_of_a_file_goes_into_the_zip(archive):
    first, _second = _two_indicators(archive)
    plan = archive.material(code=first, title="第二份")
    archive.upload(plan, samples.pdf("old"), name="v.pdf")
    archive.upload(plan, samples.pdf("new"), name="v.pdf")
    archive_zip = _download(archive.assessor)
    assert archive_zip.read(f"{_folder(archive, first)}/第二份/v.pdf") == samples.pdf("new")
    assert [name for name in archive_zip.namelist() if name.endswith("v.pdf")] == [
        f"{_folder(archive, first)}/第二份/v.pdf"
    ]


def test_a_typed_meeting_record_is_a_text_file_in_its_folder(archive):
    _first, second = _two_indicators(archive)
    archive_zip = _download(archive.assessor)
    texts = [name for name in archive_zip.namelist() if name.startswith(f"{_folder(archive, second)}/专题会议/")]
    assert len(texts) == 1 and texts[0].endswith(".txt")
    assert archive_zip.read(texts[0]).decode() == "议题：分工"


def test_the_index_lists_every_material_with_its_status_and_files(archive):
    first, _second = _two_indicators(archive)
    archive_zip = _download(archive.assessor)
    index = [name for name in archive_zip.namelist() if name.endswith(".xlsx")]
    assert len(index) == 1 and "/" not in index[0]
    sheet = load_workbook(io.BytesIO(archive_zip.read(index[0]))).active
    rows = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row and row[2]]
    titles = {row[2]: row for row in rows}
    assert {"工作方案", "专题会议", "尚未提交"} <= set(titles)
    assert titles["工作方案"][0] == first
    assert "方案.pdf (v1)" in titles["工作方案"][9]


def test_a_title_that_looks_like_a_path_or_a_formula_stays_a_harmless_name(archive):
    material = archive.material(title="=cmd|evil/../../etc")
    archive.upload(material)
    archive_zip = _download(archive.assessor)
    for name in archive_zip.namelist():
        assert not name.startswith("/") and ".." not in name.split("/") and "\\" not in name
    assert any("=cmd_evil" in name for name in archive_zip.namelist())
    index = next(name for name in archive_zip.namelist() if name.endswith(".xlsx"))
    sheet = load_workbook(io.BytesIO(archive_zip.read(index))).active
    cell = next(row[2] for row in sheet.iter_rows(min_row=2) if row[2].value and "evil" in str(row[2].value))
    assert cell.data_type == "s"


def test_the_export_leaves_an_audit_row(archive):
    _two_indicators(archive)
    _download(archive.assessor)
    entry = AuditEntry.objects.filter(action="archive.export").latest("sequence")
    assert entry.actor == archive.assessor


def test_a_community_assessor_exports_only_their_communitys_materials(archive):
    archive.material(title="街道材料")
    archive.material(title="社区材料", unit=archive.community2)
    names = _download(archive.community_assessor()).namelist()
    assert any("社区材料" in name for name in names)
    assert not any("街道材料" in name for name in names)


def test_no_file_is_read_before_its_turn_in_the_stream(archive, monkeypatch):
    from django.core.files.storage import default_storage

    from archive.export import archive_zip
    from archive.models import ArchiveMaterial

    _two_indicators(archive)
    opened = []
    original = default_storage.open
    monkeypatch.setattr(default_storage, "open", lambda name, mode="rb": opened.append(name) or original(name, mode))
    stream = archive_zip(user=archive.assessor, materials=ArchiveMaterial.objects.all())
    assert opened == []
    chunks = iter(stream)
    next(chunks)
    assert len(opened) <= 1
    b"".join(chunks)
    assert len(opened) == 2
