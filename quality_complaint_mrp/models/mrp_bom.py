# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class MrpBom(models.Model):
    _inherit = "mrp.bom"

    def _get_complaint_qty_per_kit(self, product, kit_qty=1.0):
        """What one kit of ``product`` holds of each delivered component, as sale_mrp's
        ``_compute_kit_quantities`` reads this kit bill of materials: the components of
        kits within the kit included, services (never delivered) and optional components
        (zero quantity) left out.

        :param kit_qty: the quantity of kits exploded (the ordered one), in the bill's
            unit: only the rounding of the components depends on it
        :return: {mrp.bom.line: quantity per kit in the bill's unit, in the component
            product's unit}
        """
        self.ensure_one()
        kit_qty = (kit_qty or 1.0) / self.product_qty
        _boms, lines = self.explode(product, kit_qty)
        result = {}
        for bom_line, data in lines:
            if bom_line.product_id.type == "service" or bom_line.product_uom_id.is_zero(
                data["qty"]
            ):
                continue
            result[bom_line] = bom_line.product_uom_id._compute_quantity(
                data["qty"] / data["original_qty"] / self.product_qty,
                bom_line.product_id.uom_id,
                round=False,
            )
        return result

    def _get_complaint_complete_kits(self, qty_per_kit, quantities):
        """The complete kits that ``quantities`` of components make, counted as sale_mrp
        counts a kit delivered: the lowest ratio of a component to its quantity per kit,
        whole kits only.

        :param qty_per_kit: ``_get_complaint_qty_per_kit``'s result
        :param quantities: {mrp.bom.line: quantity in the component product's unit}
        :return: kits, in the bill's unit
        """
        if not qty_per_kit:
            return 0.0
        ratios = [
            bom_line.product_id.uom_id.round(max(quantities.get(bom_line, 0.0), 0.0) / per_kit)
            for bom_line, per_kit in qty_per_kit.items()
        ]
        return min(ratios) // 1
