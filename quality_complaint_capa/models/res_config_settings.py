# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    eightd_effectiveness_days = fields.Integer(
        related="company_id.eightd_effectiveness_days", readonly=False
    )
