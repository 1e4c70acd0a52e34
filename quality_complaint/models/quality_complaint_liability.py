# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .quality_complaint import DEPARTMENTS

PARTY_TYPES = [
    ("company", "Company department"),
    ("supplier", "Supplier"),
    ("carrier", "Carrier"),
]


class QualityComplaintLiability(models.Model):
    """One party's share of the responsibility for a complaint, and so of its cost."""

    _name = "quality.complaint.liability"
    _description = "Complaint Liability Share"
    _order = "complaint_id, sequence, id"
    _check_company_auto = True

    complaint_id = fields.Many2one(
        "quality.complaint", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="complaint_id.currency_id")
    party_type = fields.Selection(PARTY_TYPES, string="Party", required=True, default="company")
    department = fields.Selection(DEPARTMENTS)
    partner_id = fields.Many2one(
        "res.partner",
        string="Supplier / Carrier",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        check_company=True,
    )
    percentage = fields.Float(string="Share (%)", digits=(5, 2), required=True)
    evidence = fields.Text(help="Why this party is liable: test results, inspection, analysis.")
    evidence_attachment_ids = fields.Many2many(
        "ir.attachment",
        "quality_complaint_liability_attachment_rel",
        "liability_id",
        "attachment_id",
        string="Evidence Files",
    )
    amount_liable = fields.Monetary(
        string="Liable Amount",
        compute="_compute_amounts",
        help="This party's share of the complaint's real cost.",
    )
    amount_recovered = fields.Monetary(
        string="Recovered",
        compute="_compute_amounts",
        help="Vendor credit notes made for this share (drafts included), without taxes.",
    )
    amount_pending = fields.Monetary(
        string="Claimed, not yet credited",
        compute="_compute_amounts",
        help="Recoveries waiting for the carrier's answer or for approval.",
    )
    amount_recoverable = fields.Monetary(
        string="Still Recoverable",
        compute="_compute_amounts",
        help="Liable amount minus what is recovered or claimed.",
    )

    _percentage_range = models.Constraint(
        "CHECK(percentage > 0 AND percentage <= 100)",
        "A liability share is a percentage above 0 and at most 100.",
    )

    @api.depends("party_type", "complaint_id")
    def _compute_partner_id(self):
        """A supplier share suggests the supplier the complained lots were bought from."""
        for liability in self:
            if liability.party_type == "company":
                liability.partner_id = False
            elif liability.party_type == "supplier" and not liability.partner_id:
                liability.partner_id = liability.complaint_id._traced_suppliers()[:1]

    @api.depends("percentage", "complaint_id")
    def _compute_amounts(self):
        """Liable share of the real cost; recovered and pending amounts, in a few queries."""
        recovered, pending = self.complaint_id._recovery_amounts_by_liability()
        for liability in self:
            rounding = liability.currency_id or self.env.company.currency_id
            liable = rounding.round(liability.complaint_id.cost_total * liability.percentage / 100)
            liability.amount_liable = liable
            liability.amount_recovered = recovered.get(liability.id, 0.0)
            liability.amount_pending = pending.get(liability.id, 0.0)
            liability.amount_recoverable = (
                liable - liability.amount_recovered - liability.amount_pending
                if liability.party_type != "company"
                else 0.0
            )

    @api.constrains("party_type", "partner_id", "department")
    def _check_party(self):
        for liability in self:
            if liability.party_type != "company" and not liability.partner_id:
                raise ValidationError(
                    self.env._(
                        "Complaint %s: name the liable supplier or carrier of each share.",
                        liability.complaint_id.name,
                    )
                )

    @api.constrains("percentage")
    def _check_total(self):
        self.complaint_id._check_liability_total()

    def _display_party(self):
        self.ensure_one()
        if self.party_type == "company":
            labels = dict(self._fields["department"]._description_selection(self.env))
            return labels.get(self.department) or self.env._("Company")
        return self.partner_id.display_name

    # ------------------------------------------------------------ traceability
    def _traced_receipt_lines(self):
        """Receipt move lines of the complained lots bought from this share's supplier."""
        self.ensure_one()
        supplier = self.partner_id.commercial_partner_id
        return self.complaint_id._traced_receipt_lines().filtered(
            lambda ml: ml.move_id.purchase_line_id.order_id.partner_id.commercial_partner_id
            == supplier
        )

    def _recovery_receipts(self):
        """Receipts of the complained lots from this share's supplier, most recent first."""
        return self._traced_receipt_lines().picking_id

    def _recovery_bill(self):
        """The posted vendor bill of the complained lots from this share's supplier, if any."""
        bills = self._traced_receipt_lines().move_id.purchase_line_id.invoice_lines.move_id
        return bills.filtered(lambda m: m.move_type == "in_invoice" and m.state == "posted").sorted(
            lambda m: (m.invoice_date or m.date, m.id), reverse=True
        )[:1]
