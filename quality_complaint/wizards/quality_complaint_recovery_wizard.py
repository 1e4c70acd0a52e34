# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class QualityComplaintRecoveryWizard(models.TransientModel):
    _name = "quality.complaint.recovery.wizard"
    _inherit = ["quality.complaint.remedy.wizard"]
    _description = "Recover a Complaint's Cost"

    liability_id = fields.Many2one(
        "quality.complaint.liability",
        string="Liable Party",
        required=True,
        compute="_compute_liability_id",
        store=True,
        readonly=False,
        precompute=True,
        compute_sudo=False,
        domain="[('complaint_id', '=', complaint_id), ('party_type', '!=', 'company')]",
    )
    party_type = fields.Selection(related="liability_id.party_type")
    partner_id = fields.Many2one(related="liability_id.partner_id")
    currency_id = fields.Many2one(related="complaint_id.currency_id")
    amount_recoverable = fields.Monetary(related="liability_id.amount_recoverable")
    # Precomputed: required, they must have their value when created from the complaint alone.
    amount = fields.Monetary(
        compute="_compute_amount", store=True, readonly=False, required=True, precompute=True
    )
    reason = fields.Text(
        required=True, compute="_compute_amount", store=True, readonly=False, precompute=True
    )
    reference = fields.Char(help="The carrier's claim number or the supplier's reference.")
    contact_id = fields.Many2one(
        "res.partner",
        compute="_compute_contact_id",
        store=True,
        readonly=False,
        help="Who receives the corrective-action request.",
    )
    request_corrective_action = fields.Boolean(
        default=True,
        help="E-mail the supplier's contact a request to analyse and remove the cause.",
    )
    return_to_supplier = fields.Boolean(
        help="Return the complained lots to the supplier through the return of their receipt."
    )
    line_ids = fields.One2many(
        "quality.complaint.recovery.wizard.line",
        "wizard_id",
        string="Goods to Return",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
        precompute=True,
        compute_sudo=False,
    )

    @api.depends("complaint_id")
    def _compute_liability_id(self):
        """The complaint's first supplier or carrier liable for a share of its cost."""
        for wizard in self:
            wizard.liability_id = wizard.complaint_id.liability_ids.filtered(
                lambda lb: lb.party_type != "company"
            )[:1]

    @api.depends("liability_id")
    def _compute_amount(self):
        """By default, everything still recoverable from the liable party."""
        for wizard in self:
            liability = wizard.liability_id
            wizard.amount = max(liability.amount_recoverable, 0.0)
            wizard.reason = liability.evidence or wizard.complaint_id.subject

    @api.depends("liability_id")
    def _compute_contact_id(self):
        """The contact of the purchase order of the lots, else the liable party itself."""
        for wizard in self:
            lines = (
                wizard.liability_id._traced_receipt_lines()
                if wizard.party_type == "supplier"
                else self.env["stock.move.line"]
            )
            wizard.contact_id = (
                lines.move_id.purchase_line_id.order_id.partner_id[:1]
                or wizard.liability_id.partner_id
            )

    def action_confirm(self):
        """Record the recovery: a supplier charge-back is credited at once or waits for
        approval; a carrier claim starts as a draft to send."""
        self._run_once()
        complaint = self.complaint_id
        complaint._lock_for_remedy()
        if self.currency_id.compare_amounts(self.amount, 0.0) <= 0:
            raise UserError(
                self.env._(
                    "Enter the amount to recover from %s; nothing is recovered for nothing.",
                    self.partner_id.display_name,
                )
            )
        recovery = self.env["quality.complaint.recovery"].create(self._prepare_recovery_vals())
        if self.party_type == "supplier":
            recovery._request_credit()
            if self.return_to_supplier:
                recovery._create_supplier_return(
                    {line.complaint_line_id: line.quantity for line in self.line_ids}
                )
            if self.request_corrective_action:
                recovery._request_corrective_action()
        return self._open_document(recovery)

    def _prepare_recovery_vals(self):
        return {
            "complaint_id": self.complaint_id.id,
            "liability_id": self.liability_id.id,
            "amount": self.amount,
            "reason": self.reason,
            "reference": self.reference,
            "contact_id": self.contact_id.id,
        }

    @api.model
    def _default_lines(self, complaint):
        """Only lots go back to the supplier: the lines that name one."""
        return complaint.line_ids.filtered("lot_id")


class QualityComplaintRecoveryWizardLine(models.TransientModel):
    _name = "quality.complaint.recovery.wizard.line"
    _description = "Goods Returned to the Supplier"

    wizard_id = fields.Many2one(
        "quality.complaint.recovery.wizard", required=True, ondelete="cascade"
    )
    complaint_line_id = fields.Many2one("quality.complaint.line", required=True)
    product_id = fields.Many2one(related="complaint_line_id.product_id")
    lot_id = fields.Many2one(related="complaint_line_id.lot_id")
    uom_id = fields.Many2one(related="complaint_line_id.uom_id")
    quantity = fields.Float(digits="Product Unit")
