# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_reopen_rating = fields.Integer(
        string="Re-open at Rating",
        default=2,
        help="A satisfaction answer rated at or below this level (1 very dissatisfied to 5 very "
        "satisfied) re-opens the complaint.",
    )
    complaint_basic_counts_satisfied = fields.Boolean(
        string="Basically Satisfied Counts as Satisfied",
        default=True,
        help="In the satisfaction rate of the campaigns, count the answers 'basically "
        "satisfied' with the satisfied ones (CNAS practice); otherwise only 'satisfied' counts.",
    )
