# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class QualityComplaintCategory(models.Model):
    _inherit = "quality.complaint.category"

    survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Survey",
        help="Survey sent to the complaint contact when a complaint of this category is closed; "
        "leave empty to send none.",
    )
