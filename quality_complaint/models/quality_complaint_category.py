# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class QualityComplaintCategory(models.Model):
    _name = "quality.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    routing = fields.Selection(
        [
            ("quality", "Quality"),
            ("delivery", "Delivery / lead time"),
            ("service", "Service"),
            ("billing", "Billing"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
        help="Which department handles complaints of this category.",
    )
    company_id = fields.Many2one("res.company", index=True)
    team_id = fields.Many2one(
        "quality.complaint.team",
        string="Default Team",
        help="New complaints of this category go to this team.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Default Responsible",
        domain="[('share', '=', False)]",
    )
    description = fields.Text(translate=True)
