# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class Quality8dCloseEarlyWizard(models.TransientModel):
    _name = "quality.8d.close.early.wizard"
    _description = "Close an 8D Before Its Effectiveness Window Ended"

    report_id = fields.Many2one("quality.8d.report", required=True)
    date_effectiveness_due = fields.Date(related="report_id.date_effectiveness_due")
    effectiveness_repeat_ids = fields.Many2many(related="report_id.effectiveness_repeat_ids")
    reason = fields.Text(required=True)

    def action_close_early(self):
        """The approver's decision, with its reason, on the 8D."""
        self.ensure_one()
        self.report_id.action_close_early(self.reason)
        return {"type": "ir.actions.act_window_close"}
