# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "quality.complaint.source.mixin"]
    _complaint_field = "picking_ids"

    complaint_ids = fields.Many2many(
        "quality.complaint",
        "quality_complaint_picking_rel",
        "picking_id",
        "complaint_id",
        string="Complaints",
        copy=False,
        groups="quality_complaint.quality_complaint_group_user",
    )

    def _complaint_documents(self):
        orders = self.sale_id
        invoices = orders.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )
        return {"sale_orders": orders, "pickings": self, "invoices": invoices}
