# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class QualityComplaintLine(models.Model):
    _inherit = "quality.complaint.line"

    kit_product_id = fields.Many2one(
        "product.product",
        string="Kit",
        compute="_compute_kit_product_id",
        help="The kit this component was sold and delivered in: its order line is the kit's, "
        "and a refund credits the kit's invoice line.",
    )

    @api.depends("product_id", "sale_line_id", "move_line_id")
    def _compute_kit_product_id(self):
        """A line is a kit's component when its delivered move came from a kit, or when it
        names a component of the kit its order line sold."""
        for line in self:
            line.kit_product_id = (
                line.sale_line_id.product_id if line._get_kit_bom_line() else False
            )

    def _get_kit_bom_line(self):
        """The line of the kit's bill of materials this component line is about: that of
        its delivered move, else the first one of its product in its order line's kit;
        empty for a line that is no kit component."""
        self.ensure_one()
        sale_line = self.sale_line_id
        if not sale_line or sale_line.product_id == self.product_id:
            return self.env["mrp.bom.line"]
        move = self.sudo().move_line_id.move_id
        if move.bom_line_id and move.sale_line_id == sale_line:
            return move.bom_line_id
        return next(
            (
                bom_line
                for bom_line in sale_line._get_complaint_qty_per_kit()
                if bom_line.product_id == self.product_id
            ),
            self.env["mrp.bom.line"],
        )

    def _get_kit_bom(self):
        """The kit bill of materials of a line that names a kit itself (not one of its
        components): its order line's, else the product's; empty otherwise."""
        self.ensure_one()
        if self.sale_line_id and self.sale_line_id.product_id == self.product_id:
            return self.sale_line_id._get_complaint_kit_bom()
        if self.sale_line_id or self.move_line_id:
            return self.env["mrp.bom"]
        return (
            self.env["mrp.bom"]
            .sudo()
            ._bom_find(self.product_id, company_id=self.company_id.id, bom_type="phantom")[
                self.product_id
            ]
        )

    def _get_kit_boms(self):
        """{line: kit bill of materials} of the lines that name a kit itself, in a few
        queries for all the lines: only a product that has a kit, or an order line whose
        delivery exploded one, can be a kit; the others are not looked at one by one."""
        candidates = self.filtered(
            lambda line: line.sale_line_id.product_id == line.product_id
            or not (line.sale_line_id or line.move_line_id)
        )
        if not candidates:
            return {}
        kits = self.env["mrp.bom"].sudo()._bom_find(candidates.product_id, bom_type="phantom")
        exploded = (
            candidates.sale_line_id.sudo().move_ids.filtered("bom_line_id").sale_line_id.sudo(False)
        )
        result = {}
        for line in candidates:
            if kits.get(line.product_id) or line.sale_line_id in exploded:
                bom = line._get_kit_bom()
                if bom:
                    result[line] = bom
        return result

    def _get_origin_products(self):
        """A kit's order line delivered its components: a line may name any of them."""
        products = super()._get_origin_products()
        if self.move_line_id or not self.sale_line_id or self.product_id in products:
            return products
        return products | self.env["product.product"].concat(
            *(bom_line.product_id for bom_line in self.sale_line_id._get_complaint_qty_per_kit())
        )

    def _delivered_quantity(self):
        """A component named with its kit's order line only: what the kit's order line
        delivered of it, less what came back."""
        bom_line = not self.move_line_id and self._get_kit_bom_line()
        if not bom_line:
            return super()._delivered_quantity()
        delivered = sum(
            qty
            for other, qty in self.sale_line_id._get_complaint_delivered_components(
                net=True
            ).items()
            if other.product_id == self.product_id
        )
        return self.product_id.uom_id._compute_quantity(delivered, self.uom_id, round=False)
