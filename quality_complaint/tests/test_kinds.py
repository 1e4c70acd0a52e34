# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestKinds(ComplaintCase):
    """SPEC §7 "Kinds drive rules": an appeal is owed no compensation, a claim's
    compensation needs finance, a non-quality complaint gets no refund or compensation; a
    complaint manager overrides with a reason."""

    def _compensate(self, complaint, user=None, **vals):
        wizard = (
            self.env["quality.complaint.compensation.wizard"]
            .with_user(user or self.sales_rep)
            .with_context(default_complaint_id=complaint.id)
            .create({"amount": 50.0, "reason": "Sorting at the customer", **vals})
        )
        action = wizard.action_confirm()
        return self.env[action["res_model"]].browse(action["res_id"])

    def _customer_responsible(self):
        complaint = self._new_complaint(kind="claim", responsibility="customer")
        complaint.action_decide_responsibility()
        return complaint

    def _plain_invoice_line(self):
        return self.invoice.invoice_line_ids.filtered(
            lambda ln: ln.product_id == self.product_plain
        )

    # ------------------------------------------------------------ appeal
    def test_appeal_gets_no_compensation_without_a_manager_override(self):
        complaint = self._new_complaint()
        self.assertEqual(complaint.kind, "appeal")
        with self.assertRaisesRegex(UserError, "is an appeal: no compensation is owed"):
            self._compensate(complaint)
        self.assertFalse(complaint.compensation_ids)
        self.assertFalse(complaint.compensation_move_ids)

    def test_manager_compensates_an_appeal_with_a_tracked_reason(self):
        complaint = self._new_complaint()
        move = self._compensate(
            complaint, user=self.manager, override_reason="Our delay cost the customer a shift."
        )
        compensation = complaint.compensation_ids
        self.assertEqual(compensation.move_id, move)
        self.assertEqual(compensation.state, "approved")
        self.assertEqual(compensation.override_reason, "Our delay cost the customer a shift.")
        self.assertEqual(compensation.override_user_id, self.manager)
        self.assertTrue(
            complaint.message_ids.filtered(
                lambda m: "Our delay cost the customer a shift." in (m.body or "")
            )
        )
        self.assertIn("override_reason", compensation._track_get_fields())

    def test_only_a_manager_gives_an_override_reason(self):
        complaint = self._new_complaint()
        Wizard = (
            self.env["quality.complaint.compensation.wizard"]
            .with_user(self.sales_rep)
            .with_context(default_complaint_id=complaint.id)
        )
        with self.assertRaisesRegex(AccessError, "Only a complaint manager"):
            Wizard.create({"amount": 50.0, "reason": "Goodwill", "override_reason": "Because"})
        with self.assertRaisesRegex(AccessError, "Only a complaint manager"):
            self.env["quality.complaint.compensation"].with_user(self.sales_rep).create(
                {
                    "complaint_id": complaint.id,
                    "amount": 50.0,
                    "reason": "Goodwill",
                    "override_reason": "Because",
                }
            )
        self.assertFalse(complaint.compensation_ids)

    def test_override_reason_cannot_be_added_afterwards(self):
        complaint = self._new_complaint(kind="claim")
        compensation = self.env["quality.complaint.compensation"].create(
            {"complaint_id": complaint.id, "amount": 50.0, "reason": "Sorting"}
        )
        with self.assertRaisesRegex(UserError, "given when it is requested"):
            compensation.with_user(self.manager).write({"override_reason": "Later"})
        self.assertFalse(compensation.override_reason)

    # ------------------------------------------------------------ claim
    def test_every_claim_compensation_waits_for_finance(self):
        self.company.complaint_approval_amount = 1000.0
        complaint = self._new_complaint(kind="claim")
        compensation = self._compensate(complaint, amount=10.0)
        self.assertEqual(compensation._name, "quality.complaint.compensation")
        self.assertTrue(compensation.needs_approval)
        self.assertEqual(compensation.state, "to_approve")
        self.assertFalse(compensation.move_id)
        self.assertIn(self.finance, compensation.activity_ids.user_id)
        compensation.with_user(self.finance).action_approve()
        self.assertEqual(compensation.state, "approved")
        self.assertAlmostEqual(compensation.move_id.amount_total, 10.0)

    # ------------------------------------------------------------ non-quality
    def test_customer_responsibility_makes_the_complaint_non_quality(self):
        self.env = self.env(context=dict(self.env.context, tracking_disable=False))
        complaint = self._new_complaint(kind="claim", responsibility="customer")
        self.env.flush_all()
        self.env.cr.precommit.run()
        complaint.action_decide_responsibility()
        self.assertEqual(complaint.kind, "non_quality")
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = complaint.sudo().message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "kind"
        )
        self.assertEqual(
            (tracked.old_value_char, tracked.new_value_char),
            ("Claim", "Non-quality / market complaint"),
        )

    def test_company_responsibility_keeps_the_kind(self):
        complaint = self._new_complaint(
            kind="claim", responsibility="company", responsible_department="production"
        )
        complaint.action_decide_responsibility()
        self.assertEqual(complaint.kind, "claim")

    def test_non_quality_gets_no_refund_or_compensation_without_override(self):
        complaint = self._customer_responsible()
        with self.assertRaisesRegex(UserError, "non-quality complaint"):
            complaint.with_user(self.sales_rep)._create_refund(
                self.invoice, {self._plain_invoice_line(): 1.0}
            )
        with self.assertRaisesRegex(UserError, "non-quality complaint"):
            self._compensate(complaint)
        self.assertFalse(complaint.refund_move_ids)
        self.assertFalse(complaint.compensation_ids)

    def test_sales_rep_cannot_override_a_non_quality_refund(self):
        complaint = self._customer_responsible()
        with self.assertRaisesRegex(AccessError, "Only a complaint manager"):
            complaint.with_user(self.sales_rep)._create_refund(
                self.invoice, {self._plain_invoice_line(): 1.0}, override_reason="Be nice"
            )
        with self.assertRaisesRegex(AccessError, "Only a complaint manager"):
            self.env["quality.complaint.refund.wizard"].with_user(self.sales_rep).create(
                {"complaint_id": complaint.id, "override_reason": "Be nice"}
            )
        self.assertFalse(complaint.refund_move_ids)

    def test_manager_refunds_a_non_quality_complaint_with_a_reason(self):
        complaint = self._customer_responsible()
        form = Form(
            self.env["quality.complaint.refund.wizard"]
            .with_user(self.manager)
            .with_context(default_complaint_id=complaint.id)
        )
        form.override_reason = "Key account: one housing refunded as a gesture."
        wizard = form.save()
        for line in wizard.line_ids:
            line.quantity = 1.0 if line.product_id == self.product_plain else 0.0
        action = wizard.action_confirm()
        refund = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(refund.remedy_complaint_id, complaint)
        self.assertEqual(refund.invoice_line_ids.quantity, 1.0)
        self.assertTrue(
            complaint.message_ids.filtered(
                lambda m: "one housing refunded as a gesture" in (m.body or "")
            )
        )

    def test_manager_compensates_a_non_quality_complaint_with_explicit_values(self):
        complaint = self._customer_responsible()
        compensation = (
            self.env["quality.complaint.compensation"]
            .with_user(self.manager)
            .create(
                {
                    "complaint_id": complaint.id,
                    "amount": 30.0,
                    "reason": "Gesture",
                    "override_reason": "Ten years of business",
                }
            )
        )
        self.assertEqual(compensation.state, "approved")
        self.assertEqual(compensation.override_user_id, self.manager)

    def test_non_quality_complaint_gets_no_return_even_from_a_manager(self):
        complaint = self._customer_responsible()
        line = complaint.line_ids.filtered(lambda ln: ln.product_id == self.product_plain)
        with self.assertRaisesRegex(UserError, "non-quality complaint"):
            complaint.with_user(self.manager)._create_return(self.delivery, {line: 1.0})
        self.assertFalse(complaint.return_picking_ids)
