# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AccountMoveReversal(models.TransientModel):
    """A complaint's refund is Odoo's own reversal of the invoice: the same credit note,
    the same "reversed" note on the invoice, and the same cost, with the complaint's
    reference and link added to the credit note."""

    _inherit = "account.move.reversal"

    complaint_id = fields.Many2one(
        "quality.complaint",
        readonly=True,
        help="The complaint whose refund this reversal makes.",
    )

    def _prepare_default_reversal(self, move):
        """The complaint's own values of its credit note (``_prepare_refund_vals``)."""
        vals = super()._prepare_default_reversal(move)
        if self.complaint_id:
            vals.update(self.complaint_id._prepare_refund_vals(move))
        return vals
