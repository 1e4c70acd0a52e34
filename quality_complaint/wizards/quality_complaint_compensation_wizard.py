# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class QualityComplaintCompensationWizard(models.TransientModel):
    _name = "quality.complaint.compensation.wizard"
    _inherit = ["quality.complaint.remedy.wizard"]
    _description = "Grant Complaint Compensation"

    amount = fields.Monetary(required=True, currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", required=True)
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        complaint = self.env["quality.complaint"].browse(res.get("complaint_id"))
        if complaint:
            res["currency_id"] = (
                complaint.sudo().invoice_ids[:1].currency_id or complaint.company_id.currency_id
            ).id
            res.setdefault("amount", complaint.amount_claimed)
        return res

    def action_confirm(self):
        """Record the compensation; it is credited at once or waits for approval."""
        self._run_once()
        self.complaint_id._lock_for_remedy()
        compensation = self.env["quality.complaint.compensation"].create(
            {
                "complaint_id": self.complaint_id.id,
                "amount": self.amount,
                "currency_id": self.currency_id.id,
                "reason": self.reason,
            }
        )
        return self._open_document(compensation.move_id or compensation)
