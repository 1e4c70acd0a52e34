# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class QualityComplaintCloseWizard(models.TransientModel):
    """Close a complaint although something is still pending: what is pending is shown, a
    complaint manager gives the reason, which the complaint keeps and tracks."""

    _name = "quality.complaint.close.wizard"
    _description = "Close a Complaint Despite What Is Pending"

    complaint_id = fields.Many2one("quality.complaint", required=True, readonly=True)
    pending = fields.Text(compute="_compute_pending", string="Still Pending")
    reason = fields.Text(required=True, help="Why the complaint is closed all the same.")

    @api.depends("complaint_id")
    def _compute_pending(self):
        for wizard in self:
            messages = wizard.complaint_id._closure_blockers().get(wizard.complaint_id, [])
            wizard.pending = "\n".join(f"- {message}" for message in messages)

    def action_confirm(self):
        """Close the complaint for the reason given (complaint managers only)."""
        self.ensure_one()
        self.complaint_id.action_close(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
