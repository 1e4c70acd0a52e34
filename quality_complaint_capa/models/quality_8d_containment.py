# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class Quality8dContainment(models.Model):
    """D3: where suspect goods are and what sorting found, per location or customer."""

    _name = "quality.8d.containment"
    _inherit = ["quality.8d.content.mixin"]
    _description = "8D Containment Action"
    _order = "report_id, id"

    report_id = fields.Many2one("quality.8d.report", required=True, ondelete="cascade", index=True)
    description = fields.Char(string="Action")
    product_id = fields.Many2one("product.product")
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial Number")
    location_id = fields.Many2one("stock.location")
    partner_id = fields.Many2one("res.partner", string="Customer")
    picking_id = fields.Many2one("stock.picking", string="Delivery")
    quantity_at_risk = fields.Float(digits="Product Unit")
    quantity_checked = fields.Float(digits="Product Unit")
    quantity_defective = fields.Float(string="Quantity Sorted Out", digits="Product Unit")
    user_id = fields.Many2one("res.users", string="Responsible")
    date_done = fields.Date(string="Done on")
    state = fields.Selection(
        [("todo", "To check"), ("done", "Checked"), ("not_needed", "Not needed")],
        default="todo",
        required=True,
    )

    @api.constrains("quantity_checked", "quantity_defective")
    def _check_quantities(self):
        for line in self:
            if line.quantity_checked < 0 or line.quantity_defective < 0:
                raise ValidationError(self.env._("Containment quantities cannot be negative."))
            if line.quantity_defective > line.quantity_checked:
                raise ValidationError(
                    self.env._("More pieces sorted out than checked: check the quantities.")
                )
