# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class RepairOrder(models.Model):
    _inherit = "repair.order"

    complaint_id = fields.Many2one(
        "quality.complaint",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="The customer complaint whose returned goods this repair reworks.",
    )

    def action_repair_done(self):
        """A repair of complained goods that ends is their quality re-check: the complaint
        records it as passed, so the goods may go back to the customer."""
        res = super().action_repair_done()
        self.filtered("complaint_id").complaint_id._record_repair_recheck(
            self.filtered("complaint_id")
        )
        return res

    @api.readonly
    def action_view_complaint(self):
        """Open the complaint of this repair."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality.complaint",
            "res_id": self.complaint_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
