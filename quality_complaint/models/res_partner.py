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
