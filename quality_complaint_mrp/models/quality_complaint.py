# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, models
from odoo.exceptions import UserError


class QualityComplaint(models.Model):
    _inherit = "quality.complaint"

    # ------------------------------------------------------------ return
    @api.model
    def _prepare_return_lines(self, picking, quantities):
        """A line about a kit itself (not its components) returns the kit's components:
        the delivery moved them, never the kit. The components of the quantity of kits
        go back, each from its move of the delivery."""
        kit_lines = {}
        others = {}
        boms = self.env["quality.complaint.line"].concat(*quantities)._get_kit_boms()
        for line, qty in quantities.items():
            bom = boms.get(line)
            if bom:
                kit_lines[line] = (bom, qty)
            else:
                others[line] = qty
        by_move = super()._prepare_return_lines(picking, others)
        if kit_lines:
            returnable = self._returnable_quantities(picking)
            for line, (bom, qty) in kit_lines.items():
                for move, move_qty in self._prepare_kit_return_lines(
                    picking, line, bom, qty, returnable
                ).items():
                    by_move[move] += move_qty
        return by_move

    @api.model
    def _prepare_kit_return_lines(self, picking, line, bom, qty, returnable):
        """The component quantities that return ``qty`` kits of complaint line ``line``
        from ``picking``, per move of its components (filled in order of what each move
        can still return; what is left stays on the last move, for the caller to refuse).

        :param qty: kits, in the line's unit
        :param returnable: ``_returnable_quantities(picking)``
        :return: {stock.move of ``picking``: quantity in the move's unit}
        """
        kits = line.uom_id._compute_quantity(qty, bom.product_uom_id, round=False)
        if line.sale_line_id:
            qty_per_kit = line.sale_line_id._get_complaint_qty_per_kit()
        else:
            qty_per_kit = bom._get_complaint_qty_per_kit(line.product_id)
        done_moves = picking.move_ids.filtered(
            lambda m: m.state == "done"
            and m.bom_line_id
            and (not line.sale_line_id or m.sale_line_id == line.sale_line_id)
        )
        by_move = defaultdict(float)
        for bom_line, per_kit in qty_per_kit.items():
            moves = done_moves.filtered(lambda m, bom_line=bom_line: m.bom_line_id == bom_line)
            if not moves:
                raise UserError(
                    self.env._(
                        "%(component)s of the kit %(kit)s was not delivered by %(picking)s: "
                        "the kit cannot be returned from it. Complain about the components "
                        "that were delivered instead.",
                        component=bom_line.product_id.display_name,
                        kit=line.product_id.display_name,
                        picking=picking.name,
                    )
                )
            left = kits * per_kit  # in the component's unit
            for move in moves:
                wanted = bom_line.product_id.uom_id._compute_quantity(left, move.product_uom)
                take = wanted if move == moves[-1] else min(wanted, returnable[move])
                if move.product_uom.is_zero(take):
                    continue
                by_move[move] += take
                left -= move.product_uom._compute_quantity(take, bom_line.product_id.uom_id)
        return by_move

    # ------------------------------------------------------------ refund
    def _get_complained_quantity(self, inv_line):
        """Components complained about count on their kit's invoice line, as the complete
        kits they represent (``sale.order.line._get_complaint_kits``)."""
        qty = super()._get_complained_quantity(inv_line)
        for sale_line in inv_line.sale_line_ids:
            component_qty = defaultdict(float)
            for line in self.line_ids.filtered(lambda ln, sl=sale_line: ln.sale_line_id == sl):
                bom_line = line._get_kit_bom_line()
                if bom_line:
                    component_qty[bom_line] += line.uom_id._compute_quantity(
                        line.quantity, line.product_id.uom_id, round=False
                    )
            if component_qty:
                kits = sale_line._get_complaint_kits(component_qty)
                qty += sale_line.product_uom_id._compute_quantity(
                    kits, inv_line.product_uom_id, round=False
                )
        return qty
