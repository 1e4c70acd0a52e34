# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class Quality8dRejectWizard(models.TransientModel):
    _name = "quality.8d.reject.wizard"
    _description = "Reject an 8D Analysis"

    report_id = fields.Many2one("quality.8d.report", required=True)
    reason = fields.Text(required=True)

    def action_reject(self):
        """Send the 8D back to its team with the reason."""
        self.ensure_one()
        self.report_id.action_reject(self.reason)
        return {"type": "ir.actions.act_window_close"}
