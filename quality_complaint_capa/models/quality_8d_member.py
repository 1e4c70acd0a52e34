# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class Quality8dMember(models.Model):
    """D1: the cross-functional team."""

    _name = "quality.8d.member"
    _inherit = ["quality.8d.content.mixin"]
    _description = "8D Team Member"
    _order = "report_id, sequence, id"

    report_id = fields.Many2one("quality.8d.report", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    user_id = fields.Many2one("res.users", domain="[('share', '=', False)]")
    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, required=True, precompute=True
    )
    department = fields.Char()
    role = fields.Selection(
        [
            ("leader", "Team leader"),
            ("champion", "Champion / sponsor"),
            ("member", "Member"),
            ("expert", "Expert"),
            ("customer", "Customer representative"),
            ("supplier", "Supplier representative"),
        ],
        default="member",
        required=True,
    )

    @api.depends("user_id")
    def _compute_name(self):
        for member in self:
            if member.user_id:
                member.name = member.user_id.name
