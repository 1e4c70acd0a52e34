# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestReporting(ComplaintCase):
    def test_complaint_report_renders_customer_lines_and_deadlines(self):
        complaint = self._new_complaint(user=self.env.user)
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "quality_complaint.action_report_quality_complaint", complaint.ids
        )
        html = html.decode()
        self.assertIn(complaint.name, html)
        self.assertIn("Shenzhen Bright Lamps Co.", html)
        self.assertIn("LOT-2406-A", html)
        self.assertIn("Deadlines", html)

    def test_register_export_has_the_register_columns(self):
        complaint = self._new_complaint(user=self.env.user)
        export = self.env.ref("quality_complaint.ir_exports_complaint_register")
        fields = export.export_fields.mapped("name")
        self.assertIn("date_received", fields)
        self.assertIn("cost_total", fields)
        rows = complaint.export_data(fields)["datas"]
        self.assertEqual(rows[0][0], complaint.name)
        self.assertEqual(len(rows[0]), len(fields))
        self.assertEqual(len(rows), 3)  # one row per product line

    def test_lesson_from_a_closed_complaint_is_found_from_the_product(self):
        complaint = self._new_complaint(user=self.env.user)
        self._close(complaint)
        action = complaint.action_new_lesson()
        defaults = {key.removeprefix("default_"): value for key, value in action["context"].items()}
        lesson = self.env["quality.complaint.lesson"].create(
            {**defaults, "lesson": "Check the potting cure time in winter."}
        )
        self.assertEqual(lesson.complaint_id, complaint)
        self.assertEqual(lesson.product_ids, self.product_lot | self.product_plain)
        self.product_lot.invalidate_recordset(["complaint_lesson_count"])
        self.assertEqual(self.product_lot.complaint_lesson_count, 1)
        found = self.env["quality.complaint.lesson"].search(
            self.product_lot.action_view_complaint_lessons()["domain"]
        )
        self.assertEqual(found, lesson)
        found = self.env["quality.complaint.lesson"].search([("name", "ilike", "flickering")])
        self.assertEqual(found, lesson)
