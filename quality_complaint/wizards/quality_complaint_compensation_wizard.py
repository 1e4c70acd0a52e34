# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class QualityComplaintCompensationWizard(models.TransientModel):
    _name = "quality.complaint.compensation.wizard"
    _inherit = ["quality.complaint.remedy.wizard", "quality.complaint.override.wizard"]
    _description = "Grant Complaint Compensation"

    amount = fields.Monetary(
        required=True,
        currency_field="currency_id",
        compute="_compute_amount",
        store=True,
        readonly=False,
        precompute=True,
        compute_sudo=False,
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        compute="_compute_currency_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    reason = fields.Text(required=True)

    @api.depends("complaint_id")
    def _compute_amount(self):
        """By default, what the customer claims."""
        for wizard in self:
            wizard.amount = wizard.complaint_id.amount_claimed

    @api.depends("complaint_id")
    def _compute_currency_id(self):
        """The currency the customer was invoiced in, else the company's."""
        for wizard in self:
            complaint = wizard.complaint_id
            wizard.currency_id = (
                complaint.sudo().invoice_ids[:1].currency_id or complaint.company_id.currency_id
            )

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
                "override_reason": self.override_reason,
            }
        )
        return self._open_document(compensation.move_id or compensation)
