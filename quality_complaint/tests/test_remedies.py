# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestRemedies(ComplaintCase):
    def _wizard(self, model, complaint, user=None):
        return (
            self.env[model]
            .with_user(user or self.sales_rep)
            .with_context(default_complaint_id=complaint.id)
        )

    def _refund(self, complaint, quantities=None, user=None):
        """Run the refund wizard; ``quantities`` maps products to quantities to refund."""
        form = Form(self._wizard("quality.complaint.refund.wizard", complaint, user))
        wizard = form.save()
        for line in wizard.line_ids:
            if quantities is not None:
                line.quantity = quantities.get(line.product_id, 0.0)
        action = wizard.action_confirm()
        return self.env["account.move"].browse(action["res_id"]), wizard

    # ------------------------------------------------------------ return
    def test_return_receives_the_complained_lots_into_quarantine(self):
        quarantine = self.env["stock.location"].create(
            {
                "name": "Quarantine",
                "usage": "internal",
                "location_id": self.warehouse.view_location_id.id,
            }
        )
        self.company.complaint_quarantine_location_id = quarantine
        complaint = self._new_complaint()
        complaint.line_ids.filtered(lambda ln: ln.lot_id == self.lot_a).quantity = 3.0
        wizard = self._wizard("quality.complaint.return.wizard", complaint).create({})
        self.assertEqual(wizard.location_dest_id, quarantine)
        for line in wizard.line_ids:
            if line.product_id == self.product_plain:
                line.quantity = 0.0
        action = wizard.action_confirm()
        picking = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(picking.return_id, self.delivery)
        self.assertEqual(picking.remedy_complaint_id, complaint)
        self.assertEqual(picking.location_dest_id, quarantine)
        self.assertEqual(picking.move_ids.product_id, self.product_lot)
        self.assertEqual(
            {ml.lot_id: ml.quantity for ml in picking.move_line_ids},
            {self.lot_a: 3.0, self.lot_b: 2.0},
        )
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.product_lot, quarantine, lot_id=self.lot_a
            ),
            3.0,
        )
        complaint.invalidate_recordset()
        self.assertEqual(complaint.returned_qty, 5.0)
        self.assertEqual(complaint.return_count, 1)

    def test_return_more_than_delivered_minus_returned_is_refused(self):
        complaint = self._new_complaint()
        first = self._wizard("quality.complaint.return.wizard", complaint).create({})
        first.action_confirm()
        second = self._wizard("quality.complaint.return.wizard", complaint).create({})
        with self.assertRaisesRegex(UserError, "can still be returned"):
            second.action_confirm()
        self.assertEqual(len(complaint.return_picking_ids), 1)

    # ------------------------------------------------------------ replacement
    def test_replacement_ships_new_goods_without_touching_the_order(self):
        complaint = self._new_complaint()
        delivered_before = self.order.order_line.mapped("qty_delivered")
        wizard = self._wizard("quality.complaint.replacement.wizard", complaint).create({})
        for line in wizard.line_ids:
            line.quantity = 1.0 if line.product_id == self.product_plain else 0.0
        action = wizard.action_confirm()
        picking = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(picking.picking_type_id, self.delivery.picking_type_id)
        self.assertEqual(picking.complaint_remedy, "replacement")
        self.assertEqual(picking.move_ids.product_uom_qty, 1.0)
        self.assertEqual(picking.state, "assigned")
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(self.order.order_line.mapped("qty_delivered"), delivered_before)
        complaint.invalidate_recordset()
        self.assertAlmostEqual(complaint.replacement_cost, 8.0)
        self.assertAlmostEqual(complaint.cost_total, 8.0)

    def test_replacement_as_zero_priced_order_ships_through_the_order_flow(self):
        complaint = self._new_complaint()
        wizard = self._wizard("quality.complaint.replacement.wizard", complaint).create(
            {"method": "order"}
        )
        for line in wizard.line_ids:
            line.quantity = 2.0 if line.product_id == self.product_plain else 0.0
        action = wizard.action_confirm()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.amount_total, 0.0)
        self.assertEqual(order.remedy_complaint_id, complaint)
        self.assertEqual(order.picking_ids.complaint_remedy, "replacement")
        self.assertEqual(complaint.replacement_picking_ids, order.picking_ids)
        self.assertEqual(order.picking_ids.move_ids.product_uom_qty, 2.0)

    def test_closing_a_customer_responsible_complaint_needs_the_explanation(self):
        complaint = self._new_complaint(responsibility="customer")
        complaint.action_decide_responsibility()
        closed = self.env.ref("quality_complaint.quality_complaint_stage_closed")
        with self.assertRaisesRegex(UserError, "write the explanation"):
            complaint.stage_id = closed
        self.assertFalse(complaint.is_closed)
        complaint.customer_explanation = "<p>The driver was fed 380 V instead of 230 V.</p>"
        complaint.stage_id = closed
        self.assertTrue(complaint.is_closed)

    # ------------------------------------------------------------ refund
    def test_refund_reverses_invoice_lines_as_invoiced_and_stays_draft(self):
        self.order2, _delivery2, invoice2 = self._sell_and_deliver(self.customer, discount=10.0)
        complaint = self._new_complaint(
            documents={"sale_orders": self.order2, "pickings": _delivery2, "invoices": invoice2}
        )
        refund, _wizard = self._refund(complaint, {self.product_lot: 2.0})
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.state, "draft")
        self.assertEqual(refund.reversed_entry_id, invoice2)
        self.assertEqual(refund.remedy_complaint_id, complaint)
        line = refund.invoice_line_ids
        self.assertEqual(len(line), 1)
        self.assertEqual(line.quantity, 2.0)
        self.assertEqual(line.price_unit, 100.0)
        self.assertEqual(line.discount, 10.0)
        self.assertEqual(line.tax_ids, self.tax)
        self.assertEqual(refund.fiscal_position_id, invoice2.fiscal_position_id)
        # 2 x 100 - 10 % = 180, + 13 % VAT = 203.40
        self.assertAlmostEqual(refund.amount_untaxed, 180.0)
        self.assertAlmostEqual(refund.amount_total, 203.4)
        # A draft credit note is pending, not cost, until finance posts it.
        complaint.invalidate_recordset()
        self.assertAlmostEqual(complaint.amount_refunded, 0.0)
        self.assertAlmostEqual(complaint.amount_pending, 180.0)
        refund.with_user(self.finance).action_post()
        complaint.invalidate_recordset()
        self.assertAlmostEqual(complaint.amount_refunded, 180.0)
        action = self.invoice.action_view_complaints()
        self.assertTrue(action)

    def test_refund_never_exceeds_invoiced_minus_already_refunded(self):
        complaint = self._new_complaint()
        self._refund(complaint, {self.product_lot: 6.0})
        wizard = Form(self._wizard("quality.complaint.refund.wizard", complaint)).save()
        lot_line = wizard.line_ids.filtered(lambda ln: ln.product_id == self.product_lot)
        self.assertEqual(lot_line.refundable_qty, 4.0)
        lot_line.quantity = 5.0
        with self.assertRaisesRegex(UserError, "4.0 Units of invoice"):
            wizard.action_confirm()
        self.assertEqual(len(complaint.refund_move_ids), 1)

    def test_refund_opened_before_another_one_is_rechecked_when_confirmed(self):
        # Both wizards read the complaint, its invoice and the refundable quantities before
        # either is confirmed: the second one's check, made under the complaint's lock, counts
        # the credit note of the first (not what it had read).
        complaint = self._new_complaint()
        first = Form(self._wizard("quality.complaint.refund.wizard", complaint)).save()
        second = Form(self._wizard("quality.complaint.refund.wizard", complaint)).save()
        for wizard in first | second:
            for line in wizard.line_ids:
                line.quantity = 6.0 if line.product_id == self.product_lot else 0.0
        refund = self.env["account.move"].browse(first.action_confirm()["res_id"])
        with self.assertRaisesRegex(UserError, "4.0 Units of invoice"):
            second.action_confirm()
        self.assertEqual(complaint.refund_move_ids, refund)

    def test_double_submit_of_a_refund_creates_one_credit_note(self):
        complaint = self._new_complaint()
        refund, wizard = self._refund(complaint, {self.product_plain: 1.0})
        with self.assertRaisesRegex(UserError, "already submitted"):
            wizard.action_confirm()
        self.assertEqual(complaint.refund_move_ids, refund)

    def test_sales_rep_without_accounting_rights_requests_but_cannot_post(self):
        self.company.complaint_post_credit_notes = True
        complaint = self._new_complaint()
        refund, _wizard = self._refund(complaint, {self.product_plain: 1.0})
        self.assertEqual(refund.state, "draft")
        with self.assertRaises(AccessError):
            refund.with_user(self.sales_rep).action_post()
        refund.with_user(self.finance).action_post()
        self.assertEqual(refund.state, "posted")

    def test_company_setting_posts_credit_notes_for_accountants(self):
        self.company.complaint_post_credit_notes = True
        complaint = self._new_complaint()
        refund, _wizard = self._refund(complaint, {self.product_plain: 1.0}, user=self.finance)
        self.assertEqual(refund.state, "posted")

    def test_customer_responsibility_leads_to_explanation_not_remedies(self):
        complaint = self._new_complaint(responsibility="customer")
        with self.assertRaisesRegex(UserError, "explain the decision"):
            self._refund(complaint, {self.product_plain: 1.0})
        wizard = self._wizard("quality.complaint.compensation.wizard", complaint).create(
            {"amount": 50.0, "reason": "Goodwill"}
        )
        with self.assertRaisesRegex(UserError, "explain the decision"):
            wizard.action_confirm()
        self.assertFalse(
            self.env["account.move"].search([("remedy_complaint_id", "=", complaint.id)])
        )

    # ------------------------------------------------------------ compensation
    def test_small_compensation_is_credited_at_once_on_the_compensation_product(self):
        # An appeal compensated by a complaint manager's override: a claim's always waits.
        complaint = self._new_complaint()
        wizard = self._wizard(
            "quality.complaint.compensation.wizard", complaint, self.manager
        ).create(
            {
                "amount": 150.0,
                "reason": "Sorting cost at the customer's line",
                "override_reason": "Goodwill: the sorting was our supplier's fault",
            }
        )
        action = wizard.action_confirm()
        move = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(move.move_type, "out_refund")
        self.assertEqual(move.state, "draft")
        self.assertEqual(
            move.invoice_line_ids.product_id,
            self.env.ref("quality_complaint.product_complaint_compensation"),
        )
        self.assertAlmostEqual(move.amount_total, 150.0)
        complaint.invalidate_recordset()
        self.assertAlmostEqual(complaint.amount_pending, 150.0)
        move.with_user(self.finance).action_post()
        complaint.invalidate_recordset()
        self.assertAlmostEqual(complaint.amount_compensated, 150.0)

    def test_large_compensation_waits_for_a_finance_approver(self):
        self.company.complaint_approval_amount = 1000.0
        complaint = self._new_complaint(kind="claim")
        wizard = self._wizard("quality.complaint.compensation.wizard", complaint).create(
            {"amount": 5000.0, "reason": "Line stop at the customer"}
        )
        action = wizard.action_confirm()
        compensation = self.env["quality.complaint.compensation"].browse(action["res_id"])
        self.assertEqual(compensation.state, "to_approve")
        self.assertFalse(compensation.move_id)
        self.assertTrue(compensation.activity_ids)
        with self.assertRaises(AccessError):
            compensation.with_user(self.sales_rep).action_approve()
        self.assertEqual(compensation.state, "to_approve")
        compensation.with_user(self.finance).action_approve()
        self.assertEqual(compensation.state, "approved")
        self.assertAlmostEqual(compensation.move_id.amount_total, 5000.0)
        with self.assertRaisesRegex(UserError, "not waiting for approval"):
            compensation.with_user(self.finance).action_approve()
        self.assertEqual(
            self.env["account.move"].search_count([("remedy_complaint_id", "=", complaint.id)]), 1
        )

    def test_negative_compensation_is_refused(self):
        complaint = self._new_complaint(kind="claim")
        with self.assertRaisesRegex(IntegrityError, "amount_positive"):
            self.env["quality.complaint.compensation"].create(
                {"complaint_id": complaint.id, "amount": -10.0, "reason": "x"}
            )
        self.assertFalse(complaint.compensation_ids)

    # ------------------------------------------------------------ document safety
    def test_complaint_with_documents_is_archived_not_deleted(self):
        complaint = self._new_complaint()
        refund, _wizard = self._refund(complaint, {self.product_plain: 1.0})
        with self.assertRaisesRegex(UserError, "archive it instead"):
            complaint.with_user(self.manager).unlink()
        complaint.with_user(self.manager).action_archive()
        self.assertFalse(complaint.active)
        self.assertTrue(refund.exists())

    def test_cancelling_a_complaint_keeps_its_posted_credit_note(self):
        complaint = self._new_complaint()
        refund, _wizard = self._refund(complaint, {self.product_plain: 1.0}, user=self.finance)
        refund.action_post()
        complaint.stage_id = self.env.ref("quality_complaint.quality_complaint_stage_cancelled")
        self.assertEqual(refund.state, "posted")
        with self.assertRaisesRegex(UserError, "closed or cancelled"):
            self._refund(complaint, {self.product_plain: 1.0})
