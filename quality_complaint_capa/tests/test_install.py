# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.fields import Command
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_8d_menu_under_complaints_and_numbered_report(self):
        menu = self.env.ref("quality_complaint_capa.quality_complaint_capa_menu_8d")
        self.assertEqual(
            menu.parent_id.parent_id, self.env.ref("quality_complaint.quality_complaint_menu_root")
        )
        partner = self.env["res.partner"].create({"name": "Customer"})
        complaint = self.env["quality.complaint"].create(
            {"subject": "Crack", "partner_id": partner.id}
        )
        report = self.env["quality.8d.report"].create(
            {"title": "Cracked housing", "complaint_ids": [Command.set(complaint.ids)]}
        )
        self.assertTrue(report.name.startswith("8D/"), report.name)
        self.assertEqual(report.discipline, "d0")
