# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

COST_LINE_KINDS = [
    ("return_freight", "Freight of a return"),
    ("redelivery_freight", "Freight of a re-delivery"),
    ("rework", "Rework"),
    ("other", "Other"),
]


class QualityComplaintCostLine(models.Model):
    """A cost of a complaint that no Odoo document carries: freight paid without a vendor
    bill of our own, the hours of a rework, a sorting at the customer's site. Together with
    the documents, it makes the complaint's cost (the cost report is the one definition)."""

    _name = "quality.complaint.cost.line"
    _description = "Complaint Cost Line"
    _order = "complaint_id, date desc, id desc"
    _check_company_auto = True

    complaint_id = fields.Many2one(
        "quality.complaint", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True, string="Company"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    kind = fields.Selection(COST_LINE_KINDS, required=True, default="other")
    name = fields.Char(string="Description", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    amount = fields.Monetary(
        required=True, currency_field="currency_id", help="In the company's currency."
    )
    account_id = fields.Many2one(
        "account.account",
        check_company=True,
        help="The expense account the cost is booked on, when it is booked.",
    )
    partner_id = fields.Many2one("res.partner", help="Who is paid, for example the carrier.")

    _amount_positive = models.Constraint("CHECK(amount > 0)", "A cost line's amount is above zero.")

    @api.model_create_multi
    def create(self, vals_list):
        """Costs are recorded on open complaints; a manager may add a late one."""
        lines = super().create(vals_list)
        lines._ensure_open_complaint()
        return lines

    def write(self, vals):
        self._ensure_open_complaint()
        res = super().write(vals)
        if "complaint_id" in vals:
            self._ensure_open_complaint()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed_complaint(self):
        self._ensure_open_complaint()

    def _ensure_open_complaint(self):
        """A closed complaint's cost is settled: only a complaint manager changes it (a
        carrier's late invoice, a correction)."""
        if self.env.is_superuser() or self.env.user.has_group(
            "quality_complaint.quality_complaint_group_manager"
        ):
            return
        closed = self.complaint_id.filtered("is_closed")
        if closed:
            raise UserError(
                self.env._(
                    "Complaint %s is closed: ask a complaint manager to change its costs.",
                    closed[0].name,
                )
            )
