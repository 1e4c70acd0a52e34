# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_app_menu_visible_to_complaint_users_only(self):
        root = self.env.ref("quality_complaint.quality_complaint_menu_root")
        user = new_test_user(
            self.env,
            "qc_user",
            groups="base.group_user,quality_complaint.quality_complaint_group_user",
        )
        employee = new_test_user(self.env, "qc_employee", groups="base.group_user")
        visible_ids = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
        self.assertIn(root.id, visible_ids)
        self.assertNotIn(root.id, self.env["ir.ui.menu"].with_user(employee)._visible_menu_ids())
        self.assertTrue(root.web_icon.endswith("static/description/icon.png"))

    def test_default_stages_follow_the_process(self):
        stages = self.env["quality.complaint.stage"].search([])
        ours = stages.filtered(lambda s: s.get_external_id()[s.id].startswith("quality_complaint."))
        self.assertEqual(
            ours.mapped("milestone")[:7],
            ["new", "acknowledged", "investigating", "decided", "action", "confirmation", "closed"],
        )
        self.assertTrue(stages.filtered(lambda s: s.milestone == "closed").fold)
        self.assertTrue(stages.filtered(lambda s: s.milestone == "cancelled").is_closed)

    def test_complaint_gets_a_reference_from_the_sequence(self):
        partner = self.env["res.partner"].create({"name": "Customer"})
        complaint = self.env["quality.complaint"].create(
            {"subject": "Scratched housing", "partner_id": partner.id}
        )
        self.assertTrue(complaint.name.startswith("CC/"), complaint.name)
        self.assertEqual(complaint.milestone, "new")
