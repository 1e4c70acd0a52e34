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
    remedy_complaint_id = fields.Many2one(
        "quality.complaint",
        string="Remedy of Complaint",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The complaint this return or replacement was made for.",
    )
    recovery_complaint_id = fields.Many2one(
        "quality.complaint",
        string="Return to Supplier of Complaint",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The complaint whose defective goods this picking returns to the supplier.",
    )
    complaint_remedy = fields.Selection(
        [("return", "Return"), ("replacement", "Replacement")], copy=False, readonly=True
    )
    complaint_date_required = fields.Date(
        string="Required by Customer",
        copy=False,
        readonly=True,
        help="The date the customer needs the replacement by: a replacement delivered on or "
        "before it is on time.",
    )

    # The on-time replacement rate reads the done replacements by delivery date.
    _complaint_replacement_done_idx = models.Index(
        "(date_done) INCLUDE (complaint_date_required, remedy_complaint_id) "
        "WHERE complaint_remedy = 'replacement' AND state = 'done'"
    )

    def _complaint_documents(self):
        orders = self.sale_id
        invoices = orders.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )
        return {"sale_orders": orders, "pickings": self, "invoices": invoices}

    def _action_done(self):
        """A received return starts the "returned goods inspected" deadline of its
        complaint."""
        res = super()._action_done()
        returns = self.filtered(
            lambda p: p.state == "done" and p.complaint_remedy == "return" and p.remedy_complaint_id
        )
        if returns:
            self.env["quality.complaint"].sudo()._start_inspection_clock(returns)
        return res
