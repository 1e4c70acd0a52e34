# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestClosure(ComplaintCase):
    """A complaint closes with its responsibility decided and nothing pending (SPEC §7); a
    complaint manager may close it anyway, for a reason that is kept."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.closed = cls.env.ref("quality_complaint.quality_complaint_stage_closed")

    def _decided(self, **vals):
        complaint = self._new_complaint(
            responsibility="company", responsible_department="production", **vals
        )
        complaint.action_decide_responsibility()
        return complaint

    def test_closing_refuses_an_undecided_responsibility_and_changes_nothing(self):
        complaint = self._new_complaint()
        stage = complaint.stage_id
        with self.assertRaisesRegex(UserError, "record the responsibility decision"):
            complaint.with_user(self.sales_rep).stage_id = self.closed
        self.assertEqual(complaint.stage_id, stage)
        self.assertFalse(complaint.date_closed)

    def test_not_determinable_needs_a_reason_to_be_recorded(self):
        complaint = self._new_complaint(responsibility="not_determinable")
        with self.assertRaisesRegex(UserError, "cannot be determined"):
            complaint.action_decide_responsibility()
        self.assertFalse(complaint.responsibility_date)
        complaint.responsibility_reason = "The customer scrapped the goods before inspection."
        complaint.action_decide_responsibility()
        complaint.stage_id = self.closed
        self.assertTrue(complaint.is_closed)

    def test_closing_lists_every_pending_remedy(self):
        complaint = self._decided(kind="claim")
        line = complaint.line_ids.filtered(lambda ln: ln.product_id == self.product_plain)
        complaint._create_return(self.delivery, {line: 1.0})
        complaint._create_replacement({line: 1.0})
        inv_line = self.invoice.invoice_line_ids.filtered(
            lambda ln: ln.product_id == self.product_plain
        )
        complaint._create_refund(self.invoice, {inv_line: 1.0})
        self.env["quality.complaint.compensation"].create(
            {
                "complaint_id": complaint.id,
                "amount": self.company.complaint_approval_amount + 1.0,
                "reason": "Line stopped",
            }
        )
        stage = complaint.stage_id
        with self.assertRaises(UserError) as refusal:
            complaint.stage_id = self.closed
        message = str(refusal.exception)
        for pending in (
            "a compensation is waiting for a finance approver",
            "a credit note is still a draft",
            "a return has not been received yet",
            "a replacement has not been delivered yet",
        ):
            self.assertIn(pending, message)
        self.assertNotIn("responsibility", message)
        self.assertEqual(complaint.stage_id, stage)

    def test_manager_closes_anyway_with_a_tracked_reason(self):
        complaint = self._decided(kind="claim")
        self.env["quality.complaint.compensation"].create(
            {
                "complaint_id": complaint.id,
                "amount": self.company.complaint_approval_amount + 1.0,
                "reason": "Line stopped",
            }
        )
        with self.assertRaisesRegex(UserError, "close it anyway with a reason"):
            complaint.with_user(self.manager).action_close()
        complaint.with_user(self.manager).action_close(reason="Customer withdrew the claim.")
        self.assertTrue(complaint.is_closed)
        self.assertEqual(complaint.forced_close_reason, "Customer withdrew the claim.")
        self.assertEqual(complaint.forced_close_user_id, self.manager)
        note = complaint.message_ids.filtered(lambda m: "although this was pending" in m.body)
        self.assertIn("a compensation is waiting for a finance approver", note.body)

    def test_a_sales_rep_cannot_close_despite_what_is_pending(self):
        complaint = self._new_complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.sales_rep).action_close(reason="In a hurry")
        self.assertFalse(complaint.is_closed)
        self.assertFalse(complaint.forced_close_reason)
        with self.assertRaises(AccessError):
            complaint.with_user(self.sales_rep).write(
                {"stage_id": self.closed.id, "forced_close_reason": "In a hurry"}
            )
        self.assertFalse(complaint.is_closed)

    def test_close_button_asks_the_reason_only_when_something_is_pending(self):
        done = self._decided()
        Complaint = self.env["quality.complaint"].with_user(self.manager)
        result = Complaint.browse(done.id).with_context(quality_complaint_close_wizard=True)
        self.assertIs(result.action_close(), True)
        self.assertTrue(done.is_closed)
        pending = self._new_complaint()
        action = (
            Complaint.browse(pending.id)
            .with_context(quality_complaint_close_wizard=True)
            .action_close()
        )
        self.assertEqual(action["res_model"], "quality.complaint.close.wizard")
        self.assertFalse(pending.is_closed)
        form = Form(
            self.env[action["res_model"]].with_user(self.manager).with_context(**action["context"])
        )
        self.assertIn("responsibility decision", form.pending)
        form.reason = "Duplicate of another complaint."
        form.save().action_confirm()
        self.assertTrue(pending.is_closed)
        self.assertEqual(pending.forced_close_reason, "Duplicate of another complaint.")

    def test_closed_complaints_stay_as_they_are(self):
        """Complaints closed before these rules (an upgrade) keep their stage; only a new
        move to the closed stage is checked."""
        complaint = self._new_complaint(stage_id=self.closed.id, user=self.env.user)
        self.assertEqual(complaint.responsibility, "undetermined")
        complaint.write({"closing_note": "<p>Archived from the old system.</p>"})
        self.assertTrue(complaint.is_closed)
        self.assertFalse(complaint.forced_close_reason)
