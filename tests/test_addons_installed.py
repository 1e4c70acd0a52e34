# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Cross-addon checks run by pytest-odoo on the test database."""

import io
from pathlib import Path

import polib

from odoo.modules.module import get_manifest
from odoo.tests import TransactionCase
from odoo.tools.translate import trans_export

ADDONS = (
    "quality_complaint",
    "quality_complaint_capa",
    "quality_complaint_survey",
    "quality_complaint_repair",
    "quality_complaint_mrp",
)


class TestAddonsInstalled(TransactionCase):
    def test_addons_installed_at_their_manifest_version(self):
        modules = self.env["ir.module.module"].search([("name", "in", ADDONS)])
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        self.assertEqual(len(modules), len(ADDONS))
        for module in modules:
            manifest = get_manifest(module.name)
            self.assertEqual(module.latest_version, manifest["version"], module.name)
            self.assertTrue(manifest["version"].startswith("19.0."), module.name)
            self.assertEqual(module.license, "LGPL-3", module.name)

    def test_settings_show_the_satisfaction_and_8d_options(self):
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="complaint_reopen_rating"', arch)
        self.assertIn('name="complaint_repeat_days"', arch)
        self.assertIn('name="complaint_approval_amount"', arch)

    def test_translation_templates_are_current(self):
        """The committed .pot files hold every string the addons show (setup/pot)."""
        repo = Path(__file__).resolve().parent.parent
        for addon in ADDONS:
            buffer = io.BytesIO()
            trans_export(False, [addon], buffer, "po", self.env)
            current = {entry.msgid for entry in polib.pofile(buffer.getvalue().decode())}
            committed = {
                entry.msgid for entry in polib.pofile(str(repo / addon / "i18n" / f"{addon}.pot"))
            }
            self.assertEqual(current - committed, set(), f"{addon}: run setup/pot")
