# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..models.quality_complaint import CHANNELS


class QualityComplaintConfirmationWizard(models.TransientModel):
    """Record the customer's answer to the resolution as the handler heard it (a reply
    to the e-mail, a call, a visit): accepted, or not resolved with what is still wrong."""

    _name = "quality.complaint.confirmation.wizard"
    _description = "Record the Customer's Answer to a Resolution"

    complaint_id = fields.Many2one("quality.complaint", required=True, readonly=True)
    accepted = fields.Boolean(
        string="Resolved for the Customer",
        default=True,
        help="Leave unticked when the customer says the complaint is not resolved.",
    )
    channel = fields.Selection(CHANNELS, required=True, default="email", string="Answered through")
    date = fields.Datetime(string="Answered on", required=True, default=fields.Datetime.now)
    comment = fields.Text(string="Customer's Answer")

    def action_confirm(self):
        """Record the answer on the complaint."""
        self.ensure_one()
        self.complaint_id.action_record_confirmation(
            self.accepted, comment=self.comment, channel=self.channel, date=self.date
        )
        return {"type": "ir.actions.act_window_close"}
