# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class QualityComplaintRecordWizard(models.TransientModel):
    """Ask what a complaint's decision needs from the form: why top management returns a
    reply, the result of a re-check, who accepted a concession. The complaint's methods
    decide and refuse; the wizard only collects their arguments."""

    _name = "quality.complaint.record.wizard"
    _description = "Record a Complaint Decision"

    complaint_id = fields.Many2one("quality.complaint", required=True, readonly=True)
    commercial_partner_id = fields.Many2one(related="complaint_id.commercial_partner_id")
    mode = fields.Selection(
        [
            ("reply_return", "Return the reply"),
            ("recheck", "Re-check result"),
            ("concession", "Customer concession"),
        ],
        required=True,
        readonly=True,
    )
    result = fields.Selection([("passed", "Passed"), ("failed", "Failed")])
    accepted_by_id = fields.Many2one(
        "res.partner",
        string="Accepted by",
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
    )
    note = fields.Text()

    @api.model
    def default_get(self, fields_list):
        """The customer's contact of the complaint accepts the concession by default."""
        res = super().default_get(fields_list)
        complaint = self.env["quality.complaint"].browse(res.get("complaint_id"))
        if "accepted_by_id" in fields_list and complaint:
            res["accepted_by_id"] = complaint.partner_id.id
        return res

    def action_confirm(self):
        """Record the decision through the complaint's method."""
        self.ensure_one()
        complaint = self.complaint_id
        if self.mode == "reply_return":
            complaint.action_return_reply(self.note)
        elif self.mode == "recheck":
            complaint.action_record_recheck(self.result, self.note)
        else:
            complaint.action_record_concession(self.accepted_by_id, self.note)
        return {"type": "ir.actions.act_window_close"}
