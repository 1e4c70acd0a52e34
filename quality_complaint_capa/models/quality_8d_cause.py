# Copyright 2026 Quality Complaints for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.addons.quality_complaint.models.quality_complaint_defect import SIX_M


class Quality8dCause(models.Model):
    """D4: a cause, why it occurred or why it escaped, down its 5-Why chain."""

    _name = "quality.8d.cause"
    _inherit = ["quality.8d.content.mixin"]
    _description = "8D Root Cause"
    _order = "report_id, sequence, id"

    report_id = fields.Many2one("quality.8d.report", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    cause_type = fields.Selection(
        [("occurrence", "Occurrence"), ("escape", "Escape (not detected)")],
        required=True,
        default="occurrence",
    )
    category = fields.Selection(SIX_M, string="6M Category", required=True, default="method")
    description = fields.Text(required=True)
    why_1 = fields.Char()
    why_2 = fields.Char()
    why_3 = fields.Char()
    why_4 = fields.Char()
    why_5 = fields.Char()
    is_root_cause = fields.Boolean(string="Root Cause", default=True)
    verified = fields.Boolean(help="The cause was reproduced or confirmed by test.")
