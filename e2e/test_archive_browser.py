"""The civilization office's archive: upload a material's file, accept it, see the completeness rise, and download
the zip assessors ask for."""

import zipfile

import pytest
from django.core.management import call_command

from archive import samples
from archive.models import ArchiveMaterial
from e2e.test_login_browser import login


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", without_cases=True, verbosity=0)


def test_an_uploaded_and_accepted_material_raises_the_completeness_and_lands_in_the_zip(
    page, demo, screenshot, tmp_path
):
    material = ArchiveMaterial.objects.get(title="占道经营整治方案（示例）")
    total = ArchiveMaterial.objects.count()
    complete = ArchiveMaterial.objects.filter(status="complete").count()
    login(page, "assessor")
    page.goto("/archive/")
    assert page.inner_text("[data-testid=archive-complete]") == f"{complete} / {total}"
    before = page.inner_text("[data-testid=archive-rate]")

    page.goto(f"/archive/materials/{material.pk}/")
    plan = tmp_path / "整治方案.pdf"
    plan.write_bytes(samples.pdf("plan"))
    page.set_input_files("input[name=file]", str(plan))
    with page.expect_navigation():
        page.click("[data-testid=material-upload]")
    assert "整治方案.pdf" in page.inner_text("[data-testid=material-files]")
    assert "草稿" in page.inner_text("[data-testid=material-status]")
    with page.expect_navigation():
        page.click("[data-testid=material-complete]")
    assert "已完成" in page.inner_text("[data-testid=material-status]")
    screenshot("archive-material")

    page.goto("/archive/")
    assert page.inner_text("[data-testid=archive-complete]") == f"{complete + 1} / {total}"
    after = page.inner_text("[data-testid=archive-rate]")
    assert after != before and after == f"{round(100 * (complete + 1) / total, 1)}%"
    screenshot("archive-overview")

    with page.expect_download() as download_info:
        page.click("[data-testid=archive-export]")
    path = tmp_path / "archive.zip"
    download_info.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        pdf = next(name for name in names if name.endswith("/占道经营整治方案（示例）/整治方案.pdf"))
        assert pdf.startswith(material.indicator_code + " ")
        assert archive.read(pdf) == samples.pdf("plan")
        assert any(name.endswith(".xlsx") and "/" not in name for name in names)


def test_a_file_that_is_not_what_its_name_says_gets_a_clear_error_on_the_page(page, demo, tmp_path):
    material = ArchiveMaterial.objects.get(title="占道经营整治方案（示例）")
    login(page, "assessor")
    page.goto(f"/archive/materials/{material.pk}/")
    fake = tmp_path / "方案.pdf"
    fake.write_bytes(samples.png())
    page.set_input_files("input[name=file]", str(fake))
    with page.expect_navigation():
        page.click("[data-testid=material-upload]")
    assert "文件名与内容不符" in page.inner_text("[data-field-error=file]")
