# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


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

    recovery_complaint_id = fields.Many2one(
        "quality.complaint",
        string="Cost Recovery of Complaint",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The complaint whose cost this vendor credit note charges back.",
    )
    recovery_id = fields.Many2one(
        "quality.complaint.recovery",
        string="Complaint Recovery",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
    recovery_liability_id = fields.Many2one(
        related="recovery_id.liability_id", store=True, index="btree_not_null"
    )

    freight_complaint_id = fields.Many2one(
        "quality.complaint",
        string="Freight of Complaint",
        index="btree_not_null",
        copy=False,
        check_company=True,
        help="The complaint whose return or re-delivery this carrier's bill charges: its "
        "posted amount, without taxes, is freight in the complaint's cost.",
    )
    complaint_freight_kind = fields.Selection(
        [
            ("return_freight", "Freight of a return"),
            ("redelivery_freight", "Freight of a re-delivery"),
        ],
        string="Freight for",
        compute="_compute_complaint_freight_kind",
        store=True,
        readonly=False,
        copy=False,
    )

    complaint_credit_note_count = fields.Integer(
        compute="_compute_complaint_credit_note_count",
        groups="quality_complaint.quality_complaint_group_user",
    )

    @api.depends("freight_complaint_id")
    def _compute_complaint_freight_kind(self):
        """A carrier's bill linked to a complaint is the return's freight unless told it
        is the re-delivery's; unlinked, it is no freight."""
        for move in self:
            if not move.freight_complaint_id:
                move.complaint_freight_kind = False
            elif not move.complaint_freight_kind:
                move.complaint_freight_kind = "return_freight"

    def _compute_complaint_credit_note_count(self):
        """Credit notes that complaints made against these invoices, in one query."""
        counts = dict(
            self.env["account.move"]._read_group(
                [
                    ("reversed_entry_id", "in", self.ids),
                    ("remedy_complaint_id", "!=", False),
                    ("state", "!=", "cancel"),
                ],
                ["reversed_entry_id"],
                ["__count"],
            )
        )
        for move in self:
            move.complaint_credit_note_count = counts.get(move, 0)

    @api.readonly
    def action_view_complaint_credit_notes(self):
        """Open the credit notes complaints made against this invoice."""
        self.ensure_one()
        refunds = self.env["account.move"].search(
            [("reversed_entry_id", "=", self.id), ("remedy_complaint_id", "!=", False)]
        )
        return self.env["quality.complaint"]._action_open_documents(
            refunds, "account.action_move_out_refund_type"
        )

    def _complaint_documents(self):
        orders = self.invoice_line_ids.sale_line_ids.order_id
        pickings = orders.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state == "done"
        )
        return {"sale_orders": orders, "pickings": pickings, "invoices": self}
