# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every string of the translation templates has its Simplified and Traditional Chinese
translation, with the same placeholders."""

import re
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parent.parent
ADDONS = (
    "quality_complaint",
    "quality_complaint_capa",
    "quality_complaint_survey",
    "quality_complaint_repair",
    "quality_complaint_mrp",
)
LANGS = ("zh_CN", "zh_TW")
PLACEHOLDER = re.compile(r"%\(\w+\)s|%s|%d|\{\w*\}")


@pytest.mark.parametrize("addon", ADDONS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_template_string_is_translated(addon, lang):
    pot = polib.pofile(str(REPO / addon / "i18n" / f"{addon}.pot"))
    po = polib.pofile(str(REPO / addon / "i18n" / f"{lang}.po"))
    translated = {
        (entry.msgctxt, entry.msgid): entry.msgstr
        for entry in po
        if entry.msgstr.strip() and "fuzzy" not in entry.flags and not entry.obsolete
    }
    missing = [entry.msgid for entry in pot if (entry.msgctxt, entry.msgid) not in translated]
    assert not missing, f"{len(missing)} strings without {lang} translation: {missing[:10]}"
    for entry in pot:
        msgstr = translated[entry.msgctxt, entry.msgid]
        assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(PLACEHOLDER.findall(msgstr)), (
            f"placeholders differ in {lang} for {entry.msgid!r}"
        )
