# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _get_complaint_kit_bom(self):
        """The kit bill of materials this order line delivers, found as sale_mrp finds it
        for the delivered quantity: the kit of its moves' components, else the product's
        current kit; empty when the product is no kit. Read as superuser: the kit's
        structure is no secret to who handles the complaint."""
        self.ensure_one()
        line = self.sudo()
        boms = line.move_ids.filtered(lambda m: m.state != "cancel").bom_line_id.bom_id
        bom = boms.filtered(
            lambda b: b.type == "phantom"
            and (
                b.product_id == line.product_id
                or (b.product_tmpl_id == line.product_id.product_tmpl_id and not b.product_id)
            )
        )[:1]
        if not bom:
            bom = (
                self.env["mrp.bom"]
                .sudo()
                ._bom_find(line.product_id, company_id=line.company_id.id, bom_type="phantom")[
                    line.product_id
                ]
            )
        return bom

    def _get_complaint_qty_per_kit(self):
        """{mrp.bom.line: component quantity per kit} of this order line's kit, exploded
        for the ordered quantity as sale_mrp does; empty when it is no kit."""
        self.ensure_one()
        bom = self._get_complaint_kit_bom()
        if not bom:
            return {}
        ordered = self.product_uom_id._compute_quantity(self.product_uom_qty, bom.product_uom_id)
        return bom._get_complaint_qty_per_kit(self.product_id, ordered)

    def _get_complaint_delivered_components(self, net=False):
        """The components this kit order line delivered to the customer, per line of its
        kit, in the component's unit: the done moves that reached the customer, less, with
        ``net``, the done returns that updated the order (as its delivered quantity counts
        them).

        :return: defaultdict {mrp.bom.line: quantity}
        """
        self.ensure_one()
        delivered = defaultdict(float)
        for move in self.sudo().move_ids.filtered(lambda m: m.state == "done" and m.bom_line_id):
            qty = move.product_uom._compute_quantity(move.quantity, move.product_id.uom_id)
            if move.location_dest_usage == "customer" and move.location_usage != "customer":
                delivered[move.bom_line_id] += qty
            elif net and move.location_usage == "customer" and move.to_refund:
                delivered[move.bom_line_id] -= qty
        return delivered

    def _get_complaint_kits(self, component_qty):
        """The kits of this order line that ``component_qty`` of its components represent,
        in the line's unit, counted as sale_mrp counts kits delivered: a kit counts as
        delivered only while all its components are, so these components represent the
        complete kits delivered less the complete kits left without them. One housing of a
        kit of one driver and two housings is one kit; two drivers and two housings are two.

        :param component_qty: {mrp.bom.line: quantity in the component's unit}
        """
        self.ensure_one()
        bom = self._get_complaint_kit_bom()
        qty_per_kit = self._get_complaint_qty_per_kit()
        if not qty_per_kit:
            return 0.0
        delivered = self._get_complaint_delivered_components()
        left = {
            bom_line: delivered[bom_line] - component_qty.get(bom_line, 0.0)
            for bom_line in qty_per_kit
        }
        kits = bom._get_complaint_complete_kits(
            qty_per_kit, delivered
        ) - bom._get_complaint_complete_kits(qty_per_kit, left)
        return bom.product_uom_id._compute_quantity(max(kits, 0.0), self.product_uom_id)
