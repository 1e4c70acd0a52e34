# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.tests import tagged

from .common import ComplaintCase

# The complaint register (CNAS ledger): reference, customer, received on, content,
# responsible, completion date, reply date (the customer's acceptance), result, remarks.
REGISTER_COLUMNS = [
    "name",
    "commercial_partner_id",
    "date_received",
    "subject",
    "user_id",
    "date_closed",
    "confirmation_date",
    "result",
    "remarks",
]
REGISTER_VIEW = "quality_complaint.quality_complaint_view_list_register"


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
        export = self.env.ref("quality_complaint.ir_exports_complaint_register")
        self.assertEqual(export.export_fields.mapped("name"), REGISTER_COLUMNS)
        # The register's list view has the same columns in the same order.
        action = self.env.ref("quality_complaint.quality_complaint_action_register")
        self.assertEqual(action.view_id, self.env.ref(REGISTER_VIEW))
        Complaint = self.env["quality.complaint"].with_user(self.sales_rep)
        arch = Complaint.get_view(self.env.ref(REGISTER_VIEW).id, "list")["arch"]
        columns = [node.get("name") for node in etree.fromstring(arch).iter("field")]
        self.assertEqual(columns, REGISTER_COLUMNS)

    def test_register_row_of_a_closed_complaint_with_an_accepted_resolution(self):
        complaint = self._new_complaint(user=self.env.user, kind="claim", user_id=self.sales_rep.id)
        self._close(complaint)
        complaint.remarks = "Replacement shipped with the next order."
        self.assertEqual(complaint.customer_confirmation, "accepted")
        self.assertEqual(complaint.result, "resolved")
        export = self.env.ref("quality_complaint.ir_exports_complaint_register")
        fields = export.export_fields.mapped("name")
        rows = complaint.export_data(fields)["datas"]
        self.assertEqual(len(rows), 1)  # one row per complaint
        self.assertEqual(
            rows[0],
            [
                complaint.name,
                "Shenzhen Bright Lamps Co.",
                complaint.date_received,
                "Flickering drivers",
                "Sales Rep Zhang",
                complaint.date_closed,
                complaint.confirmation_date,
                "Resolved",
                "Replacement shipped with the next order.",
            ],
        )
        self.assertTrue(complaint.date_closed and complaint.confirmation_date)

    def test_register_result_follows_the_closure(self):
        closed = self.env.ref("quality_complaint.quality_complaint_stage_closed")
        complaint = self._new_complaint(user=self.env.user, kind="claim")
        self.assertFalse(complaint.result)
        # The customer said "not resolved"; a manager closes it anyway.
        complaint.action_send_for_confirmation()
        complaint.action_record_confirmation(False, "Still flickering", channel="phone")
        self._decide(complaint)
        complaint.with_user(self.manager).action_close(reason="Customer stopped answering.")
        self.assertEqual(complaint.result, "not_resolved")
        # Re-opened, it has no result; closed despite the missing acceptance after the
        # customer was asked again, it is partly resolved.
        remedy = self.env.ref("quality_complaint.quality_complaint_stage_remedy")
        complaint.write({"stage_id": remedy.id, "forced_close_reason": False})
        self.assertFalse(complaint.result)
        complaint.action_send_for_confirmation()
        complaint.with_user(self.manager).action_close(reason="No answer in 30 days.")
        self.assertEqual(complaint.result, "partly_resolved")
        # The handler may correct it.
        complaint.result = "resolved"
        self.assertEqual(complaint.result, "resolved")
        # A cancelled complaint is withdrawn.
        other = self._new_complaint(user=self.env.user)
        other.stage_id = self.env.ref("quality_complaint.quality_complaint_stage_cancelled")
        self.assertEqual(other.result, "withdrawn")
        self.assertNotEqual(other.stage_id, closed)

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
