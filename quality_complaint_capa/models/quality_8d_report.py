# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

DISCIPLINES = [
    ("d0", "D0 Preparation"),
    ("d1", "D1 Team"),
    ("d2", "D2 Problem description"),
    ("d3", "D3 Containment"),
    ("d4", "D4 Root cause"),
    ("d5", "D5 Corrective actions"),
    ("d6", "D6 Implementation and verification"),
    ("d7", "D7 Prevention"),
    ("d8", "D8 Closure"),
]


class Quality8dReport(models.Model):
    _name = "quality.8d.report"
    _description = "8D Report"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    title = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    complaint_ids = fields.Many2many(
        "quality.complaint",
        "quality_8d_report_complaint_rel",
        "report_id",
        "complaint_id",
        string="Complaints",
        check_company=True,
    )
    leader_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    discipline = fields.Selection(DISCIPLINES, default="d0", required=True, tracking=True)

    @api.model_create_multi
    def create(self, vals_list):
        """Number 8D reports from their own sequence."""
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("quality.8d.report") or "/"
        return super().create(vals_list)
