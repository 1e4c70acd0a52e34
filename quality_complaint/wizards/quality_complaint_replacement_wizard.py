# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class QualityComplaintReplacementWizard(models.TransientModel):
    _name = "quality.complaint.replacement.wizard"
    _inherit = ["quality.complaint.remedy.wizard"]
    _description = "Replace Complained Goods"

    method = fields.Selection(
        [("delivery", "Delivery"), ("order", "Zero-priced sales order")],
        required=True,
        default="delivery",
        help="A delivery ships the goods straight away; a zero-priced sales order follows the "
        "usual order flow (routes, order confirmation to the customer) and invoices nothing.",
    )
    date_required = fields.Date(
        string="Required by Customer",
        required=True,
        default=fields.Date.context_today,
        help="The date the customer needs the goods by: the delivery's scheduled date; a "
        "replacement delivered on or before it is on time.",
    )
    line_ids = fields.One2many(
        "quality.complaint.replacement.wizard.line",
        "wizard_id",
        string="Products",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
        precompute=True,
        compute_sudo=False,
    )

    def action_confirm(self):
        """Create the replacement delivery (or order) and open it."""
        self._run_once()
        quantities = {line.complaint_line_id: line.quantity for line in self.line_ids}
        if self.method == "order":
            return self._open_document(
                self.complaint_id._create_replacement_order(quantities, self.date_required)
            )
        return self._open_document(
            self.complaint_id._create_replacement(quantities, self.date_required)
        )


class QualityComplaintReplacementWizardLine(models.TransientModel):
    _name = "quality.complaint.replacement.wizard.line"
    _description = "Replace Complained Goods Line"

    wizard_id = fields.Many2one(
        "quality.complaint.replacement.wizard", required=True, ondelete="cascade"
    )
    complaint_line_id = fields.Many2one("quality.complaint.line", required=True)
    product_id = fields.Many2one(related="complaint_line_id.product_id")
    uom_id = fields.Many2one(related="complaint_line_id.uom_id")
    quantity = fields.Float(digits="Product Unit")
