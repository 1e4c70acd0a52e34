# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_reopen_rating = fields.Integer(
        related="company_id.complaint_reopen_rating", readonly=False
    )
    complaint_basic_counts_satisfied = fields.Boolean(
        related="company_id.complaint_basic_counts_satisfied", readonly=False
    )
