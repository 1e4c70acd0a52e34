# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class QualityComplaintCategory(models.Model):
    _inherit = "quality.complaint.category"

    require_8d = fields.Boolean(
        string="Requires an 8D",
        help="Company-responsible complaints of this category are closed only with an 8D.",
    )
