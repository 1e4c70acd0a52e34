# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import KitComplaintCase


@tagged("post_install", "-at_install")
class TestKitComplaint(KitComplaintCase):
    """Complaints about kits: the delivery moved the kit's components, so the complaint
    lists them, returns them through Odoo's return wizard and refunds the kit's invoice
    line for the complete kits they represent."""

    def _return(self, complaint, quantities, user=None):
        return (
            complaint.with_user(user or self.sales_rep)
            ._create_return(self.kit_delivery, quantities)
            .with_env(self.env)
        )

    def _receive(self, picking):
        picking.move_ids.picked = True
        picking.button_validate()

    def _refund_wizard(self, complaint, user=None):
        return Form(
            self.env["quality.complaint.refund.wizard"]
            .with_user(user or self.sales_rep)
            .with_context(default_complaint_id=complaint.id)
        )

    def _refunded(self):
        """Kits credited against the kits' invoice (drafts included)."""
        return sum(
            self.env["account.move"]
            .search([("reversed_entry_id", "=", self.kit_invoice.id), ("state", "!=", "cancel")])
            .invoice_line_ids.filtered(lambda ln: ln.display_type == "product")
            .mapped("quantity")
        )

    # ------------------------------------------------------------ lines
    def test_complaint_from_kit_delivery_lists_the_delivered_components(self):
        complaint = self._kit_complaint()
        self.assertEqual(
            {(ln.product_id, ln.lot_id, ln.quantity) for ln in complaint.line_ids},
            {
                (self.product_lot, self.lot_a, 3.0),
                (self.product_lot, self.lot_b, 2.0),
                (self.product_plain, self.env["stock.lot"], 10.0),
            },
        )
        self.assertEqual(complaint.line_ids.sale_line_id, self.kit_sale_line)
        self.assertEqual(complaint.line_ids.kit_product_id, self.kit)
        self.assertEqual(complaint.line_ids.picking_id, self.kit_delivery)
        self.assertEqual(complaint.product_ids, self.product_lot | self.product_plain)

    def test_component_named_with_its_kit_order_line_is_checked_against_the_delivery(self):
        complaint = self._kit_complaint()
        line = complaint.line_ids.create(
            {
                "complaint_id": complaint.id,
                "product_id": self.product_plain.id,
                "quantity": 10.0,
                "sale_line_id": self.kit_sale_line.id,
            }
        )
        self.assertEqual(line.kit_product_id, self.kit)
        with self.assertRaisesRegex(ValidationError, "more than the 10.0 delivered"):
            line.quantity = 11.0
        self.assertEqual(line.quantity, 10.0)
        stranger = self.env["product.product"].create({"name": "Wall Plug", "type": "consu"})
        with self.assertRaisesRegex(ValidationError, "not the one of the delivered line"):
            line.product_id = stranger
        self.assertEqual(line.product_id, self.product_plain)

    # ------------------------------------------------------------ return
    def test_return_sends_back_the_complained_components_with_their_lots(self):
        complaint = self._kit_complaint()
        lot_line = self._component_line(complaint, self.product_lot, self.lot_a)
        housing = self._component_line(complaint, self.product_plain)
        picking = self._return(complaint, {lot_line: 1.0, housing: 2.0})
        self.assertEqual(picking.return_id, self.kit_delivery)
        self.assertEqual(picking.remedy_complaint_id, complaint)
        self.assertEqual(
            {(m.product_id, m.product_uom_qty) for m in picking.move_ids},
            {(self.product_lot, 1.0), (self.product_plain, 2.0)},
        )
        self.assertEqual(picking.move_ids.origin_returned_move_id, self.kit_delivery.move_ids)
        self.assertEqual(picking.move_ids.sale_line_id, self.kit_sale_line)
        self.assertEqual(
            {(ml.lot_id, ml.quantity) for ml in picking.move_line_ids if ml.lot_id},
            {(self.lot_a, 1.0)},
        )
        # Received, the components update the order as Odoo counts kits: 4 complete kits.
        self._receive(picking)
        self.assertEqual(picking.state, "done")
        self.assertEqual(self.kit_sale_line.qty_delivered, 4.0)

    def test_partial_returns_never_add_up_to_more_than_delivered(self):
        complaint = self._kit_complaint()
        housing = self._component_line(complaint, self.product_plain)
        first = self._return(complaint, {housing: 4.0})
        self._receive(first)
        second = self._return(complaint, {housing: 6.0})
        self.assertEqual(second.move_ids.product_uom_qty, 6.0)
        returns = complaint.return_picking_ids
        with self.assertRaisesRegex(
            UserError, "Only 0.0 Units of Lamp Housing can still be returned"
        ):
            self._return(complaint, {housing: 1.0})
        self.assertEqual(complaint.return_picking_ids, returns)

    def test_a_line_about_the_kit_itself_returns_its_components(self):
        complaint = self._kit_complaint()
        complaint.line_ids = [
            Command.clear(),
            Command.create(
                {"product_id": self.kit.id, "quantity": 2.0, "sale_line_id": self.kit_sale_line.id}
            ),
        ]
        kit_line = complaint.line_ids
        self.assertFalse(kit_line.kit_product_id)
        wizard = Form(
            self.env["quality.complaint.return.wizard"]
            .with_user(self.sales_rep)
            .with_context(default_complaint_id=complaint.id)
        ).save()
        action = wizard.action_confirm()
        picking = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(
            {(m.product_id, m.product_uom_qty) for m in picking.move_ids},
            {(self.product_lot, 2.0), (self.product_plain, 4.0)},
        )
        self.assertEqual(picking.move_ids.bom_line_id, self.bom.bom_line_ids)
        with self.assertRaisesRegex(UserError, "Only 3.0 Units of LED Driver 40W"):
            self._return(complaint, {kit_line: 4.0})
        self.assertEqual(complaint.return_picking_ids, picking)

    def test_more_kits_than_delivered_are_refused(self):
        complaint = self._kit_complaint()
        with self.assertRaisesRegex(ValidationError, "more than the 5.0 delivered"):
            complaint.line_ids = [
                Command.clear(),
                Command.create(
                    {
                        "product_id": self.kit.id,
                        "quantity": 6.0,
                        "sale_line_id": self.kit_sale_line.id,
                    }
                ),
            ]
        self.assertEqual(len(complaint.line_ids), 3)

    # ------------------------------------------------------------ refund
    def test_refund_credits_the_kit_for_the_complete_kits_the_components_represent(self):
        housing, driver_a, driver_b = (
            (self.product_plain, None),
            (self.product_lot, self.lot_a),
            (self.product_lot, self.lot_b),
        )
        for quantities, kits in (
            ({housing: 1.0}, 1.0),  # one housing: a kit is no longer complete
            ({housing: 3.0}, 2.0),  # three housings: two kits
            ({housing: 2.0, driver_a: 1.0}, 1.0),  # one whole kit
            ({driver_a: 2.0, driver_b: 1.0, housing: 2.0}, 3.0),
        ):
            complaint = self._kit_complaint()
            self._keep_only(
                complaint,
                {
                    self._component_line(complaint, *component): qty
                    for component, qty in quantities.items()
                },
            )
            wizard = self._refund_wizard(complaint)
            self.assertEqual(wizard.invoice_id, self.kit_invoice)
            self.assertEqual(len(wizard.line_ids), 1)
            with wizard.line_ids.edit(0) as line:
                self.assertEqual(line.product_id, self.kit)
                self.assertEqual(line.refundable_qty, 5.0)
                self.assertEqual(line.quantity, kits, quantities)

    def test_refund_reverses_the_kit_invoice_line_not_its_components(self):
        complaint = self._kit_complaint()
        self._keep_only(complaint, {self._component_line(complaint, self.product_plain): 1.0})
        refund = self.env["account.move"].browse(
            self._refund_wizard(complaint).save().action_confirm()["res_id"]
        )
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.reversed_entry_id, self.kit_invoice)
        self.assertEqual(refund.remedy_complaint_id, complaint)
        self.assertEqual(
            [
                (ln.product_id, ln.quantity, ln.price_unit, ln.tax_ids)
                for ln in refund.invoice_line_ids
            ],
            [(self.kit, 1.0, 150.0, self.tax)],
        )
        self.assertEqual(refund.invoice_line_ids.sale_line_ids, self.kit_sale_line)
        self.assertAlmostEqual(refund.amount_untaxed, 150.0)

    def test_returned_components_still_refund_their_kit(self):
        complaint = self._kit_complaint()
        housing = self._component_line(complaint, self.product_plain)
        self._keep_only(complaint, {housing: 2.0})
        self._receive(self._return(complaint, {housing: 2.0}))
        self.assertEqual(self.kit_sale_line.qty_delivered, 4.0)
        with self._refund_wizard(complaint).line_ids.edit(0) as line:
            self.assertEqual(line.quantity, 1.0)

    def test_refund_of_kits_never_exceeds_invoiced_minus_refunded(self):
        complaint = self._kit_complaint()
        before = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(
            UserError, "LED Lamp Kit: 6.0 cannot be refunded; 5.0 Units of invoice"
        ):
            complaint.with_user(self.sales_rep)._create_refund(
                self.kit_invoice, {self.kit_invoice_line: 6.0}
            )
        self.assertEqual(self.env["account.move"].search_count([]), before)
        complaint.with_user(self.sales_rep)._create_refund(
            self.kit_invoice, {self.kit_invoice_line: 3.0}
        )
        self.assertEqual(self._refunded(), 3.0)
        # A second complaint on the same kits finds only what is left.
        other = self._kit_complaint()
        with self._refund_wizard(other).line_ids.edit(0) as line:
            self.assertEqual(line.refundable_qty, 2.0)
            self.assertEqual(line.quantity, 2.0)
        with self.assertRaisesRegex(UserError, "3.0 cannot be refunded; 2.0 Units"):
            other.with_user(self.sales_rep)._create_refund(
                self.kit_invoice, {self.kit_invoice_line: 3.0}
            )
        self.assertEqual(self._refunded(), 3.0)
        other.with_user(self.sales_rep)._create_refund(
            self.kit_invoice, {self.kit_invoice_line: 2.0}
        )
        self.assertEqual(self._refunded(), 5.0)
        with self._refund_wizard(other).line_ids.edit(0) as line:
            self.assertEqual(line.refundable_qty, 0.0)
            self.assertEqual(line.quantity, 0.0)

    def test_refund_of_another_orders_invoice_or_of_nothing_is_refused(self):
        complaint = self._kit_complaint()
        rep = complaint.with_user(self.sales_rep)
        with self.assertRaisesRegex(UserError, "posted customer invoice of complaint"):
            rep._create_refund(self.invoice, {self.kit_invoice_line: 1.0})
        with self.assertRaisesRegex(UserError, "not a product line of the invoice"):
            rep._create_refund(self.kit_invoice, {self.invoice.invoice_line_ids[:1]: 1.0})
        with self.assertRaisesRegex(UserError, "Enter a quantity to refund"):
            rep._create_refund(self.kit_invoice, {self.kit_invoice_line: 0.0})
        self.assertFalse(complaint.refund_move_ids)
        self.assertEqual(self._refunded(), 0.0)
