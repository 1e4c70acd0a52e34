# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    eightd_effectiveness_days = fields.Integer(
        string="8D Effectiveness Window (days)",
        default=90,
        help="An 8D closes (D8) only this many days after its prevention (D7) was closed, "
        "and only if no repeat complaint on the same product and defect code was received "
        "meanwhile; an 8D approver may close it earlier with a reason. 0: D8 closes as soon "
        "as D7 is closed.",
    )

    _eightd_effectiveness_days_positive = models.Constraint(
        "CHECK(eightd_effectiveness_days >= 0)",
        "The 8D effectiveness window is a number of days, 0 or more.",
    )
