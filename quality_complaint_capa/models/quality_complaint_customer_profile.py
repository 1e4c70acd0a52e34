# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .quality_8d_report import REPORT_FORMATS


class QualityComplaintCustomerProfile(models.Model):
    _inherit = "quality.complaint.customer.profile"

    report_format = fields.Selection(
        REPORT_FORMATS,
        required=True,
        default="8d",
        help="The report the customer requires: the 8D printed and sent to it is in this "
        "format (a 4D report shows the team, the problem, the containment and the root "
        "causes).",
    )
