# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "quality.complaint.source.mixin"]
    _complaint_field = "sale_order_ids"

    complaint_ids = fields.Many2many(
        "quality.complaint",
        "quality_complaint_sale_order_rel",
        "order_id",
        "complaint_id",
        string="Complaints",
        copy=False,
        groups="quality_complaint.quality_complaint_group_user",
    )

    remedy_complaint_id = fields.Many2one(
        "quality.complaint",
        string="Replacement for Complaint",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The complaint this zero-priced replacement order was made for.",
    )

    def _complaint_documents(self):
        pickings = self.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state == "done"
        )
        invoices = self.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )
        return {"sale_orders": self, "pickings": pickings, "invoices": invoices}
