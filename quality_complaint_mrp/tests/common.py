# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.quality_complaint.tests.common import ComplaintCase, deliver_and_invoice
from odoo.fields import Command


class KitComplaintCase(ComplaintCase):
    """The customer also bought 5 lamp kits (a kit bill of materials: one lot-tracked
    LED driver and two lamp housings per kit) at 150 each: the delivery moved 5 drivers
    (3 of lot A, 2 of lot B) and 10 housings, the invoice bills 5 kits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kit = cls.env["product.product"].create(
            {
                "name": "LED Lamp Kit",
                "type": "consu",
                "list_price": 150.0,
                "invoice_policy": "delivery",
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )
        cls.bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.kit.product_tmpl_id.id,
                "type": "phantom",
                "product_qty": 1.0,
                "bom_line_ids": [
                    Command.create({"product_id": cls.product_lot.id, "product_qty": 1.0}),
                    Command.create({"product_id": cls.product_plain.id, "product_qty": 2.0}),
                ],
            }
        )
        cls.kit_order, cls.kit_delivery, cls.kit_invoice = cls._sell_kits(cls.customer, 5.0)
        cls.kit_sale_line = cls.kit_order.order_line
        cls.kit_invoice_line = cls.kit_invoice.invoice_line_ids.filtered(
            lambda ln: ln.display_type == "product"
        )

    @classmethod
    def _sell_kits(cls, partner, qty, lot_qty=None):
        """A confirmed order of ``qty`` kits, its validated delivery (the drivers of the
        lots given) and its posted invoice."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": cls.sales_rep.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.kit.id, "product_uom_qty": qty, "price_unit": 150.0}
                    )
                ],
            }
        )
        order.action_confirm()
        delivery, invoice = deliver_and_invoice(
            order, {cls.product_lot: lot_qty or {cls.lot_a: 3.0, cls.lot_b: 2.0}}
        )
        return order, delivery, invoice

    def _kit_complaint(self, user=None, **vals):
        """A complaint opened by the sales rep from the kits' delivery."""
        return self._new_complaint(
            documents={
                "sale_orders": self.kit_order,
                "pickings": self.kit_delivery,
                "invoices": self.kit_invoice,
            },
            user=user,
            **vals,
        ).with_env(self.env)

    def _component_line(self, complaint, product, lot=None):
        return complaint.line_ids.filtered(
            lambda ln: ln.product_id == product and (lot is None or ln.lot_id == lot)
        )

    def _keep_only(self, complaint, quantities):
        """Complain about the given {complaint line: quantity} only (the customer found
        only those defective): the other lines are removed."""
        complaint.line_ids = [
            Command.delete(line.id) for line in complaint.line_ids if line not in quantities
        ] + [Command.update(line.id, {"quantity": qty}) for line, qty in quantities.items()]
        return complaint
