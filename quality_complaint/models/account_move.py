# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "quality.complaint.source.mixin"]
    _complaint_field = "invoice_ids"

    complaint_ids = fields.Many2many(
        "quality.complaint",
        "quality_complaint_invoice_rel",
        "move_id",
        "complaint_id",
        string="Complaints",
        copy=False,
        groups="quality_complaint.quality_complaint_group_user",
    )
    remedy_complaint_id = fields.Many2one(
        "quality.complaint",
        string="Remedy of Complaint",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The complaint this refund or compensation credit note was made for.",
    )
    complaint_remedy = fields.Selection(
        [("refund", "Refund"), ("compensation", "Compensation")], copy=False, readonly=True
    )

    def _complaint_documents(self):
        orders = self.invoice_line_ids.sale_line_ids.order_id
        pickings = orders.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state == "done"
        )
        return {"sale_orders": orders, "pickings": pickings, "invoices": self}
