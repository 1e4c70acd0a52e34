# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.fields import Command


class QualityComplaintRefundWizard(models.TransientModel):
    _name = "quality.complaint.refund.wizard"
    _inherit = ["quality.complaint.remedy.wizard", "quality.complaint.override.wizard"]
    _description = "Refund Complained Goods"

    invoice_id = fields.Many2one(
        "account.move",
        required=True,
        compute="_compute_invoice_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('id', 'in', allowed_invoice_ids)]",
    )
    allowed_invoice_ids = fields.Many2many(
        "account.move", compute="_compute_allowed_invoice_ids", compute_sudo=True
    )
    currency_id = fields.Many2one(related="invoice_id.currency_id")
    line_ids = fields.One2many(
        "quality.complaint.refund.wizard.line",
        "wizard_id",
        string="Invoice Lines",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("complaint_id")
    def _compute_allowed_invoice_ids(self):
        """The complaint's posted invoices, also those another salesperson issued: who
        handles the complaint may request their refund (finance posts it)."""
        for wizard in self:
            # Computed as superuser for the invoices, but only for a complaint the user reads.
            wizard.complaint_id.with_env(self.env(su=False)).check_access("read")
            wizard.allowed_invoice_ids = wizard.complaint_id._refundable_invoices()

    @api.depends("complaint_id")
    def _compute_invoice_id(self):
        """The complaint's first posted invoice, the one usually refunded."""
        for wizard in self:
            wizard.invoice_id = wizard.complaint_id._refundable_invoices()[:1]

    @api.depends("invoice_id")
    def _compute_line_ids(self):
        """One line per product line of the invoice, pre-filled with the complained quantity."""
        for wizard in self:
            if wizard.invoice_id._origin not in wizard.allowed_invoice_ids._origin:
                wizard.line_ids = [Command.clear()]
                continue
            # Allowed through the complaint, not through the invoice's record rules.
            invoice = wizard.invoice_id.sudo()
            refundable = wizard.complaint_id._refundable_quantities(invoice)
            defaults = wizard.complaint_id._default_refund_quantities(invoice, refundable)
            wizard.line_ids = [Command.clear()] + [
                Command.create(
                    {
                        "invoice_line_id": inv_line.id,
                        "refundable_qty": refundable[inv_line],
                        "quantity": defaults[inv_line],
                    }
                )
                for inv_line in refundable
            ]

    def action_confirm(self):
        """Create the credit note (a draft for finance unless configured) and open it."""
        self._run_once()
        refund = self.complaint_id._create_refund(
            self.invoice_id,
            {line.invoice_line_id: line.quantity for line in self.line_ids},
            override_reason=self.override_reason,
        )
        return self._open_document(refund)


class QualityComplaintRefundWizardLine(models.TransientModel):
    _name = "quality.complaint.refund.wizard.line"
    _description = "Refund Complained Goods Line"

    wizard_id = fields.Many2one(
        "quality.complaint.refund.wizard", required=True, ondelete="cascade"
    )
    invoice_line_id = fields.Many2one("account.move.line", required=True)
    product_id = fields.Many2one(related="invoice_line_id.product_id")
    uom_id = fields.Many2one(related="invoice_line_id.product_uom_id")
    price_unit = fields.Float(related="invoice_line_id.price_unit")
    discount = fields.Float(related="invoice_line_id.discount")
    refundable_qty = fields.Float(digits="Product Unit", readonly=True)
    quantity = fields.Float(string="To Refund", digits="Product Unit")
