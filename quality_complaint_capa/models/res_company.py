# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_repeat_days = fields.Integer(
        string="Repeat Window (days)",
        default=365,
        help="A complaint on a product that an 8D addressed within this many days is a repeat.",
    )
