# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class QualityComplaintReturnWizardLine(models.TransientModel):
    _inherit = "quality.complaint.return.wizard.line"

    kit_product_id = fields.Many2one(related="complaint_line_id.kit_product_id")
