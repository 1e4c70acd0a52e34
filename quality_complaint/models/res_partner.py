# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_key_account = fields.Boolean(
        string="Key Account",
        help="Key accounts' complaints get priority, a tighter response clock and are "
        "followed by their account manager.",
    )
    key_account_manager_id = fields.Many2one(
        "res.users", string="Account Manager", domain="[('share', '=', False)]"
    )

    def signup_prepare(self, signup_type="signup"):
        """Write only the customers whose token type changes.

        Every message of a portal document (a complaint, its order) sent to a customer
        without a user prepares the customer's sign-up token, which writes the customer's
        row even when nothing changes: with many complaints of one key account handled at
        once, that row becomes a hot spot where concurrent transactions must be retried.
        """
        changed = self.filtered(lambda partner: partner.sudo().signup_type != signup_type)
        return super(ResPartner, changed).signup_prepare(signup_type)
