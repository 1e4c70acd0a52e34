# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .quality_8d_report import CLOCK, DISCIPLINES


class QualityComplaintCustomerProfileStep(models.Model):
    """A customer may time the 8D disciplines themselves (for example D3 in 24 hours,
    D4 in 5 days, D8 in 30 days)."""

    _inherit = "quality.complaint.customer.profile.step"

    step = fields.Selection(
        selection_add=[(code, label) for code, label in DISCIPLINES if code in CLOCK],
        ondelete=dict.fromkeys(CLOCK, "cascade"),
    )
