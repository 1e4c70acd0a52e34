# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the Apps list and PyPI show of each addon: its wheel's build configuration, its
readme fragments, the README.rst generated from them, its app page and icon."""

import ast
import subprocess
import sys
from pathlib import Path

import docutils.core
import pytest
import tomllib
from lxml import html

REPO = Path(__file__).resolve().parent.parent
ADDONS = (
    "quality_complaint",
    "quality_complaint_capa",
    "quality_complaint_survey",
    "quality_complaint_repair",
    "quality_complaint_mrp",
)
FRAGMENTS = ("DESCRIPTION", "USAGE", "CONFIGURE", "ROADMAP", "CONTRIBUTORS")


@pytest.mark.parametrize("addon", ADDONS)
def test_addon_builds_with_oca_build_backend(addon):
    pyproject = tomllib.loads((REPO / addon / "pyproject.toml").read_text())
    assert pyproject["build-system"] == {
        "requires": ["whool"],
        "build-backend": "whool.buildapi",
    }


@pytest.mark.parametrize("addon", ADDONS)
def test_readme_fragments_written(addon):
    for name in FRAGMENTS:
        path = REPO / addon / "readme" / f"{name}.md"
        assert path.is_file() and path.read_text().strip(), path


def test_readme_rst_generated_from_fragments():
    result = subprocess.run(
        [sys.executable, str(REPO / "setup" / "readme"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("addon", ADDONS)
def test_readme_rst_is_valid_restructuredtext(addon):
    docutils.core.publish_string(
        (REPO / addon / "README.rst").read_text(),
        writer_name="null",
        settings_overrides={"report_level": 2, "halt_level": 2},
    )


@pytest.mark.parametrize("addon", ADDONS[:3])  # the repair bridge has no screen of its own
def test_app_page_is_self_contained_and_shows_existing_images(addon):
    description = REPO / addon / "static" / "description"
    page = html.fromstring((description / "index.html").read_text())
    assert not page.xpath("//script | //link | //iframe"), "the app page loads nothing external"
    sources = page.xpath("//img/@src")
    assert any(src.startswith("screenshot_") for src in sources)
    for src in sources:
        assert "://" not in src and (description / src).is_file(), src
    manifest = ast.literal_eval((REPO / addon / "__manifest__.py").read_text())
    assert manifest["images"]
    for image in manifest["images"]:
        assert (REPO / addon / image).is_file(), image
    for icon in ("icon.png", "icon.svg"):
        assert (description / icon).is_file(), icon


@pytest.mark.parametrize("addon", ADDONS)
def test_description_has_simplified_and_traditional_chinese_paragraphs(addon):
    """Most of our users are Chinese manufacturers: the Apps page, the manifest's
    description and the readme speak to them in their script."""
    page = html.fromstring((REPO / addon / "static" / "description" / "index.html").read_text())
    for lang in ("zh-CN", "zh-TW"):
        paragraphs = page.xpath(f"//p[@lang='{lang}']")
        assert paragraphs and any(_cjk(p.text_content()) > 20 for p in paragraphs), lang
    manifest = ast.literal_eval((REPO / addon / "__manifest__.py").read_text())
    assert _cjk(manifest["description"]) > 40
    assert _cjk((REPO / addon / "readme" / "DESCRIPTION.md").read_text()) > 40


def test_chinese_screenshots_shown_on_the_app_page_and_in_the_readme():
    names = ("screenshot_form_zh_CN.png", "screenshot_dashboard_zh_CN.png")
    description = REPO / "quality_complaint" / "static" / "description"
    sources = html.fromstring((description / "index.html").read_text()).xpath("//img/@src")
    readme = (REPO / "README.md").read_text()
    for name in names:
        assert (description / name).is_file(), name
        assert name in sources, name
        assert f"quality_complaint/static/description/{name}" in readme, name


def _cjk(text):
    return sum("\u4e00" <= char <= "\u9fff" for char in text)
