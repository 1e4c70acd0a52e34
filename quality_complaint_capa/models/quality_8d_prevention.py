# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class Quality8dPrevention(models.Model):
    """D7: what changes so that it does not happen again, here and on similar products."""

    _name = "quality.8d.prevention"
    _inherit = ["quality.8d.content.mixin"]
    _description = "8D Prevention Item"
    _order = "report_id, id"

    report_id = fields.Many2one("quality.8d.report", required=True, ondelete="cascade", index=True)
    item_type = fields.Selection(
        [
            ("fmea", "FMEA update"),
            ("control_plan", "Control plan update"),
            ("work_instruction", "Work instruction update"),
            ("standard", "Standard / specification"),
            ("horizontal", "Horizontal deployment"),
            ("other", "Other"),
        ],
        required=True,
        default="fmea",
    )
    description = fields.Text(required=True)
    reference = fields.Char(help="Document number and revision.")
    product_ids = fields.Many2many(
        "product.product", string="Similar Products", help="Where the fix is deployed too."
    )
    user_id = fields.Many2one("res.users", string="Responsible")
    date_done = fields.Date(string="Done on")
