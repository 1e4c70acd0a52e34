# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo.addons.quality_complaint.tests.common import Json2Mixin
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import KitComplaintCase


@tagged("post_install", "-at_install")
class TestKitJson2(Json2Mixin, HttpCase, KitComplaintCase):
    """A kit's complaint driven as an integration does it: Odoo 19's JSON-2 API with an
    API key and explicit values, no form."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._json2_keys(cls.sales_rep)

    def _json2(self, model, method, status=200, **params):
        """JSON-2 call as the sales rep."""
        return super()._json2(self.sales_rep, model, method, status, **params)

    def _complaint_from_delivery(self):
        complaint_ids = self._json2(
            "stock.picking",
            "create_complaint",
            ids=self.kit_delivery.ids,
            vals={"subject": "Cracked lamp housings"},
        )
        return self.env["quality.complaint"].browse(complaint_ids)

    def test_kit_complaint_and_refund_over_json2(self):
        complaint = self._complaint_from_delivery()
        self.assertEqual(complaint.sale_order_ids, self.kit_order)
        self.assertEqual(complaint.invoice_ids, self.kit_invoice)
        self.assertEqual(
            {
                (ln.product_id, ln.lot_id, ln.quantity, ln.kit_product_id)
                for ln in complaint.line_ids
            },
            {
                (self.product_lot, self.lot_a, 3.0, self.kit),
                (self.product_lot, self.lot_b, 2.0, self.kit),
                (self.product_plain, self.env["stock.lot"], 10.0, self.kit),
            },
        )
        housing = complaint.line_ids.filtered(lambda ln: ln.product_id == self.product_plain)
        self._json2(
            "quality.complaint",
            "write",
            ids=complaint.ids,
            vals={
                "line_ids": [Command.delete(line.id) for line in complaint.line_ids - housing]
                + [Command.update(housing.id, {"quantity": 3.0})]
            },
        )
        wizard_ids = self._json2(
            "quality.complaint.refund.wizard", "create", vals_list=[{"complaint_id": complaint.id}]
        )
        wizard = self.env["quality.complaint.refund.wizard"].browse(wizard_ids)
        self.assertEqual(
            [(ln.invoice_line_id, ln.quantity) for ln in wizard.line_ids],
            [(self.kit_invoice_line, 2.0)],
        )
        action = self._json2("quality.complaint.refund.wizard", "action_confirm", ids=wizard_ids)
        refund = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(refund.reversed_entry_id, self.kit_invoice)
        self.assertEqual(
            [(ln.product_id, ln.quantity) for ln in refund.invoice_line_ids], [(self.kit, 2.0)]
        )

    def test_kit_refund_beyond_what_is_left_is_refused_over_json2(self):
        complaint = self._complaint_from_delivery()
        complaint._create_refund(self.kit_invoice, {self.kit_invoice_line: 4.0})
        refunds = complaint.refund_move_ids
        wizard_ids = self._json2(
            "quality.complaint.refund.wizard",
            "create",
            vals_list=[
                {
                    "complaint_id": complaint.id,
                    "line_ids": [
                        Command.create({"invoice_line_id": self.kit_invoice_line.id, "quantity": 2})
                    ],
                }
            ],
        )
        body = self._json2("quality.complaint.refund.wizard", "action_confirm", 422, ids=wizard_ids)
        self.assertEqual(body["name"], "odoo.exceptions.UserError", body.get("debug"))
        self.assertIn("LED Lamp Kit: 2.0 cannot be refunded; 1.0 Units", body["message"])
        self.assertEqual(complaint.refund_move_ids, refunds)

    def test_kit_return_over_json2_sends_back_components(self):
        complaint = self._complaint_from_delivery()
        driver = complaint.line_ids.filtered(lambda ln: ln.lot_id == self.lot_b)
        wizard_ids = self._json2(
            "quality.complaint.return.wizard",
            "create",
            vals_list=[
                {
                    "complaint_id": complaint.id,
                    "picking_id": self.kit_delivery.id,
                    "location_dest_id": False,
                    "line_ids": [Command.create({"complaint_line_id": driver.id, "quantity": 2})],
                }
            ],
        )
        action = self._json2("quality.complaint.return.wizard", "action_confirm", ids=wizard_ids)
        picking = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(picking.return_id, self.kit_delivery)
        self.assertEqual(
            [(ml.product_id, ml.lot_id, ml.quantity) for ml in picking.move_line_ids],
            [(self.product_lot, self.lot_b, 2.0)],
        )
